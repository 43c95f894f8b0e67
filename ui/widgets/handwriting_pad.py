"""A pad to write a character with a finger: thick ink, the likeliest characters as big buttons, 重写 and 退格.

Many elderly residents cannot type pinyin but can write their name. Each lifted stroke is recognised at
once (a few milliseconds, on the UI thread) and the candidates are shown; touching one appends it to the
query and clears the pad for the next character. The recogniser is handed in; when it is missing the pad
says so in words and the keyboard beside it stays usable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontInfo, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from hardware.handwriting import HandwritingUnavailable, Recogniser
from ui.widgets.buttons import BigButton

#: Candidates shown at once, in a grid beside the pad (three by three, the likeliest top left).
CANDIDATES = 9
COLUMNS = 3
#: The pad's side, the ink's width and a candidate's character, in multiples of the screen's text size
#: (so elder mode grows them all).
SIDE_EM = 10.5
INK_EM = 0.35
CANDIDATE_EM = 1.5

_TOUCH = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)


class InkCanvas(QWidget):
    """Where the finger writes. Touch (the kiosk's screen) and mouse (a desk) draw the same strokes."""

    #: A stroke ended (the finger lifted).
    strokeFinished = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ink")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.strokes: list[list[tuple[float, float]]] = []
        self._drawing = False

    def _em(self) -> int:
        return QFontInfo(self.font()).pixelSize()

    def sizeHint(self) -> QSize:
        side = int(self._em() * SIDE_EM)
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def clear(self) -> None:
        self.strokes = []
        self._drawing = False
        self.update()

    # --- input ------------------------------------------------------------------------------------
    def _begin(self, p: QPointF) -> None:
        self._drawing = True
        self.strokes.append([(p.x(), p.y())])
        self.update()

    def _extend(self, p: QPointF) -> None:
        if self._drawing:
            self.strokes[-1].append((p.x(), p.y()))
            self.update()

    def _end(self, p: QPointF | None) -> None:
        if not self._drawing:
            return
        if p is not None:
            self.strokes[-1].append((p.x(), p.y()))
        self._drawing = False
        self.update()
        self.strokeFinished.emit()

    def event(self, e: QEvent) -> bool:
        if e.type() in _TOUCH:
            points = e.points()  # type: ignore[attr-defined]
            # One finger writes; a second finger resting on the glass is ignored.
            p = points[0].position() if points else None
            if e.type() == QEvent.Type.TouchBegin and p is not None:
                self._begin(p)
            elif e.type() == QEvent.Type.TouchUpdate and p is not None:
                self._extend(p)
            else:
                self._end(p if e.type() == QEvent.Type.TouchEnd else None)
            e.accept()
            return True
        if e.type() == QEvent.Type.FontChange:
            self.updateGeometry()
        return super().event(e)

    def mousePressEvent(self, e: QMouseEvent) -> None:
        self._begin(e.position())

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        self._extend(e.position())

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        self._end(e.position())

    # --- drawing ----------------------------------------------------------------------------------
    def paintEvent(self, _e) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().windowText().color()
        painter.fillRect(self.rect(), self.palette().base())
        # A 田字格 guide, faint, as on a school exercise book: where the character goes.
        guide = QColor(ink)
        guide.setAlpha(60)
        painter.setPen(QPen(guide, 2, Qt.PenStyle.DashLine))
        w, h = self.width(), self.height()
        painter.drawLine(w // 2, 0, w // 2, h)
        painter.drawLine(0, h // 2, w, h // 2)
        painter.setPen(QPen(ink, 4))
        painter.drawRect(self.rect().adjusted(2, 2, -2, -2))
        pen = QPen(ink, max(8, int(self._em() * INK_EM)), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self.strokes:
            if len(stroke) == 1:
                painter.drawPoint(QPointF(*stroke[0]))
                continue
            path = QPainterPath(QPointF(*stroke[0]))
            for x, y in stroke[1:]:
                path.lineTo(x, y)
            painter.drawPath(path)


class HandwritingPad(QWidget):
    """The canvas, the candidates and the editing keys; typing goes into one QLineEdit handed in."""

    #: Candidates were found for the strokes so far: (candidates, milliseconds the recognition took).
    recognised = Signal(list, float)
    #: The resident is writing (a stroke, a candidate, an editing key): the visit's idle timer restarts,
    #: however slowly a character is written.
    used = Signal()

    def __init__(self, target: QLineEdit, open_recogniser: Callable[[], Recogniser] | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("handwriting_pad")
        self.target = target
        self.recogniser: Recogniser | None = None
        self.unavailable: HandwritingUnavailable | None = None
        try:
            if open_recogniser is None:
                raise HandwritingUnavailable("no handwriting recogniser is configured")
            self.recogniser = open_recogniser()
        except HandwritingUnavailable as e:
            self.unavailable = e
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.canvas = InkCanvas(self)
        self.canvas.strokeFinished.connect(self._recognise)
        self.canvas.strokeFinished.connect(self.used)
        self.notice = QLabel(self)
        self.notice.setObjectName("handwriting_unavailable")
        self.notice.setProperty("role", "notice")
        self.notice.setWordWrap(True)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.canvas)
        row.addWidget(self.notice, 1)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.candidates: list[BigButton] = []
        for i in range(CANDIDATES):
            b = self._key(f"cand_{i}", lambda _=False, n=i: self._pick(n))
            b.setProperty("candidate", True)
            # Hidden candidates keep their place: the grid does not jump under the finger.
            policy = b.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            b.setSizePolicy(policy)
            b.hide()
            grid.addWidget(b, i // COLUMNS, i % COLUMNS)
            self.candidates.append(b)
        row.addLayout(grid)
        edit = QVBoxLayout()
        edit.setSpacing(8)
        self.rewrite = self._key("rewrite", self.clear_ink)
        self.backspace = self._key("pad_backspace", self._backspace)
        edit.addWidget(self.rewrite)
        edit.addWidget(self.backspace)
        #: What to do, beside the pad where the eye already is (the screen's own line above is free).
        self.hint = QLabel(self)
        self.hint.setObjectName("pad_hint")
        self.hint.setWordWrap(True)
        # Its least width keeps it to three lines: the window's height is measured at its least width.
        self.hint.setMinimumWidth(560)
        edit.addWidget(self.hint)
        edit.addStretch(1)
        row.addLayout(edit)
        self.canvas.setVisible(self.recogniser is not None)
        self.notice.setVisible(self.recogniser is None)
        self._candidate_px = 0
        self.retranslate()

    def _key(self, name: str, slot) -> BigButton:
        b = BigButton("", "key", self)
        b.setObjectName(f"key_{name}")
        b.clicked.connect(slot)
        b.clicked.connect(self.used)
        return b

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:
            self._size_candidates()
        super().changeEvent(event)

    def _size_candidates(self) -> None:
        """A candidate is a character to recognise at a glance: larger than the screen's text."""
        px = int(QFontInfo(self.font()).pixelSize() * CANDIDATE_EM)
        if px != self._candidate_px:
            self._candidate_px = px
            self.setStyleSheet(f'QPushButton[candidate="true"] {{ font-size: {px}px; }}')

    def retranslate(self) -> None:
        self.rewrite.setText(self.tr("Rewrite"))
        self.backspace.setText(self.tr("⌫ Delete"))
        self.notice.setText(self.tr("Handwriting is not available on this kiosk. Please use the pinyin keys."))
        self.hint.setText(self.tr("Write one character in the box, then touch it among the candidates."))

    @property
    def available(self) -> bool:
        return self.recogniser is not None

    def shown_candidates(self) -> list[str]:
        return [b.text() for b in self.candidates if b.isVisibleTo(self)]

    def _show(self, characters: Sequence[str]) -> None:
        for i, b in enumerate(self.candidates):
            if i < len(characters):
                b.setText(characters[i])
                b.show()
            else:
                b.hide()

    def _recognise(self) -> None:
        if self.recogniser is None:
            return
        started = time.perf_counter()
        found = self.recogniser.classify(self.canvas.strokes, self.canvas.width(), self.canvas.height(),
                                         limit=CANDIDATES)
        ms = (time.perf_counter() - started) * 1000.0
        characters = [c.character for c in found]
        self._show(characters)
        self.recognised.emit(characters, ms)

    def _pick(self, n: int) -> None:
        self.target.setText(self.target.text() + self.candidates[n].text())
        self.clear_ink()

    def clear_ink(self) -> None:
        self.canvas.clear()
        self._show([])

    def _backspace(self) -> None:
        self.target.setText(self.target.text()[:-1])

    def reset(self) -> None:
        self.clear_ink()
