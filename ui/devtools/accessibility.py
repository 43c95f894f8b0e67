"""Measures a rendered window: smallest text, smallest touch target, lowest text contrast.

Everything comes from the live widget tree as shown: font pixel sizes of visible text widgets, geometry of
visible buttons and list rows, and colours taken from the window's grabbed pixels (the background under
each text widget is the most common colour inside its border; the text colour is the painted colour that
stands out most from it, among colours frequent enough to be glyph strokes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QListWidget, QWidget


#: Pixels left out at each edge of a widget before its colours are counted (border + focus frame).
BORDER_INSET = 8


def _channel(c: float) -> float:
    c /= 255.0
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(c: QColor) -> float:
    return 0.2126 * _channel(c.red()) + 0.7152 * _channel(c.green()) + 0.0722 * _channel(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass
class Finding:
    kind: str  # "text" | "target" | "contrast"
    value: float
    widget: str


@dataclass
class Measurement:
    min_text_px: float = 1e9
    min_target_px: float = 1e9
    min_contrast: float = 1e9
    findings: list[Finding] = field(default_factory=list)
    #: Widgets whose text does not fit them, or that lie (partly) outside the window.
    clipped: list[str] = field(default_factory=list)

    def note(self, kind: str, value: float, widget: QWidget) -> None:
        attr = {"text": "min_text_px", "target": "min_target_px", "contrast": "min_contrast"}[kind]
        if value < getattr(self, attr):
            setattr(self, attr, value)
            self.findings.append(Finding(kind, value, _name(widget)))

    def worst(self) -> dict[str, str]:
        """The widget responsible for each minimum (the last finding of each kind lowered it)."""
        return {f.kind: f.widget for f in self.findings}


def _name(w: QWidget) -> str:
    parent = w.parentWidget()
    while parent is not None and not parent.objectName().endswith("Screen") and parent.objectName() != "TopBar":
        parent = parent.parentWidget()
    return f"{parent.objectName() if parent else ''}/{w.objectName() or type(w).__name__}"


def _font_px(w: QWidget) -> float:
    f = w.font()
    if f.pixelSize() > 0:
        return float(f.pixelSize())
    return f.pointSizeF() * w.logicalDpiY() / 72.0


def _shows_text(w: QWidget) -> bool:
    if isinstance(w, QLabel):
        return bool(w.text().strip()) and (w.pixmap() is None or w.pixmap().isNull())
    if isinstance(w, QAbstractButton):
        return bool(w.text().strip())
    if isinstance(w, QLineEdit):
        return bool((w.text() or w.placeholderText()).strip())
    return False


def _pixels(image: QImage) -> np.ndarray:
    """The image as a (height, width) array of 0xRRGGBB ints."""
    img = image.convertToFormat(QImage.Format.Format_RGB32)
    arr = np.frombuffer(img.constBits(), dtype=np.uint32, count=img.bytesPerLine() * img.height() // 4)
    return arr.reshape(img.height(), img.bytesPerLine() // 4)[:, : img.width()] & 0xFFFFFF


def _region_colours(pixels: np.ndarray, rect: QRect) -> dict[int, int]:
    top, left = max(rect.top(), 0), max(rect.left(), 0)
    region = pixels[top: rect.bottom() + 1, left: rect.right() + 1]
    colours, counts = np.unique(region, return_counts=True)
    return dict(zip(colours.tolist(), counts.tolist(), strict=True))


def _text_contrast(pixels: np.ndarray, rect: QRect) -> float | None:
    """Contrast between the background (the most common colour) and the text (the painted colour that
    stands out most among those frequent enough to be strokes rather than anti-aliasing)."""
    counts = _region_colours(pixels, rect)
    if len(counts) < 2:
        return None
    bg = QColor.fromRgb(max(counts, key=counts.__getitem__))
    floor = max(3, sum(counts.values()) // 2000)
    strokes = [QColor.fromRgb(c) for c, n in counts.items() if n >= floor]
    ratios = [contrast(c, bg) for c in strokes if c != bg]
    return max(ratios, default=None)


def _inner(rect: QRect) -> QRect:
    # Leave out borders and the focus frame: only text and its own background remain.
    inset = min(BORDER_INSET, rect.height() // 4)
    return rect.adjusted(inset, inset, -inset, -inset)


def _cut(w: QWidget) -> bool:
    """Text that does not fit its widget: wider than a single-line label, line edit or button (less their
    padding), or taller than a label a squeezed layout left it (lines cut off at the top and bottom)."""
    if isinstance(w, QLabel) and w.wordWrap():
        return w.height() < w.heightForWidth(w.width()) - 2
    text = w.text() if not isinstance(w, QLineEdit) else (w.text() or w.placeholderText())
    lines = text.splitlines() or [""]
    widest = max(w.fontMetrics().horizontalAdvance(line) for line in lines)
    padding = 2 * BORDER_INSET if isinstance(w, QAbstractButton) else 0
    if isinstance(w, QLabel) and w.contentsRect().height() < w.fontMetrics().height() * len(lines) - 2:
        return True
    return widest > w.width() - padding


def _covered(w: QWidget, window: QWidget, rect: QRect) -> bool:
    """Another widget, neither inside ``w`` nor holding it, is what shows at ``w``'s centre."""
    top = window.childAt(rect.center())
    return top is not None and top is not w and not w.isAncestorOf(top) and not top.isAncestorOf(w)


