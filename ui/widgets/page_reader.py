"""A page reader for people who do not read small print: the page fills the height beside a column of big
controls, opens where its text is as large as the screen's own text (≥ 32 px, ≥ 48 px in elder mode),
pans by a finger's drag, zooms by pinching or by buttons that say the size in percent, goes full screen
in one tap, and reads the page aloud.

The readable size follows the theme: the reader's own font (set by the style sheet) is the screen's body
text size, so elder mode opens the page larger without anyone telling the reader.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontInfo, QImage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.theme import MIN_BODY_PX
from ui.widgets.buttons import BigButton
from ui.widgets.page_canvas import PageCanvas, SharpRenderer

#: The sizes "−" and "+" step through, relative to the readable opening size (100 %); fingers pinch to any
#: other. Below 100 % only to see where one is on the page ("Whole page" shows all of it).
STEPS = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)


def percent(relative: float) -> str:
    return f"{round(relative * 100)}%"


class PageReader(QWidget):
    #: The resident asked to hear the page: the text to read.
    readAloud = Signal(str)
    #: The resident used the reader (the visit's idle timer restarts).
    used = Signal()

    def __init__(self, parent: QWidget | None = None, *, full: bool = False):
        super().__init__(parent)
        self.setObjectName("page_reader_full" if full else "page_reader")
        self.full = full
        self.texts: list[str] = []
        self._overlay: PageReader | None = None
        self._owner: PageReader | None = None  # the reader a full-screen overlay belongs to
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        self.canvas = PageCanvas(self)
        row.addWidget(self.canvas, 1)
        # Four rows at most, so that the column fits beside the page in elder mode on a 1080-line screen:
        # the page number between its turn buttons; − size +; whole page and full screen; read aloud.
        side = QVBoxLayout()
        side.setSpacing(12)
        turn = QHBoxLayout()
        self.prev_btn = self._button("reader_prev", lambda: self.canvas.turn(-1))
        self.next_btn = self._button("reader_next", lambda: self.canvas.turn(1))
        self.page_no = QLabel(self)
        self.page_no.setObjectName("reader_page_no")
        self.page_no.setAlignment(Qt.AlignmentFlag.AlignCenter)
        turn.addWidget(self.prev_btn)
        turn.addWidget(self.page_no, 1)
        turn.addWidget(self.next_btn)
        side.addLayout(turn)
        sizes = QHBoxLayout()
        self.zoom_out_btn = self._button("reader_zoom_out", lambda: self.step_zoom(-1))
        self.zoom_in_btn = self._button("reader_zoom_in", lambda: self.step_zoom(1))
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("reader_zoom_percent")
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("400%") + 16)
        sizes.addWidget(self.zoom_out_btn)
        sizes.addWidget(self.zoom_label, 1)
        sizes.addWidget(self.zoom_in_btn)
        side.addLayout(sizes)
        views = QHBoxLayout()
        self.whole_btn = self._button("reader_whole", self.canvas.whole_page)
        views.addWidget(self.whole_btn)
        self.full_btn = self._button("reader_full", self._toggle_full)
        views.addWidget(self.full_btn)
        side.addLayout(views)
        self.read_btn = self._button("reader_read_aloud", self._read_aloud)
        side.addWidget(self.read_btn)
        side.addStretch(1)
        row.addLayout(side)
        self.canvas.changed.connect(self._update_controls)
        self.canvas.used.connect(self.used)
        self._retranslate()

    def _button(self, name: str, do) -> BigButton:
        b = BigButton("", "secondary", self)
        b.setObjectName(name)
        b.clicked.connect(lambda: (do(), self.used.emit()))
        return b

    # --- content ----------------------------------------------------------------------------------
    def set_document(self, images: list[QImage], texts: list[str] | None = None,
                     sharp: SharpRenderer | None = None) -> None:
        """The pages, what each says (read aloud; one text may cover every page), and for a document
        rather than a scan the renderer that draws it sharp at any zoom."""
        self.texts = list(texts or [])
        self.canvas.set_pages(images, self.readable_px(), sharp)

    def clear(self) -> None:
        self.texts = []
        self.canvas.clear()
        if self._overlay is not None:
            self._close_overlay()

    def readable_px(self) -> float:
        """The screen's own body text size: the page text opens at least this large."""
        self.ensurePolished()  # a reader kept hidden has its style sheet font only once polished
        return float(max(MIN_BODY_PX, QFontInfo(self.font()).pixelSize()))

    @property
    def page_text_px(self) -> float:
        return self.canvas.page_text_px

    # --- controls ---------------------------------------------------------------------------------
    def step_zoom(self, direction: int) -> None:
        """One step larger (+1) or smaller (−1) than the size shown, from wherever a pinch left it."""
        now = self.canvas.relative_zoom
        if direction > 0:
            target = next((z for z in STEPS if z > now + 0.01), STEPS[-1])
        else:
            target = next((z for z in reversed(STEPS) if z < now - 0.01), STEPS[0])
        self.canvas.zoom_to(target)

    def _read_aloud(self) -> None:
        if self.texts:
            self.readAloud.emit(self.texts[min(self.canvas.index, len(self.texts) - 1)])

    def open_full(self) -> None:
        """The document over the whole window (a reader kept hidden on its screen may open only this)."""
        if not self.full and self._overlay is None and self.canvas.pages:
            self._toggle_full()

    def _toggle_full(self) -> None:
        if self.full:
            if self._owner is not None:
                self._owner._close_overlay()
            return
        window = self.window()
        overlay = PageReader(window, full=True)
        overlay.setAutoFillBackground(True)
        overlay.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # the style sheet paints it opaque
        overlay.readAloud.connect(self.readAloud)
        overlay.used.connect(self.used)
        overlay.texts = self.texts
        overlay._owner = self
        # Over everything but the window's top bar: language, text size and sound stay within reach.
        bar = window.findChild(QWidget, "TopBar")
        top = bar.geometry().bottom() + 1 if bar is not None and bar.isVisible() else 0
        overlay.setGeometry(window.rect().adjusted(0, top, 0, 0))  # opaque to the edges: nothing peeks through
        overlay.layout().setContentsMargins(24, 24, 24, 24)
        overlay.show()
        overlay.raise_()
        overlay.canvas.set_pages(self.canvas.pages, self.readable_px(), self.canvas.sharp_renderer)
        overlay.canvas.index = self.canvas.index
        if self.isVisible():  # a hidden reader has no zoom of its own: the overlay opens readable
            # Never smaller than readable: full screen is for reading, whatever overview the page showed.
            overlay.canvas.zoom_to(max(1.0, self.canvas.relative_zoom))
        self._overlay = overlay

    def _close_overlay(self) -> None:
        overlay, self._overlay = self._overlay, None
        if overlay is not None:
            self.canvas.index = overlay.canvas.index
            self.canvas.zoom_to(overlay.canvas.relative_zoom)
            overlay.hide()
            overlay.deleteLater()

    def _update_controls(self) -> None:
        c = self.canvas
        n = len(c.pages)
        self.page_no.setText((self.tr("Page %1 of %2").replace("%1", str(c.index + 1)).replace("%2", str(n))
                              if n > 1 else "") if n else self.tr("Loading pages…"))
        self.page_no.setVisible(n != 1)  # a one-page record: no page number, its row gives room
        # A one-page record needs no page turning: the two buttons give their room to the page.
        for b in (self.prev_btn, self.next_btn):
            b.setVisible(n > 1)
        self.prev_btn.setEnabled(c.index > 0)
        self.next_btn.setEnabled(c.index < n - 1)
        self.zoom_label.setText(percent(c.relative_zoom) if n else "")
        self.zoom_out_btn.setEnabled(n > 0 and c.relative_zoom > STEPS[0] + 0.01)
        self.zoom_in_btn.setEnabled(n > 0 and c.relative_zoom < STEPS[-1] - 0.01)
        self.read_btn.setEnabled(bool(self.texts))

    def _retranslate(self) -> None:
        self.prev_btn.setText("◀")
        self.next_btn.setText("▶")
        self.zoom_out_btn.setText(self.tr("− Smaller"))
        self.zoom_in_btn.setText(self.tr("+ Larger"))
        self.whole_btn.setText(self.tr("Whole page"))
        self.full_btn.setText(self.tr("✕ Close full screen") if self.full else self.tr("Full screen"))
        self.read_btn.setText(self.tr("Read this page aloud"))
        self._update_controls()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        elif event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            target = self.readable_px()
            if target != self.canvas.target_text_px:
                self.canvas.set_target(target)
        super().changeEvent(event)
