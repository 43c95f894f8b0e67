"""The checkout receipt's summary, built from the visit: the one source of what a resident's receipt says
at the kiosk (:func:`kiosk.printing.receipt_content.compose_receipt` lays it out; ``kiosk print receipt
--summary`` prints the same summary from a file).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kiosk.archive.types import label
from kiosk.printing.receipt_content import FiledRequest, PrintedCopy, SessionSummary
from kiosk.session import SessionData
from kiosk.session_records import VisitCopy, VisitRequest


def _record_line(record: Any) -> str:
    year = getattr(record, "year", "")
    return f"{record.title}（{year}）" if year else str(record.title)


def printed_copy(entry: VisitCopy) -> PrintedCopy:
    """One entry of ``SessionData.printed`` (a copy printed at this kiosk, or a returned certificate)."""
    return PrintedCopy(title=entry.title or "档案证明", reference=entry.reference,
                       verification_code=entry.verification_code, qr_payload=entry.qr_payload,
                       pages=max(1, entry.pages) * max(1, entry.copies))


def filed_request(entry: VisitRequest) -> FiledRequest:
    """One entry of ``SessionData.requests``: the request number the resident shows at pick-up."""
    title = label(entry.record_type)
    if entry.year:
        title = f"{title}（{entry.year}）"
    pickup = f"{entry.days}个工作日内，本服务点取件" if entry.days else ""
    return FiledRequest(number=(entry.pickup or entry.request_id)[:16], title=title,
                        owning_archive=entry.owner_name, pickup=pickup)


def visit_summary(data: SessionData, *, point_name: str, kiosk_id: str, printed_at: str,
                  point_phone: str = "", next_steps: Sequence[str] = ()) -> SessionSummary:
    """What the receipt of this visit says; the resident's name is masked when it is laid out."""
    by_id = {r.record_id: r for r in data.records}
    current = data.current_record
    if current is not None:
        by_id.setdefault(current.record_id, current)
    viewed = tuple(_record_line(by_id[rid]) if rid in by_id else rid for rid in data.viewed)
    return SessionSummary(point_name=point_name, kiosk_id=kiosk_id, printed_at=printed_at,
                          name=data.card.name if data.card is not None else "", viewed=viewed,
                          printed=tuple(printed_copy(p) for p in data.printed),
                          requests=tuple(filed_request(r) for r in data.requests),
                          next_steps=tuple(next_steps or data.next_steps), point_phone=point_phone)
