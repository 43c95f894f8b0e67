"""`kiosk bench gateway-limits`: the gateway's health answer while it is being exhausted.

A real ``kiosk gateway serve`` process over mutual TLS on loopback. First its ``/health`` latency alone
(the baseline, same run); then again while 20 clients pull full feed batches (``limit=20000``) without
pause and an attacker holds 500 idle connections (TLS done, no request; reopened as soon as the gateway
drops them). Each group speaks from its own loopback addresses (127.0.x.y), as kiosks and an attacker do
from their own machines, so the per-client connection cap applies to each as in the field.
Goal: health p95 under load ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import multiprocessing
import select
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit

HELP = "gateway /health p95 while 20 clients pull full batches and 500 idle connections are held (goal ≤ 100 ms)"
GOAL_P95_MS = 100.0
RECORDS_PER_RESIDENT = 4.4


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--records", type=at.number(int, minimum=1000, maximum=10_000_000), default=20000,
                   help="records in the archive (default 20000)")
    p.add_argument("--pullers", type=at.number(int, minimum=0, maximum=200), default=20,
                   help="clients pulling full batches (default 20)")
    p.add_argument("--idle", type=at.number(int, minimum=0, maximum=5000), default=500,
                   help="idle connections held (default 500)")
    p.add_argument("--probes", type=at.number(int, minimum=10, maximum=10_000), default=200,
                   help="health requests timed in each phase (default 200)")
    add_json_flag(p)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _probe(client: httpx.Client, url: str, n: int, pace_s: float = 0.02) -> list[float]:
    client.get(url)  # connection made and kept alive
    times = []
    for _ in range(n):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(pace_s)  # a monitoring probe's pace, not a synchronisation
    return times


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


class Attacker:
    """Holds ``count`` idle TLS connections from addresses 127.0.1.x (50 per address), reopening any the
    gateway closes, until stopped."""

    def __init__(self, port: int, context: ssl.SSLContext, count: int):
        self.port, self.context, self.count = port, context, count
        self.conns: list[ssl.SSLSocket] = []
        self.reopened = 0
        self.refused = 0
        self.held_samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-attacker", daemon=True)

    def _open(self, i: int) -> ssl.SSLSocket | None:
        raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            raw.bind((f"127.0.1.{1 + i // 50}", 0))
            raw.settimeout(10)
            raw.connect(("127.0.0.1", self.port))
            return self.context.wrap_socket(raw, server_hostname="127.0.0.1")
        except OSError:
            raw.close()
            self.refused += 1
            return None

    def start(self) -> None:
        for i in range(self.count):
            conn = self._open(i)
            if conn is not None:
                self.conns.append(conn)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.held_samples.append(len(self.conns))
            if not self.conns:
                continue
            readable, _, _ = select.select(self.conns, [], [], 0)
            for conn in readable:
                if self._closed(conn):  # the gateway dropped it (header timeout): the attacker comes back
                    self.conns.remove(conn)
                    conn.close()
            while len(self.conns) < self.count and not self._stop.is_set():
                conn = self._open(len(self.conns))
                if conn is None:
                    break
                self.conns.append(conn)
                self.reopened += 1

    @staticmethod
    def _closed(conn: ssl.SSLSocket) -> bool:
        """Readable means closed, or only TLS housekeeping (a session ticket) arrived."""
        conn.setblocking(False)
        try:
            return conn.recv(1) == b""
        except ssl.SSLWantReadError:
            return False
        except OSError:
            return True
        finally:
            conn.setblocking(True)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for conn in self.conns:
            conn.close()


def _puller(url: str, context: ssl.SSLContext, address: str, stop: Any, tally: Any) -> None:
    transport = httpx.HTTPTransport(verify=context, local_address=address)
    with httpx.Client(transport=transport, timeout=60) as client:
        while not stop.is_set():
            try:
                response = client.get(f"{url}/feed", params={"cursor": 0, "snapshot": "true", "limit": 20000})
            except httpx.HTTPError:
                with tally.get_lock():
                    tally[2] += 1
                continue
            with tally.get_lock():
                tally[0] += 1
                tally[1] += len(response.content)


def _pullers(url: str, kiosk: Path, addresses: list[str], stop: Any, tally: Any) -> None:
    """One load process: a puller thread per address (the bench's own probe runs in another process, so
    its timings are the gateway's, not this load's)."""
    from kiosk.tls.credentials import Credentials

    context = Credentials.load(kiosk).client_context()
    threads = [threading.Thread(target=_puller, args=(url, context, a, stop, tally), daemon=True) for a in addresses]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _attack(port: int, kiosk: Path, count: int, ready: Any, stop: Any, out: Any) -> None:
    from kiosk.tls.credentials import Credentials

    attacker = Attacker(port, Credentials.load(kiosk).client_context(), count)
    attacker.start()
    ready.set()
    stop.wait()
    attacker.stop()
    samples = attacker.held_samples or [0]
    out.put({"held_median": statistics.median(samples), "reopened": attacker.reopened, "refused": attacker.refused})


def run(args: argparse.Namespace) -> int:
    from kiosk.crypto.keys import generate, save_pair
    from kiosk.gateway.seed import seed_archive
    from kiosk.gateway.server import wait_serving
    from kiosk.gateway.stores import open_store
    from kiosk.tls import pki
    from kiosk.tls.credentials import Credentials, anonymous_context
    from kiosk.tls.district import issue_gateway, issue_kiosk

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-limits-") as tmp:
        folder = Path(tmp)
        save_pair(generate("ed25519"), folder / "district.key", folder / "district.pub")
        pki.save_authority(pki.make_authority("330106"), folder)
        issue_gateway(folder, "330106", ("127.0.0.1",), folder / "gateway")
        issue_kiosk(folder, "bench-01", folder / "kiosk")
        db = str(folder / "gateway.sqlite")
        store = open_store(db)
        seed_archive(store, residents_wanted=max(3, round(args.records / RECORDS_PER_RESIDENT)), page_images_for=0)
        records = store.count("record")
        store.close()
        port = _free_port()
        proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "gateway", "serve", "--db", db, "--credentials",
                                 str(folder / "gateway"), "--port", str(port), "--batch-size", "20000"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"https://127.0.0.1:{port}"
        context = Credentials.load(folder / "kiosk").client_context()
        try:
            wait_serving(url, anonymous_context(folder / "gateway" / "ca.pem"), 60)
            with httpx.Client(verify=context, timeout=30) as client:
                baseline = _probe(client, f"{url}/health", args.probes)
            rss_idle = _rss_mb(proc.pid)
            mp = multiprocessing.get_context("fork")
            stop, ready, attack_out = mp.Event(), mp.Event(), mp.Queue()
            tally = mp.Array("d", 3)  # batches, bytes, errors
            attacker = mp.Process(target=_attack, args=(port, folder / "kiosk", args.idle, ready, stop, attack_out))
            attacker.start()
            ready.wait(300)
            addresses = [f"127.0.2.{1 + i}" for i in range(args.pullers)]
            loaders = [mp.Process(target=_pullers, args=(url, folder / "kiosk", addresses[i::4], stop, tally))
                       for i in range(min(4, args.pullers))]
            for p in loaders:
                p.start()
            rss_peak = 0.0
            with httpx.Client(verify=context, timeout=30) as client:
                loaded: list[float] = []
                client.get(f"{url}/health")
                for _ in range(args.probes):
                    started = time.perf_counter()
                    try:
                        client.get(f"{url}/health")
                        loaded.append((time.perf_counter() - started) * 1000)
                    except httpx.HTTPError:
                        loaded.append(float("inf"))
                    rss_peak = max(rss_peak, _rss_mb(proc.pid))
                    time.sleep(0.02)  # the probe's pace
            stop.set()
            attack = attack_out.get(timeout=120)
            for p in [*loaders, attacker]:
                p.join(timeout=120)
        finally:
            proc.terminate()
            proc.wait(20)
    finite = [v for v in loaded if v != float("inf")]
    result: dict[str, Any] = {
        "records": records, "pullers": args.pullers, "idle_wanted": args.idle,
        "idle_held_median": round(attack["held_median"]), "idle_reopened": attack["reopened"],
        "idle_refused": attack["refused"],
        "baseline_p50_ms": round(statistics.median(baseline), 1), "baseline_p95_ms": round(_p95(baseline), 1),
        "loaded_p50_ms": round(statistics.median(finite), 1) if finite else None,
        "loaded_p95_ms": round(_p95(finite), 1) if finite else None,
        "health_failures": len(loaded) - len(finite),
        "batches_pulled": int(tally[0]), "mb_pulled": round(tally[1] / 1e6, 1), "puller_errors": int(tally[2]),
        "gateway_rss_idle_mb": round(rss_idle, 1), "gateway_rss_peak_mb": round(rss_peak, 1),
        "goal_p95_ms": GOAL_P95_MS,
    }
    result["p95_ratio_to_baseline"] = (round(result["loaded_p95_ms"] / result["baseline_p95_ms"], 1)
                                       if finite and result["baseline_p95_ms"] else None)
    result["within_goal"] = bool(finite) and result["loaded_p95_ms"] <= GOAL_P95_MS and not result["health_failures"]
    emit(args, result, f"health p95 {result['loaded_p95_ms']} ms under load (baseline {result['baseline_p95_ms']} ms)"
                       f" with {args.pullers} pullers ({result['batches_pulled']} batches, {result['mb_pulled']} MB)"
                       f" and {result['idle_held_median']} idle connections held; gateway RSS peak "
                       f"{result['gateway_rss_peak_mb']} MB; goal ≤ {GOAL_P95_MS:g} ms: "
                       f"{'met' if result['within_goal'] else 'missed'}")
    return 0
