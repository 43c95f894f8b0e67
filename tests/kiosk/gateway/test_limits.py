"""What one client may take of the gateway, tried as an attacker would over real TLS sockets on loopback:
headers never finished, an idle connection, a body far over the limit, a body trickled in, one address
opening connection after connection. And TCP_NODELAY: kept-alive answers do not wait for delayed ACKs."""

from __future__ import annotations

import socket
import ssl
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from kiosk.gateway.admission import ClientLedger
from kiosk.gateway.feed import cut_batch
from kiosk.gateway.limits import GatewayLimits
from kiosk.gateway.seed import seed_archive
from kiosk.gateway.server import ThreadedServer, listening_socket
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.sync.batch import decode
from tests.kiosk.sync.gateway_fixture import app_of, make_district
from tests.waiting import wait_until

QUICK = GatewayLimits(header_timeout_s=0.5, keep_alive_s=1.0, max_body_bytes=64 * 1024, request_deadline_s=1.0,
                      max_connections_per_client=5)


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    return make_district(tmp_path_factory.mktemp("district"))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = SqliteStore(tmp_path_factory.mktemp("gw") / "gateway.sqlite")
    seed_archive(s, residents_wanted=60, seed=5)
    return s


@contextmanager
def running(store, district, limits: GatewayLimits = QUICK) -> Iterator[ThreadedServer]:
    server = ThreadedServer(app_of(store, district), "127.0.0.1", 0, context=district.tls().server_context(),
                            limits=limits)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def tls_connection(server: ThreadedServer, district) -> ssl.SSLSocket:
    raw = socket.create_connection((server.host, server.port), timeout=10)
    return district.kiosk_context().wrap_socket(raw, server_hostname="127.0.0.1")


def closed_by_server(conn: ssl.SSLSocket, within_s: float) -> bool:
    """True when the server closes the connection within ``within_s`` (what it sends before is read)."""
    conn.settimeout(within_s)
    try:
        while conn.recv(65536):
            pass
        return True
    except (TimeoutError, socket.timeout):
        return False
    except (ssl.SSLError, OSError):
        return True


def test_accepted_connections_have_tcp_nodelay(store, district):
    assert listening_socket("127.0.0.1", 0).proto == socket.IPPROTO_TCP
    with running(store, district) as server, district.client(base_url=server.url, timeout=10) as client:
        assert client.get("/health").status_code == 200
        protocols = list(server.server.server_state.connections)
        assert protocols
        for p in protocols:
            assert p.transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


class PlainServer:
    """A plain TLS socket answering every request on a kept-alive connection with fixed bytes, headers and
    body written separately like uvicorn does, with TCP_NODELAY: the floor for the same exchange."""

    def __init__(self, context: ssl.SSLContext):
        self.context = context
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        raw, _ = self.listener.accept()
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.context.wrap_socket(raw, server_side=True) as conn:
            buffer = b""
            while True:
                try:
                    data = conn.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                buffer += data
                while b"\r\n\r\n" in buffer:
                    _, buffer = buffer.split(b"\r\n\r\n", 1)
                    body = b'{"status":"ok"}'
                    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                                 + str(len(body)).encode() + b"\r\n\r\n")
                    conn.sendall(body)


def median_ms(client: httpx.Client, url: str, rounds: int = 25) -> float:
    client.get(url)  # the connection is made and kept alive
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def test_kept_alive_requests_do_not_wait_for_delayed_acks(store, district):
    """Both measured in this run, one after the other. Without TCP_NODELAY the gateway's median sat at the
    client's delayed-ACK timer (~40 ms on loopback); with it, it is within a few ms of the plain socket."""
    plain = PlainServer(district.tls().server_context())
    with running(store, district) as server, district.client(timeout=10) as client:
        gateway_ms = median_ms(client, f"{server.url}/health")
    with district.client(timeout=10) as client:
        plain_ms = median_ms(client, f"https://127.0.0.1:{plain.port}/health")
    assert gateway_ms < plain_ms + 25, (gateway_ms, plain_ms)


def test_headers_never_finished_are_cut_off(store, district):
    with running(store, district) as server:
        conn = tls_connection(server, district)
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        assert closed_by_server(conn, within_s=5)
        conn.close()


def test_a_connection_that_sends_nothing_is_closed(store, district):
    with running(store, district) as server:
        conn = tls_connection(server, district)
        assert closed_by_server(conn, within_s=5)
        conn.close()


def test_a_kept_alive_connection_must_finish_its_next_headers_in_time(store, district):
    with running(store, district) as server:
        conn = tls_connection(server, district)
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        conn.settimeout(5)
        assert conn.recv(65536).startswith(b"HTTP/1.1 200")
        conn.sendall(b"GET /health HTTP/1.1\r\n")  # the next request starts, then stalls
        assert closed_by_server(conn, within_s=5)
        conn.close()


def test_a_body_over_the_limit_is_refused_before_it_is_read(store, district):
    with running(store, district) as server:
        conn = tls_connection(server, district)
        conn.sendall(b"POST /outbox HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 52428800\r\n\r\n" + b"{" * 1000)  # announces 50 MB, sends 1 kB
        conn.settimeout(5)
        answer = conn.recv(65536)
        assert answer.startswith(b"HTTP/1.1 413") and b"REQUEST_TOO_LARGE" in answer + conn.recv(65536)
        assert closed_by_server(conn, within_s=5)
        conn.close()


