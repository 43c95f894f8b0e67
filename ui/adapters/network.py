"""The district gateway as the kiosk lives with it: the sync that keeps the cache current, and the state the
offline banner shows.

:class:`GatewaySync` is the :class:`ui.services.NetworkPort`: ``state()`` asks the configured gateway's
``/health`` (reachability) and reads the cache's last sync. :meth:`GatewaySync.start` (after the first
paint: the HTTP and gateway libraries take half a second to load) runs a
:class:`kiosk.sync.scheduler.SyncScheduler` on its own thread, with its own connection to the cache, pulling
the change feed and pushing the outbox. With ``gateway.embedded`` (the demo) it first starts the demo
gateway (:mod:`ui.adapters.demo_gateway`) on loopback.

Every request goes through a :class:`SwitchableLink`. ``set_online(False)`` (the demo panel, the tests) cuts
it: requests are sent to a loopback port nobody listens on and fail as a pulled cable makes them fail, so
the banner, the sync's backoff and the cached data are all the real offline ones.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading
from typing import TYPE_CHECKING, Any

from kiosk.archive.cache import ArchiveCache
from kiosk.config import KioskConfig
from kiosk.errors import ConfigError, KioskError
from ui.services import NetworkState

if TYPE_CHECKING:
    import httpx

    from kiosk.sync.scheduler import SyncScheduler
    from kiosk.sync.syncer import SyncResult

log = logging.getLogger("ui.adapters.network")

#: The banner's reachability question must not hold a worker thread for the full request timeout.
PROBE_TIMEOUT_S = 2.0
UNREACHABLE = "GATEWAY_UNREACHABLE"


class SwitchableLink:
    """An httpx transport that can be cut: while cut, every request goes to a dead loopback port."""

    def __init__(self) -> None:
        self._inner: Any = None
        # Bound but never listening: a connection to it is refused at once, like a gateway that is down.
        self._dead = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._dead.bind(("127.0.0.1", 0))
        self.dead_port = self._dead.getsockname()[1]
        self.cut = False

    def use_tls(self, tls: Any) -> None:
        """The kiosk's client context (its certificate, the district CA pinned) for every request."""
        import httpx

        self._inner = httpx.HTTPTransport(verify=tls)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.cut:
            request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.dead_port)
        return self._inner.handle_request(request)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()
        self._dead.close()