def measure(window: QWidget, image: QImage | None = None) -> Measurement:
    image = image or window.grab().toImage()
    pixels = _pixels(image)
    m = Measurement()
    targets: list[tuple[QRect, QWidget]] = []
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window) or not w.isVisible() or w.width() == 0:
            continue
        top_left = w.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, w.size())
        if _covered(w, window, rect):
            continue  # under a panel drawn over the screen (the full-screen reader): not what is shown
        if isinstance(w, QAbstractButton):
            m.note("target", min(w.width(), w.height()), w)
            targets.append((rect, w))
        if not window.rect().contains(rect):
            m.clipped.append(f"{_name(w)} (outside the window)")
        if _shows_text(w) and _cut(w):
            m.clipped.append(f"{_name(w)} (text cut)")
        if _shows_text(w):
            m.note("text", _font_px(w), w)
            ratio = _text_contrast(pixels, _inner(rect))
            if ratio is not None:
                m.note("contrast", ratio, w)
        if isinstance(w, QListWidget):
            _measure_list(w, window, pixels, m)
    _note_overlaps(targets, m)
    return m


def _note_overlaps(targets: list[tuple[QRect, QWidget]], m: Measurement) -> None:
    """A layout squeezed below its minimum stacks buttons on each other: each keeps its size on paper
    while a finger can reach only part of it."""
    for i, (rect, w) in enumerate(targets):
        for other_rect, other in targets[i + 1:]:
            if rect.intersects(other_rect) and not (w.isAncestorOf(other) or other.isAncestorOf(w)):
                m.clipped.append(f"{_name(w)} (overlaps {_name(other)})")


def _measure_list(lst: QListWidget, window: QWidget, pixels: np.ndarray, m: Measurement) -> None:
    viewport = lst.viewport()
    for i in range(lst.count()):
        item = lst.item(i)
        r = lst.visualItemRect(item)
        if lst.isRowHidden(i) or not r.intersects(viewport.rect()):
            continue
        if r.top() < 0 or r.bottom() > viewport.rect().bottom():
            # Half a row shows (at the top or bottom edge): a finger sees a cut line, not a list to scroll.
            m.clipped.append(f"{_name(lst)} row {i + 1} (cut by its list)")
        m.note("target", min(r.width(), r.height()), lst)
        font = item.font()
        m.note("text", float(font.pixelSize() if font.pixelSize() > 0 else _font_px(lst)), lst)
        rect = QRect(viewport.mapTo(window, r.topLeft()), r.size()).intersected(
            QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size()))
        ratio = _text_contrast(pixels, _inner(rect))
        if ratio is not None:
            m.note("contrast", ratio, lst)
