"""`kiosk bench fleet`: one district gateway and N kiosks syncing at once, through real HTTPS on loopback.

The gateway is ``kiosk gateway serve`` in its own process(es) (SQLite, or PostgreSQL with ``--db`` and
worker processes); the kiosks are sync clients with their own cache file and client certificate, run as
threads of a few worker processes. First every kiosk's first sync at once; then the archive changes and
every kiosk pushes its outbox and syncs the delta at once. Every cache is compared with the gateway's
records, the outbox items counted at the gateway, and the gateway's open handles and resident memory
(all its processes, from /proc) compared before and after: the baseline is taken once the gateway has
served a warm-up round of a few kiosks at once, so what is measured is what load leaves behind,
not first use (the cold figures are reported beside).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from kiosk.sync.fleet_round import KioskJob, Round, loopback_address, ready, run_round
from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import UsageError

HELP = "N kiosks' first syncs, then deltas and outbox pushes at once, against one gateway over HTTPS"
RECORDS_PER_RESIDENT = 4.4
GROWTH_GOAL = 0.10
# Kiosks syncing at once before the baseline is read: as many as the gateway's workers serve at once with
# their default pools (two request threads per pooled connection, all in use), so that the baseline is the
# gateway at work and what grows afterwards is what load leaves behind.
THREADS_PER_WORKER = {"sqlite": 2 * 4, "postgresql": 2 * 8}
SETTLE_S = 4.0  # the gateway trims its free memory 2 s after its last request


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kiosks", type=at.number(int, minimum=1, maximum=2000), default=100, help="kiosks syncing at once (default 100)")
    p.add_argument("--records", type=at.number(int, minimum=100, maximum=10_000_000), default=2000, help="records in the archive (default 2000)")
    p.add_argument("--changes", type=at.number(int, minimum=10, maximum=10_000_000), default=200, help="changes before the delta round (default 200)")
    p.add_argument("--outbox", type=at.number(int, minimum=0, maximum=1000), default=5, help="outbox items each kiosk pushes (default 5)")
    p.add_argument("--processes", type=at.number(int, minimum=0, maximum=64), default=0, help="processes running the kiosks (default: one per CPU)")
    p.add_argument("--db", type=at.database, help="gateway database (default: a SQLite file in a temporary folder); "
                                "a postgresql:// URL runs the gateway on PostgreSQL (its tables are reused)")
    p.add_argument("--workers", type=at.number(int, minimum=0, maximum=64), default=0,
                   help="gateway worker processes (default: 2 on PostgreSQL, 1 on SQLite)")
    p.add_argument("--batch-size", type=at.number(int, minimum=1, maximum=20000), default=5000, help="operations per batch (default 5000)")
    add_json_flag(p)


def tree_usage(pid: int) -> tuple[int, int]:
    """(open file descriptors, resident KiB) of a process and all its descendants."""
    fds = rss = 0
    for p in _tree(pid):
        try:
            fds += len(os.listdir(f"/proc/{p}/fd"))
            status = Path(f"/proc/{p}/status").read_text().splitlines()
            rss += int(next(line for line in status if line.startswith("VmRSS")).split()[1])
        except (OSError, StopIteration):
            continue  # a worker that just went away
    return fds, rss


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
        except OSError:
            continue
        for child in children:
            found += _tree(int(child))
    return found


def gateway_truth(store: Any) -> tuple[int, str]:
    """The gateway's live records digested as :func:`cache_digest` digests a kiosk's cache."""
    bodies = []
    after = 0
    while True:
        part = store.changes(after, 5000, include_deleted=False)
        if not part.changes:
            break
        bodies += [json.loads(c.body_json) for c in part.changes if c.kind == "record" and c.body_json]
        after = part.changes[-1].seq
    digest = hashlib.sha256()
    for body in sorted(bodies, key=lambda b: b["record_id"]):
        digest.update(f"{body['record_id']}\t{body['title']}\t{body['date']}\n".encode())
    return len(bodies), digest.hexdigest()


def _start_gateway(db: str, folder: Path, workers: int, batch_size: int) -> tuple[subprocess.Popen, str]:
    from kiosk.gateway.server import wait_serving
    from kiosk.tls.credentials import anonymous_context

    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "kiosk.cli", "gateway", "serve", "--db", db, "--credentials", str(folder / "gateway"),
           "--port", str(port), "--batch-size", str(batch_size), "--workers", str(workers)]
    if workers > 1:
        cmd += ["--federation-db", str(folder / "requests.sqlite")]
    # Its warnings into a file (a pipe nobody reads would stall the gateway once full), shown on errors.
    with open(folder / "gateway.log", "wb") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
    url = f"https://127.0.0.1:{port}"
    try:
        wait_serving(url, anonymous_context(folder / "ca.pem"), 60)
    except Exception:
        proc.kill()
        raise
    return proc, url


def _settled(pid: int, baseline: tuple[int, int] | None, timeout_s: float = 15.0) -> tuple[int, int]:
    """The gateway's usage once the kiosks' connections have closed and it has handed back free memory (a
    few seconds after its last request): polled until within the goal of ``baseline`` or, without one, for
    ``SETTLE_S``; at most ``timeout_s``."""
    started = time.monotonic()
    deadline = started + timeout_s
    while True:
        usage = tree_usage(pid)
        if baseline is None:
            if time.monotonic() - started >= SETTLE_S:
                return usage
        elif usage[0] <= baseline[0] * (1 + GROWTH_GOAL) and usage[1] <= baseline[1] * (1 + GROWTH_GOAL):
            return usage
        if time.monotonic() > deadline:
            return usage
        time.sleep(0.2)  # polling /proc while connections close, not a synchronisation guess


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else 0.0


def _rounds(url: str, district: Any, batch_size: int, jobs: list[KioskJob], groups: int,
            note_kind: str = "bench-note") -> list[Round]:
    return [Round(url, district.algorithm, district.public_hex, batch_size, tuple(jobs[i::groups]), note_kind)
            for i in range(groups) if jobs[i::groups]]


def _run_all(pool: ProcessPoolExecutor, rounds: list[Round]) -> tuple[list[dict[str, Any]], float]:
    started = time.perf_counter()
    results = [r for f in [pool.submit(run_round, rd) for rd in rounds] for r in f.result()]
    return results, time.perf_counter() - started


def run(args: argparse.Namespace) -> int:
    from kiosk.crypto.keys import generate, save_pair
    from kiosk.gateway.seed import churn, seed_archive
    from kiosk.gateway.stores import open_store
    from kiosk.tls import pki
    from kiosk.tls.district import issue_gateway, issue_kiosk

    if args.kiosks < 1 or args.records < 100 or args.changes < 10 or args.outbox < 0:
        raise UsageError("--kiosks must be positive, --records at least 100, --changes at least 10")
    postgres = bool(args.db and args.db.startswith(("postgresql://", "postgres://")))
    workers = args.workers or (2 if postgres else 1)
    processes = args.processes or os.cpu_count() or 2
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-fleet-") as tmp:
        folder = Path(tmp)
        district = generate("ed25519")
        save_pair(district, folder / "district.key", folder / "district.pub")
        pki.save_authority(pki.make_authority("330106"), folder)
        issue_gateway(folder, "330106", ("127.0.0.1",), folder / "gateway")
        warm_up = workers * THREADS_PER_WORKER["postgresql" if postgres else "sqlite"]
        warm_ids = [f"warm-up-{i}" for i in range(warm_up)]
        ids = warm_ids + [f"fleet-{i:03d}" for i in range(args.kiosks)]
        for kiosk_id in ids:
            issue_kiosk(folder, kiosk_id, folder / "kiosks" / kiosk_id)
        db = args.db or str(folder / "gateway.sqlite")
        note_kind = f"bench-note-{folder.name[-8:]}"  # this run's outbox items, in a database reused or not
        store = open_store(db)
        proc = None
        try:
            seed_archive(store, residents_wanted=max(3, round(args.records / RECORDS_PER_RESIDENT)), page_images_for=0)
            proc, url = _start_gateway(db, folder, workers, args.batch_size)
            cold = tree_usage(proc.pid)

            def job(kiosk_id: str, outbox: int = 0) -> KioskJob:
                return KioskJob(kiosk_id, str(folder / "caches" / f"{kiosk_id}.sqlite"),
                                str(folder / "kiosks" / kiosk_id), outbox, loopback_address(ids.index(kiosk_id)))

            with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
                assert all(f.result() for f in [pool.submit(ready) for _ in range(processes)])
                warm, _ = _run_all(pool, _rounds(url, district, args.batch_size, [job(k) for k in warm_ids],
                                                 processes))
                baseline = _settled(proc.pid, None)
                kiosks = ids[warm_up:]
                first, first_s = _run_all(pool, _rounds(url, district, args.batch_size, [job(k) for k in kiosks],
                                                        processes))
                between = tree_usage(proc.pid)  # after the first round, before the delta round
                changed = churn(store, args.changes)
                delta, delta_s = _run_all(pool, _rounds(url, district, args.batch_size,
                                                        [job(k, args.outbox) for k in kiosks], processes,
                                                        note_kind))
            truth_records, truth = gateway_truth(store)
            gateway_log = (folder / "gateway.log").read_text(encoding="utf-8", errors="replace").splitlines()
            received = len(store.intake_items(note_kind, limit=args.kiosks * args.outbox + 10))
            after = _settled(proc.pid, baseline)
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(30)
            store.close()
    for phase, results in (("warm-up", warm), ("first", first), ("delta", delta)):
        for r in results:
            r["phase"] = phase
    errors = [r for r in warm + first + delta if r["error"]]
    exact = sum(1 for r in delta if r.get("digest") == truth and r.get("records") == truth_records)
    applied = sum(r["applied"] for r in first)
    result: dict[str, Any] = {
        "kiosks": args.kiosks, "gateway_db": "postgresql" if postgres else "sqlite", "gateway_workers": workers,
        "kiosk_processes": processes, "warm_up_kiosks": warm_up, "records": truth_records, "changes": sum(changed.values()),
        "errors": len(errors), "error_codes": sorted({r["error"] for r in errors}),
        "errors_by_round": {p: sum(1 for r in errors if r["phase"] == p) for p in ("warm-up", "first", "delta")},
        # What each failed kiosk was told (its first few): the code alone does not say which call failed.
        "error_details": [{k: r.get(k) for k in ("kiosk", "phase", "error", "error_message", "elapsed_s")}
                          for r in errors[:10]],
        "gateway_log": gateway_log[-10:] if errors else [],
        "caches_exact": exact == args.kiosks, "caches_exact_count": exact,
        "outbox_pushed": sum(r["pushed"] for r in delta), "outbox_received": received,
        "aggregate_records_per_s": round(applied / first_s) if first_s else 0, "first_round_s": round(first_s, 2),
        "p95_kiosk_s": round(_p95([r["elapsed_s"] for r in first]), 2),
        "delta_round_s": round(delta_s, 2), "p95_delta_kiosk_s": round(_p95([r["elapsed_s"] for r in delta]), 2),
        "gateway_fds": {"cold": cold[0], "start": baseline[0], "between_rounds": between[0], "after": after[0]},
        "gateway_rss_mb": {"cold": round(cold[1] / 1024, 1), "start": round(baseline[1] / 1024, 1),
                           "between_rounds": round(between[1] / 1024, 1), "after": round(after[1] / 1024, 1)},
        "gateway_fds_growth": round(after[0] / baseline[0] - 1, 3),
        "gateway_rss_growth": round(after[1] / baseline[1] - 1, 3),
        "load_average": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(),
    }
    result["within_goal"] = (not errors and result["caches_exact"] and received == args.kiosks * args.outbox
                             and result["gateway_fds_growth"] <= GROWTH_GOAL
                             and result["gateway_rss_growth"] <= GROWTH_GOAL)
    emit(args, result, f"{args.kiosks} kiosks on {result['gateway_db']}: {len(errors)} errors, "
                       f"{exact}/{args.kiosks} caches exact, {result['aggregate_records_per_s']:,} records/s, "
                       f"p95 {result['p95_kiosk_s']} s; gateway fds {result['gateway_fds_growth']:+.1%}, "
                       f"RSS {result['gateway_rss_growth']:+.1%}")
    return 0 if result["within_goal"] else 1
