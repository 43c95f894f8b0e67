"""What a visit handed out, as the session keeps it: the copies printed and the requests filed.

Frozen records rather than dictionaries, so a flow that writes one and the receipt, the checkout screen
and the statistics that read it agree on one set of fields. They live in :class:`kiosk.session.SessionData`
and go with it at WIPE.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class VisitCopy:
    """A paper handed to the resident in this visit: a certified copy printed here (``record_id``) or a
    certificate returned for an earlier request (``request_id``)."""

    title: str = ""
    verification_code: str = ""
    copies: int = 1
    pages: int = 1
    reference: str = ""
    qr_payload: str = ""
    record_id: str = ""
    request_id: str = ""

    @classmethod
    def from_print(cls, summary: Mapping[str, Any]) -> VisitCopy:
        """From what the printing service reports of a printed certified copy."""
        return cls(title=str(summary.get("title") or ""), verification_code=str(summary.get("verification_code") or ""),
                   copies=max(1, int(summary.get("copies") or 1)), pages=max(1, int(summary.get("pages") or 1)),
                   reference=str(summary.get("reference") or ""), qr_payload=str(summary.get("qr_payload") or ""),
                   record_id=str(summary.get("record_id") or ""))


@dataclass(frozen=True)
class VisitRequest:
    """A request filed in this visit. ``pickup`` is what the resident is shown and shows at the counter;
    ``request_id`` is internal and never shown."""

    request_id: str
    record_type: str = ""
    year: int | None = None
    pickup: str = ""
    #: Working days until the result is due at this point (None: not promised).
    days: int | None = None
    owner_name: str = ""
