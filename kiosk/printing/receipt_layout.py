"""A receipt as a list of printer-neutral blocks, wrapped to the paper's width in columns.

A column is one half-width character (ASCII); a Chinese character or full-width punctuation mark takes
two, as on every ESC/POS printer with a Chinese font. Drivers turn blocks into bytes (GB18030 text or a
raster image); the journal stores blocks as JSON so an interrupted receipt can be printed again.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass
from typing import Literal, Union

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class TextLine:
    text: str
    align: Align = "left"
    bold: bool = False
    #: Double width and height: titles and the staff-window queue number.
    big: bool = False


@dataclass(frozen=True)
class QrBlock:
    payload: str


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class Feed:
    lines: int = 1


Block = Union[TextLine, QrBlock, Rule, Feed]
_KINDS: dict[str, type] = {"text": TextLine, "qr": QrBlock, "rule": Rule, "feed": Feed}
_NAMES = {cls: name for name, cls in _KINDS.items()}


@dataclass(frozen=True)
class ReceiptLayout:
    blocks: tuple[Block, ...]
    #: Columns of the paper in half-width characters: 48 on 80 mm paper, 32 on 58 mm.
    columns: int = 48

    def plain_text(self) -> str:
        """The words on the receipt, line by line (tests, logs of the demo, the screen reader)."""
        lines: list[str] = []
        for b in self.blocks:
            if isinstance(b, TextLine):
                lines.append(b.text)
            elif isinstance(b, Rule):
                lines.append(b.char * self.columns)
            elif isinstance(b, QrBlock):
                lines.append(f"[QR {b.payload}]")
            else:
                lines.extend([""] * b.lines)
        return "\n".join(lines)

    def to_json(self) -> str:
        blocks = [{"kind": _NAMES[type(b)], **asdict(b)} for b in self.blocks]
        return json.dumps({"columns": self.columns, "blocks": blocks}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ReceiptLayout:
        data = json.loads(text)
        blocks = tuple(_KINDS[b.pop("kind")](**b) for b in data["blocks"])
        return cls(blocks, int(data["columns"]))


def char_columns(ch: str) -> int:
    # "Ambiguous" characters (·, ×, “ ”) are double-byte in GB18030 and print full-width on Chinese printers.
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1


def text_columns(text: str) -> int:
    return sum(char_columns(ch) for ch in text)


def wrap_columns(text: str, columns: int) -> list[str]:
    """Breaks a line so that no part is wider than ``columns``; never splits a character, and breaks
    English (or any text with spaces) after a space, not inside a word, unless a word is wider than a line.
    Chinese breaks between any two characters, as it is written."""
    parts: list[str] = []
    current, width = "", 0
    for ch in text:
        w = char_columns(ch)
        if current and width + w > columns:
            space = current.rfind(" ")
            if ch != " " and space > 0 and not _breaks_anywhere(current[space + 1:]):
                parts.append(current[: space + 1])  # the word that did not fit goes on the next line
                current = current[space + 1:]
            else:
                parts.append(current)
                current = ""
            width = text_columns(current)
        current += ch
        width += w
    parts.append(current)
    return parts


def _breaks_anywhere(word: str) -> bool:
    """A run with a wide (Chinese) character may be broken at any character."""
    return any(char_columns(ch) > 1 for ch in word)


def two_columns(left: str, right: str, columns: int) -> str:
    """``label ........ value`` on one line when it fits, else the value is simply appended."""
    gap = columns - text_columns(left) - text_columns(right)
    return left + " " * gap + right if gap >= 1 else f"{left} {right}"
