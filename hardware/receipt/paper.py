"""The simulated paper roll: parser events become lines, images and QR codes, cut into receipts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from PIL import Image

from hardware.receipt.escpos_parser import Cut, Event, Feed, QrCode, Raster, Style, Text


@dataclass(frozen=True)
class Line:
    spans: tuple[Text, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def style(self) -> Style:
        return self.spans[0].style if self.spans else Style()


@dataclass(frozen=True)
class Picture:
    image: Image.Image  # mode "1", black = 0
    align: str = "left"


Element = Union[Line, Picture, QrCode]


@dataclass
class PrintedReceipt:
    elements: list[Element] = field(default_factory=list)
    cut: bool = False

    @property
    def text(self) -> str:
        """The printed words; images show as a marker (raster-mode text is pixels, not words)."""
        out: list[str] = []
        for e in self.elements:
            if isinstance(e, Line):
                out.append(e.text)
            elif isinstance(e, QrCode):
                out.append(f"[QR {e.payload}]")
            else:
                out.append(f"[image {e.image.width}x{e.image.height}]")
        return "\n".join(out)

    @property
    def lines_printed(self) -> int:
        return len(self.elements)


class Paper:
    def __init__(self) -> None:
        self.receipts: list[PrintedReceipt] = [PrintedReceipt()]
        self._spans: list[Text] = []

    @property
    def current(self) -> PrintedReceipt:
        return self.receipts[-1]

    def apply(self, event: Event) -> int:
        """Puts one event on paper; returns how many lines (or images) that advanced the paper."""
        if isinstance(event, Text):
            self._spans.append(event)
            return 0
        if isinstance(event, Feed):
            added = self._commit(always=True)
            for _ in range(max(0, event.lines - 1)):
                self.current.elements.append(Line(()))
                added += 1
            return added
        if isinstance(event, Raster):
            added = self._commit(always=False)
            self.current.elements.append(Picture(_raster_image(event), event.align))
            return added + 1
        if isinstance(event, QrCode):
            added = self._commit(always=False)
            self.current.elements.append(event)
            return added + 1
        if isinstance(event, Cut):
            self._commit(always=False)
            self.current.cut = True
            self.receipts.append(PrintedReceipt())
        return 0

    def finished_receipts(self) -> list[PrintedReceipt]:
        return [r for r in self.receipts if r.cut]

    def _commit(self, always: bool) -> int:
        if not self._spans and not always:
            return 0
        self.current.elements.append(Line(tuple(self._spans)))
        self._spans = []
        return 1


def _raster_image(r: Raster) -> Image.Image:
    # GS v 0 data: 1 = black; PIL mode "1" from raw bytes: 1 = white, so invert.
    image = Image.frombytes("1", (r.width_bytes * 8, r.height), bytes(255 - b for b in r.data))
    return image
