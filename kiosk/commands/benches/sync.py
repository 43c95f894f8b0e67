"""`kiosk bench sync`: an initial sync of N records from a real gateway on loopback, then a 10k-change delta.

The gateway is ``kiosk gateway serve`` in its own process (as in the field, it does not share the
kiosk's interpreter); the kiosk side runs in this process and is timed from its first request to its last
commit, page blobs included. Seeding the archive is set-up and not part of either figure.
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.benches.parts.storage_cost import sync_cost
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import UsageError
from kiosk.storage import StorageKey

HELP = "initial sync records/s (goal ≥ 20,000) and a 10k-change delta (goal < 1 s) on loopback"
RECORDS_PER_S_GOAL = 20000.0
DELTA_GOAL_MS = 1000.0
RECORDS_PER_RESIDENT = 4.4  # what the synthetic archive averages


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--records", type=at.number(int, minimum=1, maximum=100_000_000), default=100000,
                   help="records in the archive (default 100000)")
    p.add_argument("--changes", type=at.number(int, minimum=0, maximum=100_000_000), default=10000,
                   help="changes in the delta (default 10000)")
    p.add_argument("--batch-size", type=at.number(int, minimum=1, maximum=1_000_000), default=5000,
                   help="operations per batch (default 5000)")
    p.add_argument("--algorithm", choices=("sm2", "ed25519"), default="sm2", help="district key (default sm2)")
    p.add_argument("--db", type=at.database, help="gateway database (default: a SQLite file in a temporary folder); "
                                "a postgresql:// URL runs the same bench on PostgreSQL (its tables are reused)")
    add_json_flag(p)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_gateway(db: str, credentials: Path, batch_size: int) -> tuple[subprocess.Popen, str]:
    from kiosk.gateway.server import wait_serving
    from kiosk.tls.credentials import anonymous_context

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "gateway", "serve", "--db", db, "--credentials",
                             str(credentials), "--port", str(port), "--batch-size", str(batch_size)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"https://127.0.0.1:{port}"
    try:
        wait_serving(url, anonymous_context(credentials / "ca.pem"), 30)
    except Exception:
        proc.kill()
        raise
    return proc, url


def run(args: argparse.Namespace) -> int:
    from kiosk.archive.cache import ArchiveCache
    from kiosk.crypto.keys import generate, save_pair, verifier_for
    from kiosk.gateway.seed import churn, seed_archive
    from kiosk.gateway.stores import open_store
    from kiosk.sync.syncer import SyncClient
    from kiosk.tls import pki
    from kiosk.tls.credentials import Credentials
    from kiosk.tls.district import issue_gateway, issue_kiosk

    if args.records < 100 or args.changes < 10 or args.batch_size < 1:
        raise UsageError("--records must be at least 100, --changes at least 10, --batch-size positive")
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-sync-") as tmp:
        folder = Path(tmp)
        district = generate(args.algorithm)
        save_pair(district, folder / "district.key", folder / "district.pub")
        pki.save_authority(pki.make_authority("330106"), folder)
        issue_gateway(folder, "330106", ("127.0.0.1",), folder / "gateway")
        issue_kiosk(folder, "bench-01", folder / "kiosk")
        db = args.db or str(folder / "gateway.sqlite")
        store = open_store(db)
        started = time.perf_counter()
        seed_archive(store, residents_wanted=max(3, round(args.records / RECORDS_PER_RESIDENT)), page_images_for=0)
        gateway_records = store.count("record")
        seed_s = time.perf_counter() - started
        proc, url = _start_gateway(db, folder / "gateway", args.batch_size)
        cache = ArchiveCache(folder / "cache.sqlite", key=StorageKey.generate())  # encrypted, as a kiosk's
        client = SyncClient(cache, url, verifier_for(district.algorithm, district.public_hex),
                            batch_limit=args.batch_size, tls=Credentials.load(folder / "kiosk").client_context())
        load = os.getloadavg()[0]
        try:
            cpu = time.process_time()
            initial = client.sync_once()
            initial_cpu_s = time.process_time() - cpu
            initial_equal = cache.count() == gateway_records
            changed = churn(store, args.changes)
            gateway_after = store.count("record")
            cpu = time.process_time()
            delta = client.sync_once()
            delta_cpu_s = time.process_time() - cpu
            delta_equal = cache.count() == gateway_after
            integrity = cache.integrity_ok()
            encryption = sync_cost(url, client.verifier, args.batch_size, folder,
                                   tls=Credentials.load(folder / "kiosk").client_context())
            from kiosk.commands.benches.sync_parts import wire

            bare_s, bare_records = wire.bare_load_s(store, folder / "bare.sqlite")
            link = wire.throttled(folder, url, verifier_for(district.algorithm, district.public_hex),
                                  Credentials.load(folder / "kiosk").client_context(), args.batch_size)
        finally:
            client.gateway.close()
            cache.close()
            store.close()
            proc.terminate()
            proc.wait(10)
        from kiosk.commands.benches.sync_parts.tls import tls_cost

        tls_vs_plain = tls_cost(folder, db, args.batch_size)
    gateway_cpu_s = resource.getrusage(resource.RUSAGE_CHILDREN)
    records_per_s = initial.applied / (initial.elapsed_ms / 1000)
    result: dict[str, Any] = {
        "records": gateway_records, "records_per_s": round(records_per_s), "initial_ms": initial.elapsed_ms,
        "initial_batches": initial.batches, "blobs": initial.blobs,
        # CPU seconds of the kiosk side: on a shared machine they show what the wall-clock figures would be
        # with the CPUs to ourselves.
        "initial_kiosk_cpu_s": round(initial_cpu_s, 2),
        "records_per_kiosk_cpu_s": round(initial.applied / initial_cpu_s),
        "gateway_cpu_s": round(gateway_cpu_s.ru_utime + gateway_cpu_s.ru_stime, 2), "load_average": round(load, 2),
        "tls_vs_plain": tls_vs_plain,
        # the sync's records/s against a bare bulk load of the same records (after the delta: a few more)
        "sync_vs_bare": round(records_per_s / (bare_records / bare_s), 3) if bare_s else None,
        "bare_records_per_s": round(bare_records / bare_s) if bare_s else None, "throttled": link,
        "delta_10k_ms": delta.elapsed_ms, "delta_kiosk_cpu_ms": round(delta_cpu_s * 1000, 1),
        "delta_changes": sum(changed.values()), "delta_applied": delta.applied,
        "delta_deleted": delta.deleted, "counts_equal": initial_equal and delta_equal, "integrity_ok": integrity,
        "batch_size": args.batch_size, "algorithm": district.algorithm, "gateway_db": "postgresql" if
        db.startswith("postgres") else "sqlite", "seed_s": round(seed_s, 1), "cpus": os.cpu_count(),
        "goal_records_per_s": RECORDS_PER_S_GOAL, "goal_delta_ms": DELTA_GOAL_MS,
        "within_goal": records_per_s >= RECORDS_PER_S_GOAL and delta.elapsed_ms < DELTA_GOAL_MS,
        # The initial sync into an encrypted cache and into a plain one, in turn: the cost of encryption.
        "encryption": encryption, "encrypted_vs_plain": encryption["ratio"],
        "encrypted_vs_plain_cpu": encryption["cpu_ratio"],
    }
    emit(args, result, f"initial sync of {gateway_records} records: {records_per_s:,.0f} records/s "
                       f"({initial.elapsed_ms:.0f} ms); delta of {result['delta_changes']} changes: "
                       f"{delta.elapsed_ms:.0f} ms; counts equal: {result['counts_equal']}")
    return 0 if result["counts_equal"] and integrity else 1
