"""What a resident is told when they next tap their card: a request of theirs came back.

A completed request means a certificate from the owning archive waits to be printed here (就近出证); a
rejected one carries the owner's reason, shown until the resident has read it. The notice holds no name
and no ID number: only what the kiosk's request book already keeps (masked summaries, codes).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from kiosk.archive.types import label
from kiosk.errors import KioskError
from kiosk.guides.purposes import purpose_label
from kiosk.requests.model import Status
from kiosk.requests.service import RequestService

log = logging.getLogger("kiosk.requests")


@dataclass(frozen=True)
class ReadyNotice:
    request_id: str
    status: str  # "completed" or "rejected"
    record_type: str
    purpose: str
    owner_archive: str
    reason: str = ""
    verification_code: str = ""

    @property
    def printable(self) -> bool:
        return self.status == Status.COMPLETED.value

    @property
    def number(self) -> str:
        """The short request number the resident saw on their receipt."""
        return self.request_id[:8].upper()

    def text(self, language: str = "zh_CN") -> str:
        english = language.startswith("en")
        what = f"{label(self.record_type, language)} ({purpose_label(self.purpose, language)})" if english \
            else f"{label(self.record_type, language)}（{purpose_label(self.purpose, language)}）"
        if self.printable:
            if english:
                return f"Your request {self.number} for {what} is ready — print it now."
            return f"您申请的{what}已办结（申请号 {self.number}），现在即可打印。"
        if english:
            return f"Your request {self.number} for {what} was not accepted: {self.reason}"
        return f"您申请的{what}未获办理（申请号 {self.number}）：{self.reason}"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ReadyNotice:
        summary = row["summary"]
        certificate = row.get("certificate") or {}
        return cls(request_id=row["request_id"], status=row["status"], record_type=summary["record_type"],
                   purpose=summary["purpose"], owner_archive=summary["owner_archive"], reason=row.get("reason", ""),
                   verification_code=certificate.get("verification_code", ""))


def ready_notices(service: RequestService, id_number: str, *, refresh: bool = True) -> list[ReadyNotice]:
    """Results waiting for this resident, after asking the gateway (when asked to) for news.

    A gateway that does not answer is no reason to keep quiet about results already here: the kiosk's
    own book is read either way.
    """
    if refresh:
        try:
            service.refresh(id_number)
        except KioskError as e:
            log.info("request status not refreshed: %s", e.code)
    return [ReadyNotice.from_row(r) for r in service.ready_for(id_number)]
