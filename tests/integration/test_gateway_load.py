"""The gateway under bursts of concurrent kiosks: its open handles and memory stay where they were.

A real ``kiosk gateway serve`` on loopback (HTTPS, kiosks with their client certificates) (SQLite, and PostgreSQL with two worker processes) takes
bursts of 30 concurrent kiosks (a feed batch and an outbox push each); the file descriptors in
/proc/PID/fd and the resident memory of the gateway's processes are read after each burst.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import threading
import time
import uuid
from pathlib import Path

import httpx
import psycopg
import pytest

from kiosk.gateway.seed import seed_archive
from kiosk.gateway.server import wait_serving
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.gateway.stores import open_store
from tests.kiosk.sync.gateway_fixture import PG_URL, District, kiosk_popen, make_district
from tests.ports import unused_port

pytestmark = pytest.mark.integration

BURST = 30
BURSTS = 6


def process_tree(pid: int) -> list[int]:
    found = [pid]
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
        except OSError:
            continue
        for child in children:
            found += process_tree(int(child))
    return found


def handles_and_rss(pid: int) -> tuple[int, int]:
    """Open file descriptors and resident KiB of the gateway and its worker processes."""
    fds = rss = 0
    for p in process_tree(pid):
        fds += len(os.listdir(f"/proc/{p}/fd"))
        status = Path(f"/proc/{p}/status").read_text().splitlines()
        rss += int(next(line for line in status if line.startswith("VmRSS")).split()[1])
    return fds, rss


def settled(pid: int, fds_bound: int, timeout_s: float = 5.0) -> tuple[int, int]:
    """The gateway's usage once the burst's connections have closed on its side too: polled until its
    handles are within ``fds_bound`` or ``timeout_s`` has passed (then the last reading, which fails)."""
    deadline = time.monotonic() + timeout_s
    pause = threading.Event()
    while True:
        usage = handles_and_rss(pid)
        if usage[0] <= fds_bound or time.monotonic() > deadline:
            return usage
        pause.wait(0.05)


def burst(district: District, url: str, n: int, tag: str) -> list[tuple[int, int]]:
    context = district.kiosk_context()

    def one_kiosk(i: int) -> tuple[int, int]:
        # Each kiosk from a loopback address of its own, as from its own machine: the gateway admits only a
        # few connections at a time in their handshake from one address.
        transport = httpx.HTTPTransport(verify=context, local_address=f"127.0.3.{i + 1}")
        with httpx.Client(base_url=url, timeout=60, transport=transport) as client:
            feed = client.get("/feed", params={"cursor": 0, "limit": 500})
            push = client.post("/outbox", json={"items": [{"key": f"{tag}-{i}", "kind": "note", "payload": {"i": i}}]})
            return feed.status_code, push.status_code

    with cf.ThreadPoolExecutor(n) as pool:
        return list(pool.map(one_kiosk, range(n)))


def run_bursts(district: District, args: list[str], during=lambda: None) -> list[tuple[int, int]]:
    port = unused_port()
    server = kiosk_popen("gateway", "serve", "--port", str(port), "--credentials", str(district.gateway_tls), *args)
    url = f"https://127.0.0.1:{port}"
    try:
        wait_serving(url, None, 60)
        seen = [handles_and_rss(server.pid)]
        for b in range(BURSTS + 1):
            answers = burst(district, url, BURST, f"b{b}-{uuid.uuid4().hex[:6]}")
            assert set(answers) == {(200, 200)}, f"burst {b}: {sorted(set(answers))}"
            seen.append(settled(server.pid, seen[0][0] + 4))
        during()
        return seen
    finally:
        server.terminate()
        server.wait(20)


def assert_flat(seen: list[tuple[int, int]], pool_fds: int) -> None:
    """``seen``: (fds, rss) at the start, then after each burst. ``pool_fds``: the handles the pools may
    open beyond the start, at most."""
    start_fds, start_rss = seen[0]
    # The first burst may add a few handles beyond the pools' (each worker's request threads and their
    # event-loop wake-ups: 5 seen on two PostgreSQL workers); what must not happen is growth after it.
    assert max(fds for fds, _ in seen) <= start_fds + pool_fds + 8, f"open handles: {[s[0] for s in seen]}"
    # Thirty concurrent batches are never held whole: the first burst adds worker threads and buffers, not
    # thirty batches.
    assert seen[1][1] <= start_rss * 1.5, f"resident memory: {[s[1] // 1024 for s in seen]} MB"
    # The first two bursts warm the server (worker threads, the pools' connections up to their bound); from
    # then on nothing grows.
    fds0, rss0 = seen[2]
    for fds, rss in seen[3:]:
        assert fds <= fds0 + 4, f"open handles grew: {[s[0] for s in seen]}"
        assert rss <= rss0 * 1.10, f"resident memory grew: {[s[1] // 1024 for s in seen]} MB"


def test_sqlite_gateway_keeps_handles_and_memory_flat_over_bursts(tmp_path: Path):
    district = make_district(tmp_path / "keys")
    db = tmp_path / "gateway.sqlite"
    store = SqliteStore(db)
    seed_archive(store, residents_wanted=300, page_images_for=0)
    store.close()
    # A fixed pool: its four connections are open from the start.
    assert_flat(run_bursts(district, ["--db", str(db), "--pool-size", "4"]), 0)


def test_postgres_gateway_with_two_workers_answers_every_burst_and_stays_flat(tmp_path: Path):
    district = make_district(tmp_path / "keys")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    name = f"gw-{schema}"
    url = f"{PG_URL}?options=-csearch_path%3D{schema}&application_name={name}"

    def connections() -> int:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                                [name]).fetchone()[0]

    held = []
    try:
        store = open_store(url)
        seed_archive(store, residents_wanted=300, page_images_for=0)
        store.close()
        seen = run_bursts(district, ["--db", url, "--workers", "2", "--pool-size", "4",
                           "--federation-db", str(tmp_path / "requests.sqlite")], lambda: held.append(connections()))
        assert_flat(seen, 0)  # fixed pools: every connection open from the start
        assert held[0] == 2 * 4  # two workers, four connections each
        assert connections() == 0  # every worker closed its pool on the way out
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
