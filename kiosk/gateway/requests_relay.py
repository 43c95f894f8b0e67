"""Moving requests and results between district gateways over mutual TLS.

Each peer is called with this gateway's certificate, trusting only that peer district's CA
(``tls_for(code)``), and the certificate the peer presents must name the archive code it is called for:
a CA that signs for another code does not get our residents' requests.

``pump()`` sends what waits: requests to their owning district (``POST /federation/inbound``) and results
back to the district that received the request (``POST /federation/results``). A peer that does not
answer keeps the row waiting for the next pump; the peer's intake is idempotent on ``request_id``, so a
reply lost on the way back only costs a repeat, never a duplicate.
"""

from __future__ import annotations

import logging
import ssl
import threading
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from kiosk.gateway.requests_store import FederationStore
from kiosk.ports import AuditSink
from kiosk.tls.pki import describe

log = logging.getLogger("kiosk.gateway.federation")


class Relay:
    def __init__(self, store: FederationStore, peers: Mapping[str, str], audit: AuditSink, *, own_archive: str,
                 timeout_s: float = 5.0, tls_for: Callable[[str], ssl.SSLContext | None] = lambda code: None,
                 seal: Callable[[dict[str, Any]], dict[str, Any]] | None = None):
        self.store = store
        # Kept by reference: peers learnt later (a directory update, a test's second district) are seen.
        self.peers = peers
        self.audit = audit
        self.own_archive = own_archive
        self.timeout_s = timeout_s
        self.tls_for = tls_for
        self.seal = seal  # signs what leaves this district
        self._clients: dict[str, httpx.Client] = {}
        self._pump_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def pump(self) -> int:
        """Send everything waiting; returns how many deliveries succeeded."""
        with self._pump_lock:  # one pump at a time: two would post the same row twice
            done = 0
            for row in self.store.waiting("forward"):
                if self._post(row["owner_archive"], "/federation/inbound", row["payload"], row):
                    self.store.forwarded(row["request_id"])
                    self.audit.append("federation.forwarded", {"request_id": row["request_id"],
                                                               "to": row["owner_archive"],
                                                               "subject": row["subject"]}, actor="gateway")
                    done += 1
            for row in self.store.waiting("result"):
                result = {"request_id": row["request_id"], "status": row["status"], "reason": row["reason"],
                          "certificate": row["certificate"], "handled_by": row["handled_by"],
                          "from_archive": self.own_archive}
                if self._post(row["origin_archive"], "/federation/results", result, row):
                    self.store.result_delivered(row["request_id"])
                    self.audit.append("federation.result_sent", {"request_id": row["request_id"],
                                                                 "to": row["origin_archive"],
                                                                 "status": row["status"]}, actor="gateway")
                    done += 1
            return done

    def _post(self, archive: str, path: str, body: dict[str, Any], row: dict[str, Any]) -> bool:
        base = (self.peers.get(archive) or "").rstrip("/")
        client = self._client(archive)
        if not base or client is None or self.seal is None:
            log.warning("no peer (or no CA) configured for archive %s (request %s waits)", archive,
                        row["request_id"])
            return False
        try:
            r = client.post(base + path, json=self.seal(body))
        except httpx.HTTPError as e:
            log.info("peer %s unreachable (%s); request %s waits", archive, type(e).__name__, row["request_id"])
            return False
        named = _peer_archive(r)
        if named != archive:
            log.warning("the gateway at %s presented a certificate of archive %s, not %s: nothing more is sent",
                        base, named, archive)
            return False
        if r.status_code >= 300:
            log.warning("peer %s refused %s for request %s: %s", archive, path, row["request_id"], r.status_code)
            return False
        return True

    def _client(self, archive: str) -> httpx.Client | None:
        client = self._clients.get(archive)
        if client is None:
            context = self.tls_for(archive)
            if context is None:
                return None
            client = self._clients[archive] = httpx.Client(timeout=self.timeout_s, verify=context)
        return client

    # --- background -----------------------------------------------------------------------------------
    def kick(self) -> None:
        """Something new waits: pump now rather than at the next interval."""
        self._wake.set()

    def start(self, interval_s: float = 5.0) -> None:
        if self._thread is not None:
            return

        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.pump()
                except Exception:  # noqa: BLE001 - the relay outlives one bad row or a database hiccup
                    log.exception("federation pump failed")
                self._wake.wait(interval_s)
                self._wake.clear()

        self._thread = threading.Thread(target=loop, name="federation-relay", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        for client in self._clients.values():
            client.close()
        self._clients.clear()


def _peer_archive(response: httpx.Response) -> str | None:
    """The archive code in the certificate the answering server presented."""
    stream = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    der = ssl_object.getpeercert(True) if ssl_object is not None else None  # the DER form
    if not der:
        return None
    from cryptography import x509

    return describe(x509.load_der_x509_certificate(der))["archive_code"]
