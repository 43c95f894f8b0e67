"""The CJK font the certified copy embeds, found on disk and registered with reportlab once."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.errors import PrintContentError

#: Where Debian's fonts-wqy-microhei puts its font; the one Chinese font scripts/setup installs.
WQY_MICROHEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT_PACKAGE = "fonts-wqy-microhei"
CJK_FONT_NAME = "KioskCJK"


def find_cjk_font(candidates: Sequence[Path] = (WQY_MICROHEI,)) -> Path:
    """The first existing font file, or a typed error that says which package brings one."""
    for path in candidates:
        if path.is_file():
            return path
    raise PrintContentError(
        f"no Chinese font for certified copies: install the Debian package {FONT_PACKAGE} "
        f"(looked for {', '.join(str(p) for p in candidates)})",
        code="PRINT_FONT_MISSING", detail={"package": FONT_PACKAGE, "looked_for": [str(p) for p in candidates]})


def register_cjk_font(path: Path | None = None) -> str:
    """Registers the font under a fixed name and returns that name.

    reportlab keeps registered fonts in its own process-wide table; registering once is enough, and a
    second registration would only re-read the 5 MB collection.
    """
    if CJK_FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return CJK_FONT_NAME
    font_path = path or find_cjk_font()
    try:
        # A .ttc holds several faces; index 0 is the regular MicroHei.
        pdfmetrics.registerFont(TTFont(CJK_FONT_NAME, str(font_path), subfontIndex=0))
    except Exception as e:  # reportlab raises bare TTFError/OSError/KeyError for a damaged file
        raise PrintContentError(f"cannot read font {font_path}: {e}", code="PRINT_FONT_UNREADABLE",
                                detail={"package": FONT_PACKAGE}) from None
    return CJK_FONT_NAME
