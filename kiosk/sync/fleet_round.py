"""The kiosks of ``kiosk bench fleet``: a group of sync clients run by one process, each with its own cache
file, client certificate and HTTPS connection, all at once (one thread each).

Run in worker processes (``ProcessPoolExecutor``), so that the kiosks' verifying and applying is spread
over the machine's cores rather than queued behind one interpreter lock, as separate kiosks would be.
"""

from __future__ import annotations

import hashlib
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx


@dataclass(frozen=True)
class KioskJob:
    kiosk_id: str
    cache: str
    credentials: str  # the kiosk's TLS credentials folder
    outbox_items: int = 0  # queued and pushed before the sync
    address: str = "127.0.0.1"  # the loopback address it connects from: one per kiosk, as in the field


@dataclass(frozen=True)
class Round:
    url: str
    algorithm: str
    district_pub_hex: str
    batch_size: int
    jobs: tuple[KioskJob, ...]
    #: The outbox items' kind: one per bench run, so a reused gateway database counts only this run's.
    note_kind: str = "bench-note"


def cache_digest(cache: Any) -> tuple[int, str]:
    """(records, sha256 of every record's id, title and date in id order): what is compared with the gateway."""
    digest = hashlib.sha256()
    n = 0
    for record_id, title, date in cache.conn.execute("SELECT record_id, title, date FROM records ORDER BY record_id"):
        digest.update(f"{record_id}\t{title}\t{date}\n".encode())
        n += 1
    return n, digest.hexdigest()


def _one(job: KioskJob, round_: Round) -> dict[str, Any]:
    import hashlib

    from kiosk.archive.cache import ArchiveCache
    from kiosk.crypto.keys import verifier_for
    from kiosk.errors import KioskError
    from kiosk.storage import StorageKey
    from kiosk.sync.client import GatewayClient
    from kiosk.sync.outbox import Outbox
    from kiosk.sync.syncer import SyncClient
    from kiosk.tls.credentials import Credentials

    started = time.perf_counter()
    out: dict[str, Any] = {"kiosk": job.kiosk_id, "applied": 0, "pushed": 0, "error": None}
    # Encrypted as a kiosk's cache is; a bench key per simulated kiosk, the same in every round it syncs.
    cache = ArchiveCache(job.cache, key=StorageKey(hashlib.sha256(f"bench kiosk {job.cache}".encode()).digest()))
    client = None
    try:
        tls = Credentials.load(job.credentials).client_context()
        # Every kiosk from an address of its own: the gateway limits connections per client address.
        transport = httpx.HTTPTransport(verify=tls, local_address=job.address)
        gateway = GatewayClient(round_.url, tls=tls, transport=transport)
        client = SyncClient(cache, gateway, verifier_for(round_.algorithm, round_.district_pub_hex),
                            batch_limit=round_.batch_size)
        if job.outbox_items:
            outbox = Outbox(cache)
            for i in range(job.outbox_items):
                outbox.enqueue(round_.note_kind, {"kiosk": job.kiosk_id, "n": i}, key=f"{job.kiosk_id}-{time.time_ns()}-{i}")
            pushed = outbox.push(client.gateway)
            out["pushed"] = pushed.get("pushed", 0)
            if pushed.get("rejected"):
                out["error"] = "OUTBOX_REJECTED"
        result = client.sync_once()
        out["applied"] = result.applied + result.deleted
        out["records"], out["digest"] = cache_digest(cache)
    except KioskError as e:
        out["error"] = e.code
        out["error_message"] = e.message
    except Exception as e:  # noqa: BLE001 - a bench counts every failure, whatever it is
        out["error"] = type(e).__name__
        out["error_message"] = str(e)[:300]
    finally:
        if client is not None:
            client.gateway.close()
        cache.close()
    out["elapsed_s"] = time.perf_counter() - started
    return out


def loopback_address(n: int) -> str:
    """The ``n``-th kiosk's own address in 127.0.0.0/8 (all of it reaches this machine on Linux)."""
    return f"127.1.{n // 250}.{n % 250 + 1}"


def run_round(round_: Round) -> list[dict[str, Any]]:
    """Every kiosk of the group at once; one result per kiosk."""
    for job in round_.jobs:
        Path(job.cache).parent.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(len(round_.jobs), thread_name_prefix="kiosk") as pool:
        return list(pool.map(lambda job: _one(job, round_), round_.jobs))


def ready() -> bool:
    """A first task for each worker process, so they are all started before the kiosks' clock runs."""
    import kiosk.archive.cache  # noqa: F401
    import kiosk.sync.syncer  # noqa: F401

    return True
