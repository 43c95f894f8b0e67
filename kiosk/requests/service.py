"""Filing requests and following them until the resident has the result in hand.

The kiosk never talks to another district: it puts the request in its outbox (pushed to its own gateway
idempotently, so a gateway that is down only delays it), and later asks its gateway how the request
stands. Every step is audited with both parties: the agent as actor, the masked subject in the detail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from kiosk.errors import CertificateError
from kiosk.ports import AuditSink
from kiosk.requests.book import RequestBook
from kiosk.requests.deadline import WorkingDays, clock_text
from kiosk.requests.model import Request, Status
from kiosk.requests.errors import RequestStateError

OUTBOX_KIND = "request"


class Outbox(Protocol):
    def enqueue(self, kind: str, payload: dict[str, Any], key: str) -> Any: ...


class RequestEvents(Protocol):
    """Who counts requests (the anonymous statistics): the channel when filed, the outcome when known."""

    def request_filed(self, channel: str) -> None: ...

    def request_outcome(self, status: str) -> None: ...


class StatusSource(Protocol):
    def fetch(self, request_id: str) -> dict[str, Any] | None:
        """The gateway's view ``{"status", "reason"?, "certificate"?}``, or None if it has not got it yet."""


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def outbox_key(request_id: str) -> str:
    return f"request:{request_id}"


class RequestService:
    def __init__(self, book: RequestBook, outbox: Outbox, audit: AuditSink, *,
                 status_source: StatusSource | None = None, working_days: WorkingDays | None = None,
                 clock: Callable[[], dt.datetime] = _utcnow, after_push: Callable[[], object] | None = None,
                 events: RequestEvents | None = None,
                 certificate_check: Callable[[dict[str, Any]], None] | None = None):
        self.book = book
        self._outbox = outbox
        self._audit = audit
        self._source = status_source
        self._days = working_days or WorkingDays()
        self._clock = clock
        # Run before each refresh: by then the outbox may have pushed, and pushed photos are forgotten.
        self._after_push = after_push
        self._events = events
        # Raises CertificateError (CERT_*) for a returned certificate no trusted district issued. Without
        # one, no returned certificate is believed at all.
        self._certificate_check = certificate_check

    @property
    def working_days(self) -> WorkingDays:
        """The calendar the one-working-day clock runs on."""
        return self._days

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    def submit(self, request: Request) -> dict[str, str]:
        request.check()
        request.created_at = self._now()
        summary = request.summary()
        self._outbox.enqueue(OUTBOX_KIND, request.to_wire(), outbox_key(request.request_id))
        self.book.add(request.request_id, request.subject_id, summary, Status.QUEUED.value, request.created_at)
        actor = f"agent:{request.agent_id}" if request.agent_id else "resident"
        self._audit.append("request.submitted", summary, actor=actor)
        request.drop_attachments()
        if self._events is not None:
            self._events.request_filed(request.channel.value)
        return {"request_id": request.request_id, "status": Status.QUEUED.value}

    def status(self, request_id: str) -> dict[str, Any]:
        row = self.book.get(request_id)
        filed = dt.datetime.fromisoformat(row["created_at"])
        row["target"] = clock_text(filed, self._clock(), self._days)
        return row

    def refresh(self, id_number: str | None = None) -> list[dict[str, Any]]:
        """Ask the gateway about every open request (or only those of ``id_number``, at a card tap);
        returns the ones whose status changed."""
        if self._after_push is not None:
            self._after_push()
        if self._source is None:
            return []
        changed = []
        open_ = {s.value for s in (Status.QUEUED, Status.RECEIVED, Status.FORWARDED)}
        rows = self.book.with_status(*open_) if id_number is None else \
            [r for r in self.book.for_subject(id_number) if r["status"] in open_]
        for row in rows:
            remote = self._source.fetch(row["request_id"])
            if remote is None or remote.get("status") == row["status"]:
                continue
            new = Status(remote["status"])
            if new is Status.COMPLETED and not self._believed(row, remote.get("certificate")):
                continue
            self.book.update(row["request_id"], new.value, self._now(), reason=remote.get("reason", ""),
                             certificate=remote.get("certificate"))
            detail = {"request_id": row["request_id"], "status": new.value, "subject": row["summary"]["subject"]}
            if remote.get("reason"):
                detail["reason"] = remote["reason"]
            self._audit.append("request.status", detail, actor="gateway")
            if self._events is not None and new in (Status.COMPLETED, Status.REJECTED):
                self._events.request_outcome(new.value)
            changed.append(self.book.get(row["request_id"]))
        return changed

    def check_certificate(self, certificate: Any) -> None:
        """CertificateError (``CERT_*``) unless a district this kiosk trusts issued ``certificate``."""
        if not isinstance(certificate, dict):
            raise CertificateError("the request came back without a certificate", code="CERT_MALFORMED")
        if self._certificate_check is None:
            raise CertificateError("this kiosk knows no district key to check certificates with",
                                   code="CERT_UNKNOWN_DISTRICT")
        self._certificate_check(certificate)

    def _believed(self, row: dict[str, Any], certificate: Any) -> bool:
        """A certificate is stored only once checked; a bad one is audited and the request stays open."""
        try:
            self.check_certificate(certificate)
        except CertificateError as e:
            self._audit.append("request.certificate_refused", {"request_id": row["request_id"], "code": e.code,
                                                               "subject": row["summary"]["subject"]},
                               actor="kiosk")
            return False
        return True

    def ready_for(self, id_number: str) -> list[dict[str, Any]]:
        """What to tell a resident at their card tap: results back (certificates to print, rejections)."""
        return [r for r in self.book.for_subject(id_number)
                if r["status"] in (Status.COMPLETED.value, Status.REJECTED.value)]

    def mark_printed(self, request_id: str, *, actor: str = "resident") -> None:
        row = self.book.get(request_id)
        if row["status"] != Status.COMPLETED.value:
            raise RequestStateError(f"request {request_id} is {row['status']}, not ready to print",
                                    detail={"request_id": request_id, "status": row["status"]})
        self.book.update(request_id, Status.PRINTED.value, self._now())
        self._audit.append("request.printed", {"request_id": request_id, "subject": row["summary"]["subject"]},
                           actor=actor)

    def acknowledge_rejection(self, request_id: str) -> None:
        """The resident has read why: the rejection is not shown again at the next tap."""
        row = self.book.get(request_id)
        if row["status"] == Status.REJECTED.value:
            self.book.update(request_id, Status.REJECTION_SEEN.value, self._now(), reason=row["reason"])
