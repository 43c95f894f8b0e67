"""What the screens show of a visit besides the session's own data: the view model.

The domain's :class:`kiosk.session.SessionData` holds the visit's facts (the card, records, copies printed,
requests filed); this holds what the screens need to draw them (the record type chosen, a search's hits,
the pages and previews decoded for display, a print's progress). Flows write it, screens read it; it is
cleared at WIPE with the session's data, so nothing personal outlives the visit here either.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from kiosk.archive.service import CatalogueHit


@dataclass
class VisitView:
    #: The resident's records are being read from the cache.
    records_loading: bool = False
    #: The record type chosen on HOME (RECORDS lists it).
    record_type: str = ""
    #: The open record's pages: PNG bytes, and the images decoded for the page viewer.
    pages: list[bytes] | None = None
    page_images: list[Any] | None = None
    #: The last catalogue search's hits (None while searching).
    search_hits: list[CatalogueHit] | None = None
    #: What that search asked for (shown with its hits, so the resident sees what was searched).
    search_query: str = ""
    #: The request being filled in: record_type, year, archive_code, ...
    request_draft: dict[str, Any] = field(default_factory=dict)
    #: The service guide in view ("record_type" or "record_type/purpose"), and those put on the receipt.
    guide_topic: str = ""
    guides_on_receipt: list[str] = field(default_factory=list)
    #: Print options chosen (copies, purpose), the certified copy's preview, and the print's progress.
    print_options: dict[str, Any] | None = None
    copy_preview: bytes | None = None
    copy_preview_image: Any = None
    #: Renders part of the copy's page sharp at any zoom (``ui.widgets.page_canvas.SharpRenderer``).
    copy_sharp: Any = None
    print_job: dict[str, Any] | None = None
    #: The checkout receipt: "printing" | "done" | "failed", and its picture from a simulated printer.
    receipt_status: str = ""
    receipt_preview: bytes | None = None
    receipt_preview_image: Any = None
    #: The resident asked for staff from the error screen.
    staff_called: bool = False
    #: Finish was pressed before anything was printed: "还没打印，确定结束吗？" is on screen.
    confirm_finish: bool = False
    #: What the agent photographed for a proxy request (the kinds; the photos stay with the flow).
    proxy_captured: list[str] = field(default_factory=list)
    #: This visit's returned requests were already looked up.
    ready_requests_checked: bool = False

    def clear(self) -> None:
        """At WIPE: every field back to its empty value."""
        fresh = VisitView()
        for f in fields(self):
            setattr(self, f.name, getattr(fresh, f.name))
