"""What encryption at rest costs a benchmark: the same work on an encrypted file and on a plain twin, timed
alternately in the same run (the machine is shared: only a ratio measured side by side means anything)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.storage import StorageKey, open_db


def plain_twin(path: Path, key: StorageKey) -> Path:
    """An unencrypted copy of an encrypted file, for the baseline only (made once, kept beside it)."""
    twin = path.with_name(path.stem + "-plain" + path.suffix)
    if twin.exists():
        return twin
    partial = twin.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    db = open_db(path, key, wal=False)
    try:
        db.execute("ATTACH DATABASE ? AS plain KEY ''", (str(partial),))
        db.execute("SELECT sqlcipher_export('plain')")
        db.execute("DETACH DATABASE plain")
    finally:
        db.close()
    plain = open_db(partial, None, wal=False)
    try:
        plain.execute("ANALYZE")  # the same query plans as the encrypted original, whose statistics it has
    finally:
        plain.close()
    partial.rename(twin)
    return twin


def alternate(encrypted: Callable[[], Any], plain: Callable[[], Any], rounds: int = 5,
              warm: bool = True) -> dict[str, Any]:
    """Run each side once to warm it (``warm``), then ``rounds`` times each in turn; ratio of the medians.

    Both wall-clock time and this process's CPU time: encryption is work of this process (SQLCipher encrypts
    and MACs each page it writes, checks and decrypts each page it reads), and on a machine shared with other
    jobs the CPU ratio shows that cost where the wall-clock one also carries whoever else ran meanwhile."""
    if warm:
        encrypted()
        plain()
    times: dict[str, list[float]] = {"enc": [], "plain": [], "enc_cpu": [], "plain_cpu": []}
    for _ in range(rounds):
        for fn, side in ((encrypted, "enc"), (plain, "plain")):
            start, cpu = time.perf_counter(), time.process_time()
            fn()
            times[side].append((time.perf_counter() - start) * 1000)
            times[side + "_cpu"].append((time.process_time() - cpu) * 1000)
    enc, base = statistics.median(times["enc"]), statistics.median(times["plain"])
    enc_cpu, base_cpu = statistics.median(times["enc_cpu"]), statistics.median(times["plain_cpu"])
    return {"encrypted_ms": round(enc, 2), "plain_ms": round(base, 2), "ratio": round(enc / max(base, 1e-9), 3),
            "encrypted_cpu_ms": round(enc_cpu, 2), "plain_cpu_ms": round(base_cpu, 2),
            "cpu_ratio": round(enc_cpu / max(base_cpu, 1e-9), 3), "rounds": rounds}


def sync_cost(url: str, verifier: Any, batch_size: int, folder: Path, *, tls: Any, rounds: int = 3) -> dict[str, Any]:
    """The initial sync into a fresh encrypted cache and into a fresh plain one, in turn."""
    from kiosk.archive.cache import ArchiveCache
    from kiosk.sync.syncer import SyncClient

    key = StorageKey.generate()
    runs = iter(range(2 * rounds))

    def initial(k: StorageKey | None) -> None:
        path = folder / f"cost-{next(runs)}.sqlite"
        cache = ArchiveCache(path, key=k)
        client = SyncClient(cache, url, verifier, batch_limit=batch_size, tls=tls)
        try:
            client.sync_once()
        finally:
            client.gateway.close()
            cache.close()
            for p in folder.glob(path.name + "*"):
                p.unlink()

    return alternate(lambda: initial(key), lambda: initial(None), rounds=rounds, warm=False)