class GatewaySync:
    def __init__(self, config: KioskConfig, cache: ArchiveCache):
        self.config = config
        #: The screens' cache connection: the banner reads the last sync through it.
        self.cache = cache
        gw = config.gateway
        self.configured = bool(gw.url or gw.embedded)
        self.url: str | None = gw.url.rstrip("/") or None
        self.last_error: str | None = None
        self.last_result: SyncResult | None = None
        self.scheduler: SyncScheduler | None = None
        self._link: SwitchableLink | None = None
        self._probe: httpx.Client | None = None
        self._demo: Any = None
        self._sync_cache: ArchiveCache | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    # --- the port -----------------------------------------------------------------------------------
    def state(self) -> NetworkState:
        last_sync = _epoch(self.cache.meta("last_sync"))
        if not self.configured:
            # Configured to work from the cache alone (config/kiosk.toml: gateway.url empty): no link to lose.
            return NetworkState(True, last_sync)
        if self.url is None or self._probe is None:
            # Still starting (the first seconds after start-up): nothing known to be wrong yet.
            return NetworkState(self.last_error is None, last_sync)
        reachable = self._reachable()
        if reachable and self.last_error == UNREACHABLE and self.scheduler is not None:
            self.scheduler.trigger()  # the link is back: no need to wait out the backoff
        return NetworkState(reachable, last_sync)

    def _reachable(self) -> bool:
        import httpx

        assert self._probe is not None and self.url is not None
        try:
            return self._probe.get(f"{self.url}/health").status_code == 200
        except httpx.HTTPError:
            return False

    # --- the simulator handle -----------------------------------------------------------------------
    def set_online(self, online: bool) -> None:
        """Pull (False) or plug back (True) the kiosk's network link."""
        if self._link is None:
            return
        self._link.cut = not online
        if online and self.scheduler is not None:
            self.scheduler.trigger()

    # --- lifetime -----------------------------------------------------------------------------------
    def start(self) -> None:
        """Start syncing in the background (after the first paint); idempotent."""
        if self.configured and self._thread is None:
            self._link = SwitchableLink()
            self._thread = threading.Thread(target=self._start, name="gateway-start", daemon=True)
            self._thread.start()

    def wait_started(self, timeout_s: float = 30.0) -> bool:
        """For tests and shutdown: True once the sync scheduler runs (or start-up has given up)."""
        if self._thread is None:
            return False
        self._thread.join(timeout_s)
        return self.scheduler is not None

    def _start(self) -> None:
        try:
            self._start_syncing()
        except KioskError as e:
            self.last_error = e.code
            log.warning("sync not started: %s (%s)", e.code, e.message)

    def _start_syncing(self) -> None:
        import httpx

        from kiosk.crypto.keys import load_verifier
        from kiosk.sync.client import GatewayClient
        from kiosk.sync.outbox import Outbox
        from kiosk.sync.scheduler import SyncScheduler
        from kiosk.sync.syncer import SyncClient

        from kiosk.tls.credentials import client_context_of

        gw = self.config.gateway
        if gw.embedded:
            from ui.adapters.demo_gateway import DemoGateway

            self._demo = DemoGateway(self.config.resolve(self.config.data.dir), self.config.point.archive_code,
                                     self.config.point.kiosk_id)
            verifier = self._demo.verifier()
            credentials = self._demo.credentials()[1]
            url = self._demo.start()
        else:
            verifier = load_verifier(self.config.resolve(gw.district_pub))
            credentials = self.config.resolve(gw.credentials) if gw.credentials else None
            url = gw.url.rstrip("/")
        from kiosk.storage.private_keys import secrets_for

        tls = client_context_of(credentials, secrets_for(self.cache.key))
        if tls is None:
            raise ConfigError("the gateway needs the kiosk's TLS credentials (gateway.credentials)",
                              code="TLS_CREDENTIALS_MISSING")
        link = self._link
        assert link is not None
        link.use_tls(tls)
        if self._stopping.is_set():
            return
        # The sync's own connection: it writes batches while the screens read through theirs (WAL).
        self._sync_cache = ArchiveCache(self.cache.path, key=self.cache.key)
        from kiosk.config_remote import DistrictConfig

        client = SyncClient(self._sync_cache, GatewayClient(url, gw.timeout_s, transport=link), verifier,
                            timeout_s=gw.timeout_s, batch_deadline_s=gw.batch_deadline_s,
                            run_deadline_s=gw.run_deadline_s, config_keeper=DistrictConfig(self.config, verifier))
        self._probe = httpx.Client(transport=link, timeout=min(gw.timeout_s, PROBE_TIMEOUT_S))
        sync_cache = self._sync_cache
        # Pushed photos are wiped by the outbox itself after every push.
        self.scheduler = SyncScheduler(client, gw.sync_interval_s, outbox=Outbox(sync_cache), listener=self._heard)
        self.url = url
        self.scheduler.start()

    def gateway_link(self) -> tuple[str, httpx.Client] | None:
        """The gateway's URL and a client over the kiosk's mutually authenticated link, for a screen's own
        question (None until the sync has started)."""
        import httpx

        if self._link is None or self._probe is None or self.url is None:
            return None
        return self.url, httpx.Client(transport=self._link, timeout=self.config.gateway.timeout_s)

    def _heard(self, result: SyncResult | None, error: KioskError | None) -> None:
        self.last_result = result if error is None else self.last_result
        self.last_error = error.code if error is not None else None

    def close(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self.scheduler is not None:
            self.scheduler.stop()
            self.scheduler.client.gateway.close()
        if self._probe is not None:
            self._probe.close()
        if self._demo is not None:
            self._demo.stop()
        if self._sync_cache is not None:
            self._sync_cache.close()
        if self._link is not None:
            self._link.close()


def _epoch(iso: str | None) -> float | None:
    if not iso:
        return None
    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.timestamp()
