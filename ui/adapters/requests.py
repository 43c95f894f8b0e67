"""The request port over :mod:`kiosk.requests`: a resident's request for a record the point does not hold
goes into the kiosk's outbox as agents' requests do (:func:`kiosk.requests.kiosk_service.open_requests`), and is
followed in the same request book, so its result is told at the resident's next card tap.

The service is opened at the first request (on a worker thread): its imports would slow the start-up.
"""

from __future__ import annotations

import threading
from typing import Any

from kiosk.archive.cache import ArchiveCache
from kiosk.audit import AuditLog
from kiosk.config import KioskConfig

#: A resident at the screen does not name a purpose; the owning archive asks at pick-up if it needs one.
DEFAULT_PURPOSE = "other"
#: The district's target for a request (异地受理 within one working day), as the screen words it.
TARGET_WORKING_DAYS = 1
PICKUP_CODE_CHARS = 8


def pickup_code(request_id: str) -> str:
    """The short reference the resident shows at pick-up; the ready notice and the agent's screen name a
    request by the same characters."""
    return request_id[:PICKUP_CODE_CHARS].upper()


class OutboxRequests:
    """:class:`ui.services.RequestPort` over the kiosk's request service."""

    def __init__(self, config: KioskConfig, cache: ArchiveCache, audit: AuditLog, events: Any = None):
        self.config = config
        self._cache = cache
        self._audit = audit
        self._events = events
        self._lock = threading.Lock()
        self._requests: Any = None  # kiosk.requests.kiosk_service.KioskRequests, once opened

    @property
    def kiosk_requests(self) -> Any:
        """The kiosk's one request service with its book and outbox (``KioskRequests``), opened at first use:
        the resident's requests and the agent's share it."""
        with self._lock:
            if self._requests is None:
                from kiosk.requests.kiosk_service import open_requests

                self._requests = open_requests(self.config, self._cache, self._audit, events=self._events)
            return self._requests

    @property
    def service(self) -> Any:
        """The :class:`kiosk.requests.service.RequestService` behind the port."""
        return self.kiosk_requests.service

    def submit(self, request: dict[str, Any]) -> dict[str, Any]:
        """``request`` as the request screen fills it in: ``record_type``, ``year``, ``archive_code`` (the
        owning archive when a catalogue hit named it), ``subject_id``, ``subject_name``. Raises
        :class:`kiosk.requests.errors.RequestInvalid` naming what is missing."""
        from kiosk.requests.model import Channel, Request

        point = self.config.point
        year = request.get("year")
        filed = Request(origin_archive=point.archive_code, origin_kiosk=point.kiosk_id,
                        # Not known (the resident asked without a catalogue hit): this point's own archive
                        # takes it and finds the owner.
                        owner_archive=str(request.get("archive_code") or point.archive_code),
                        record_type=str(request.get("record_type") or ""),
                        purpose=str(request.get("purpose") or DEFAULT_PURPOSE),
                        subject_id=str(request.get("subject_id") or ""),
                        subject_name=str(request.get("subject_name") or ""),
                        channel=Channel.SELF, note=f"年度：{year}" if year else "")
        service = self.service
        answer = service.submit(filed)
        target = service.status(answer["request_id"])["target"]
        return {"request_id": answer["request_id"], "status": answer["status"],
                "pickup": pickup_code(answer["request_id"]), "days": TARGET_WORKING_DAYS,
                "due_at": target["due_at"]}

    def close(self) -> None:
        with self._lock:
            requests, self._requests = self._requests, None
        if requests is not None:
            requests.close()