def test_a_chunked_body_over_the_limit_is_cut_off(store, district):
    with running(store, district) as server, district.client(base_url=server.url, timeout=10) as client:
        def chunks():
            for _ in range(40):
                yield b"x" * 4096  # 160 kB in all, no length announced
        response = client.post("/outbox", content=chunks(), headers={"content-type": "application/json"})
        assert response.status_code == 413


def test_a_trickled_request_is_cut_off_at_the_request_deadline(store, district):
    with running(store, district) as server:
        conn = tls_connection(server, district)
        conn.sendall(b"POST /outbox HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 2000\r\n\r\n")
        started = time.monotonic()
        closed = False
        for _ in range(100):  # a byte every 50 ms: 5 s in all unless cut off
            try:
                conn.sendall(b"{")
            except OSError:
                closed = True
                break
            if closed_by_server(conn, within_s=0.05):
                closed = True
                break
        assert closed and time.monotonic() - started < 4.0
        conn.close()


# The header timeout is well above closed_before_tls's second of waiting, so a connection admitted and
# left waiting for its client hello is told apart from one turned away.
IDLE = GatewayLimits(header_timeout_s=3.0, keep_alive_s=5.0, max_connections_per_client=5,
                     max_unfinished_per_client=3, slow_client_penalty_s=60.0)


def answered_connection(server: ThreadedServer, district, source: str = "127.0.0.1") -> ssl.SSLSocket:
    """A kept-alive connection that has completed a request, as a kiosk's."""
    raw = socket.create_connection((server.host, server.port), timeout=10, source_address=(source, 0))
    conn = district.kiosk_context().wrap_socket(raw, server_hostname="127.0.0.1")
    conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
    assert conn.recv(65536).startswith(b"HTTP/1.1 200")
    return conn


def served_or_none(server: ThreadedServer, district) -> ssl.SSLSocket | None:
    try:
        return answered_connection(server, district)
    except OSError:
        return None


def closed_before_tls(server: ThreadedServer, source: str = "127.0.0.1") -> bool:
    """Whether a plain TCP connection is closed by the gateway without our sending a byte: turned away at
    accept. An admitted one is left waiting for the TLS client hello."""
    with socket.create_connection((server.host, server.port), timeout=10, source_address=(source, 0)) as raw:
        raw.settimeout(1)
        try:
            return raw.recv(1) == b""
        except ConnectionResetError:
            return True
        except (TimeoutError, socket.timeout):
            return False


def test_one_address_gets_only_so_many_connections(store, district):
    with running(store, district, IDLE) as server:
        conns = [answered_connection(server, district) for _ in range(IDLE.max_connections_per_client)]
        assert closed_before_tls(server)  # one more is closed as it is accepted, before any handshake
        with pytest.raises(OSError):
            answered_connection(server, district)
        conns.pop().close()
        assert wait_until(lambda: not closed_before_tls(server), timeout=5)  # a place is free again
        for c in conns:
            c.close()


def test_idle_connections_of_one_address_are_turned_away_before_the_handshake(store, district):
    with running(store, district, IDLE) as server:
        idle = [tls_connection(server, district) for _ in range(IDLE.max_unfinished_per_client)]
        assert closed_before_tls(server)
        # A connection that has asked something is not idle: the same address still gets answers.
        for c in idle:
            c.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            c.settimeout(5)
            assert c.recv(65536).startswith(b"HTTP/1.1 200")
        assert not closed_before_tls(server)
        # Another client is not held up by this one's idle connections.
        elsewhere = httpx.HTTPTransport(verify=district.kiosk_context(), local_address="127.0.0.2")
        with httpx.Client(transport=elsewhere, base_url=server.url, timeout=10) as other:
            assert other.get("/health").status_code == 200
        for c in idle:
            c.close()


def test_reconnecting_after_the_header_timeout_is_not_rewarded(store, district):
    with running(store, district, IDLE) as server:
        idle = [tls_connection(server, district) for _ in range(IDLE.max_unfinished_per_client)]
        assert all(closed_by_server(c, within_s=5) for c in idle)  # dropped at the header timeout
        # The attacker comes back: one unfinished connection at a time now, the rest closed before TLS.
        again = tls_connection(server, district)
        assert closed_before_tls(server)
        again.close()
        # A client on the same address that asks at once is still served, one connection at a time
        # (retrying, as a kiosk does, while the gateway notices the connections above are gone).
        served = wait_until(lambda: served_or_none(server, district), timeout=10)
        served.close()
        ledger = ClientLedger.of(server.server.servers[0].get_loop(), IDLE)
        assert ledger.struck >= IDLE.max_unfinished_per_client and ledger.refused >= 1
        # Another address was never struck.
        assert not closed_before_tls(server, source="127.0.0.2")


def test_a_feed_batch_is_capped_in_bytes_and_the_kiosk_goes_on_from_its_end(store, district):
    whole = cut_batch(store, district.signer, cursor=0, feed="", snapshot=True, limit=20000)
    capped = cut_batch(store, district.signer, cursor=0, feed="", snapshot=True, limit=20000,
                       max_bytes=whole.body_size // 4)
    assert capped.body_size < whole.body_size // 2
    batch = decode(capped.read_all(), district.verifier())
    assert decode(whole.read_all(), district.verifier()).complete
    assert not batch.complete and batch.end == batch.ops[-1]["seq"]  # the kiosk asks again from its end
