"""The checkout receipt's summary, built from the visit: the one source of what a resident's receipt says
at the kiosk (:func:`kiosk.printing.receipt_content.compose_receipt` lays it out; ``kiosk print receipt
--summary`` prints the same summary from a file).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kiosk.archive.models import Record
from kiosk.archive.record_words import record_title
from kiosk.archive.types import label
from kiosk.printing.receipt_content import FiledRequest, PrintedCopy, SessionSummary
from kiosk.session import SessionData
from kiosk.session_records import VisitCopy, VisitRequest


def _english(language: str) -> bool:
    return language.startswith("en")


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _record_line(record: Any, language: str = "zh_CN") -> str:
    year = getattr(record, "year", "")
    title = record_title(record, language) if isinstance(record, Record) else str(record.title)
    if _english(language):
        return f"{title} ({year})" if year else title
    return f"{title}（{year}）" if year else title


def printed_copy(entry: VisitCopy, record: Record | None = None, language: str = "zh_CN") -> PrintedCopy:
    """One entry of ``SessionData.printed`` (a copy printed at this kiosk, or a returned certificate); in
    English the record's English title, else a plain description."""
    title = entry.title or "档案证明"
    if _english(language):
        title = record_title(record, language) if record is not None else (
            "Certified copy" if _chinese(title) else title)
    return PrintedCopy(title=title, reference=entry.reference,
                       verification_code=entry.verification_code, qr_payload=entry.qr_payload,
                       pages=max(1, entry.pages) * max(1, entry.copies))


def filed_request(entry: VisitRequest, language: str = "zh_CN") -> FiledRequest:
    """One entry of ``SessionData.requests``: the request number the resident shows at pick-up."""
    english = _english(language)
    title = label(entry.record_type, language)
    if entry.year:
        title = f"{title} ({entry.year})" if english else f"{title}（{entry.year}）"
    if english:
        days = entry.days or 0
        pickup = (f"within {days} working day{'' if days == 1 else 's'}, at this service point" if days else "")
        owner = entry.owner_name if entry.owner_name and not _chinese(entry.owner_name) else (
            "the archive that holds it" if entry.owner_name else "")
    else:
        pickup = f"{entry.days}个工作日内，本服务点取件" if entry.days else ""
        owner = entry.owner_name
    return FiledRequest(number=(entry.pickup or entry.request_id)[:16], title=title, owning_archive=owner,
                        pickup=pickup)


def visit_summary(data: SessionData, *, point_name: str, kiosk_id: str, printed_at: str,
                  point_phone: str = "", next_steps: Sequence[str] = (), language: str = "zh_CN") -> SessionSummary:
    """What the receipt of this visit says; the resident's name is masked when it is laid out."""
    by_id = {r.record_id: r for r in data.records}
    current = data.current_record
    if current is not None:
        by_id.setdefault(current.record_id, current)
    viewed = tuple(_record_line(by_id[rid], language) if rid in by_id else rid for rid in data.viewed)
    return SessionSummary(point_name=point_name, kiosk_id=kiosk_id, printed_at=printed_at,
                          name=data.card.name if data.card is not None else "", viewed=viewed,
                          printed=tuple(printed_copy(p, by_id.get(p.record_id), language) for p in data.printed),
                          requests=tuple(filed_request(r, language) for r in data.requests),
                          next_steps=tuple(next_steps or data.next_steps), point_phone=point_phone,
                          language=language)
