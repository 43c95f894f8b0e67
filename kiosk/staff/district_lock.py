"""The kiosk's side of the district-wide PIN tally (the gateway's ``/staff/...`` routes).

Every call is best effort and short: a gateway out of reach, too slow or refusing answers ``None``, and the
kiosk goes on with its own tally (which it keeps in any case). A lock the district reports is also held in
the kiosk's own tally, so it still holds there if the link drops afterwards. A wrong PIN typed while the
gateway is out of reach waits in the outbox (kind ``staff_pin_failure``) and is counted for the district
with the next push.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.config import KioskConfig
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.archive.cache import ArchiveCache

log = logging.getLogger("kiosk.staff.district_lock")
#: A member of staff waits at the screen for the answer: a gateway that takes longer counts as out of reach.
DEADLINE_S = 4.0


@dataclass(frozen=True)
class DistrictState:
    locked: bool
    seconds_left: float
    attempts_left: int

    @classmethod
    def of(cls, answer: dict[str, Any]) -> DistrictState:
        return cls(bool(answer["locked"]), float(answer["seconds_left"]), int(answer["attempts_left"]))


#: The outbox kind of a wrong PIN the gateway could not be told of at once.
OFFLINE_KIND = "staff_pin_failure"


class DistrictLock(Protocol):
    def state(self, card: str) -> DistrictState | None: ...

    def failed(self, card: str) -> DistrictState | None: ...

    def cleared(self, card: str) -> None: ...

    def missed(self, card: str) -> None:
        """A wrong PIN typed while the gateway was out of reach: to be reported later."""
        ...


class Queue(Protocol):
    def enqueue(self, kind: str, payload: Any, key: str | None = None) -> str: ...


class Link(Protocol):
    def post_json(self, path: str, body: Any) -> dict[str, Any]: ...


class GatewayLock:
    """The district tally over the kiosk's mutual-TLS link (a :class:`kiosk.sync.client.GatewayClient`)."""

    def __init__(self, link: Link, queue: Queue | None = None, kiosk_id: str = ""):
        self._link = link
        self._queue = queue
        self._kiosk_id = kiosk_id

    def _ask(self, path: str, card: str) -> DistrictState | None:
        try:
            return DistrictState.of(self._link.post_json(path, {"card": card}))
        except KioskError as e:
            log.warning("district PIN tally not reached (%s): this kiosk's own tally decides", e.code)
        except (KeyError, TypeError, ValueError):
            log.warning("district PIN tally answered something else: this kiosk's own tally decides")
        return None

    def state(self, card: str) -> DistrictState | None:
        return self._ask("/staff/lock-state", card)

    def failed(self, card: str) -> DistrictState | None:
        return self._ask("/staff/pin-failures", card)

    def cleared(self, card: str) -> None:
        self._ask("/staff/pin-cleared", card)

    def missed(self, card: str) -> None:
        if self._queue is None:
            return
        at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        try:
            self._queue.enqueue(OFFLINE_KIND, {"card": card, "kiosk_id": self._kiosk_id, "at": at})
        except KioskError as e:  # a full disk must not turn a wrong PIN into a crash: the local tally counted it
            log.warning("wrong PIN not queued for the district (%s)", e.code)

    def close(self) -> None:
        close = getattr(self._link, "close", None)
        if close is not None:
            close()


def district_lock_for(config: KioskConfig, cache: ArchiveCache) -> GatewayLock | None:
    """The district tally of a kiosk with a gateway URL and credentials (None otherwise: the kiosk's own
    tally alone). The link is opened here (its TLS key read once, with the storage key); wrong PINs typed
    offline wait in the cache's outbox."""
    gw = config.gateway
    if not gw.url or not gw.credentials:
        return None
    from kiosk.storage.private_keys import secrets_for
    from kiosk.sync.client import GatewayClient
    from kiosk.sync.outbox import Outbox
    from kiosk.tls.credentials import client_context_of

    try:
        tls = client_context_of(config.resolve(gw.credentials), secrets_for(cache.key))
    except KioskError as e:
        log.warning("no district PIN tally: %s", e.code)
        return None
    return GatewayLock(GatewayClient(gw.url, timeout_s=min(gw.timeout_s, DEADLINE_S), tls=tls,
                                     deadline_s=DEADLINE_S), Outbox(cache), config.point.kiosk_id)
