"""Service guides (查档+办事) from ``config/guides`` and sync: for a record type and an errand, what the
record proves, what else to bring, where to go and when.

After viewing a record, the guides of that record's type show first. During a visit the resident can put a
guide on the receipt (its lines join the receipt's "next step" part). Public from the attract screen too:
no card needed to read a guide.

The screen's own words go through Qt's translations like every screen's; a guide's content comes in the
languages its district wrote it in (``Guide.in_language``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QListView, QListWidget, QListWidgetItem, QWidget

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.types import label
from kiosk.guides.book import Guide, GuideBook
from kiosk.guides.purposes import purpose_label
from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.list_pager import ListPager

#: Where a list row keeps its guide's key.
KEY_ROLE = Qt.ItemDataRole.UserRole
#: Single-width columns of a receipt line (the 58 mm printers are the narrowest in use).
RECEIPT_COLUMNS = 32


def load_guides(folder: Path, cache: ArchiveCache | None = None) -> GuideBook:
    """The shipped guides, with the district's synced ``guide`` documents replacing same-keyed ones."""
    return GuideBook.load(folder, cache.documents("guide").values() if cache is not None else ())


def has_receipt(session: Session) -> bool:
    """GUIDE counts as a visit's state even when opened from the attract screen: the card tells."""
    return session.authenticated and session.data.card is not None


class ServiceGuideScreen(Screen):
    prompt_key = "guide"

    def __init__(self, book: GuideBook, parent: QWidget | None = None):
        super().__init__(parent)
        self.book = book
        self.set_title(lambda: self.tr("Service guides"))
        # Two paged lists side by side (whole rows, 上一页 / 下一页, no scroll bars): every guide fits one
        # 1080-line screen in elder mode, however many guides a district publishes and however long one is.
        row = QHBoxLayout()
        row.setSpacing(24)
        self.list = QListWidget(self)
        self.list.setObjectName("guides")
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(lambda item: self.action.emit("guide_topic", item.data(KEY_ROLE)))
        self.text = QListWidget(self)
        self.text.setObjectName("guide_text")
        self.text.setWordWrap(True)
        self.text.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for lst in (self.list, self.text):
            # Long lines wrap to the list's width; only up and down scrolling, as a finger expects.
            lst.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_pages = ListPager(self.list, self)
        self.text_pages = ListPager(self.text, self)
        row.addWidget(self.list_pages.widget, 2)
        row.addWidget(self.text_pages.widget, 3)
        self.body.addLayout(row, 1)
        self.add_button(lambda: self.tr("◀ Back"), "guide_back")
        self.buttons.addStretch(1)
        self.receipt_button = self.add_button(lambda: self.tr("Put it on my receipt"), "guide_to_receipt",
                                              "primary")
        self.shown: Guide | None = None

    def chosen(self, session: Session) -> Guide | None:
        """The guide in view: the one picked, else the first for the record last viewed, else the first."""
        topic = self.view.guide_topic
        rtype, _, purpose = topic.partition("/")
        if not self.book.for_record_type(rtype):
            rtype = viewed_type(session)
        guides = self.book.for_record_type(rtype) or list(self.book.guides.values())
        return self.book.get(rtype, purpose) or next(iter(guides), None)

    def render(self, session: Session) -> None:
        guide = self.shown = self.chosen(session)
        language = self.language()
        self.list.clear()
        # The record the resident just viewed comes first: its errands are the likely ones.
        first = guide.record_type if guide is not None else ""
        for g in sorted(self.book.guides.values(), key=lambda g: g.record_type != first):
            item = QListWidgetItem(f"{label(g.record_type, language)} · {purpose_label(g.purpose, language)}")
            item.setData(KEY_ROLE, g.key)
            self.list.addItem(item)
            if guide is not None and g.key == guide.key:
                self.list.setCurrentItem(item)
        self.text.clear()
        paragraphs = self.paragraphs(guide.in_language(language)) if guide else [self.tr("No service guides.")]
        for paragraph in paragraphs:
            self.text.addItem(QListWidgetItem(paragraph))
        # Only a resident's visit has a receipt; the public guide (opened from the attract screen) has none.
        self.receipt_button.setVisible(has_receipt(session) and guide is not None)
        on_receipt = guide is not None and guide.key in self.view.guides_on_receipt
        self.receipt_button.setEnabled(not on_receipt)
        self.receipt_button.setText(self.tr("✔ On your receipt") if on_receipt else self.tr("Put it on my receipt"))

    def paragraphs(self, guide: Guide) -> list[str]:
        """The guide as the screen shows it: one paragraph per fact, the things to bring in one line."""
        field = self.tr("%1: %2", "a guide's field and its text")
        out = [self.tr("%1", "a guide's heading").replace("%1", guide.label)]
        out += [field.replace("%1", name).replace("%2", value) for name, value in (
            (self.tr("It proves"), guide.proves),
            (self.tr("Also bring"), self.tr("; ", "between things to bring").join(guide.bring)),
            (self.tr("Where"), guide.where), (self.tr("Opening hours"), guide.hours),
            (self.tr("Telephone"), guide.phone), (self.tr("Online"), guide.online),
            (self.tr("Note"), guide.notes)) if value]
        return out

    def forget(self) -> None:
        self.list.clear()
        self.text.clear()
        self.shown = None


def viewed_type(session: Session) -> str:
    record = session.data.current_record
    return str(getattr(record, "record_type", "")) if record is not None else ""
