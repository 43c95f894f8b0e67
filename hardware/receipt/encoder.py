"""A receipt layout → the ESC/POS bytes for one printer profile.

Text goes out in the printer's Chinese mode (FS &) as GB18030, for every line, Chinese or not: the
python-escpos 3.1 text path picks a single-byte code page for a line without an ideograph, and full-width
punctuation alone (（），：) then prints as "?". Printers without a Chinese font get each line as a
raster image drawn with the kiosk's own font. Native QR codes use python-escpos's GS ( k builder.
"""

from __future__ import annotations

from pathlib import Path

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

from hardware.receipt.cells import LINE_DOTS, draw_cells, text_dots
from hardware.receipt.escpos_lib import Dummy, EscposImage
from hardware.receipt.profiles import ReceiptProfile
from kiosk.printing.fonts import find_cjk_font
from kiosk.printing.receipt_layout import Feed, QrBlock, ReceiptLayout, Rule, TextLine

INIT = b"\x1b@"
CHINESE_ON = b"\x1c&"
ALIGN = {"left": b"\x1ba\x00", "center": b"\x1ba\x01", "right": b"\x1ba\x02"}
BOLD = {False: b"\x1bE\x00", True: b"\x1bE\x01"}
SIZE = {False: b"\x1d!\x00", True: b"\x1d!\x11"}
CUT = {"full": b"\x1dV\x00", "partial": b"\x1dV\x01", "none": b""}
#: Feed the last line past the cutter blade before cutting.
FEED_BEFORE_CUT = b"\x1bd\x05"
QR_MODULE = 5
QR_EC_M = 1
#: Modules of white around a QR, as ISO/IEC 18004 asks: less, and phone readers miss the symbol.
QR_QUIET_ZONE = 4


def encode_receipt(layout: ReceiptLayout, profile: ReceiptProfile, font_path: Path | None = None) -> bytes:
    out = bytearray(INIT)
    if profile.text == "gb18030":
        out += CHINESE_ON
    for block in layout.blocks:
        if isinstance(block, TextLine):
            out += _text_line(block, profile, font_path)
        elif isinstance(block, Rule):
            out += _text_line(TextLine(block.char * layout.columns), profile, font_path)
        elif isinstance(block, QrBlock):
            out += ALIGN["center"] + _qr(block.payload, profile) + ALIGN["left"]
        elif isinstance(block, Feed):
            out += b"\x1bd" + bytes([min(block.lines, 255)])
    if profile.cut != "none":
        out += FEED_BEFORE_CUT + CUT[profile.cut]
    return bytes(out)


def _text_line(line: TextLine, profile: ReceiptProfile, font_path: Path | None) -> bytes:
    if profile.text == "gb18030" and _printable_in_font(line.text, profile.font_charset):
        return ALIGN[line.align] + BOLD[line.bold] + SIZE[line.big] + line.text.encode("gb18030") + b"\n"
    image = render_text_line(line, profile.dots, font_path)
    return ALIGN["left"] + raster(image)


def _printable_in_font(text: str, charset: str) -> bool:
    try:
        text.encode(charset)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def raster(image: Image.Image) -> bytes:
    """GS v 0: the image as 1-bit rows, black = 1."""
    esc = EscposImage(image)
    header = b"\x1dv0\x00" + _lo_hi(esc.width_bytes) + _lo_hi(esc.height)
    return header + esc.to_raster_format()


def _lo_hi(n: int) -> bytes:
    return bytes((n & 0xFF, n >> 8 & 0xFF))


def render_text_line(line: TextLine, dots: int, font_path: Path | None = None) -> Image.Image:
    scale = 2 if line.big else 1
    image = Image.new("L", (dots, LINE_DOTS * scale), 255)
    width = text_dots(line.text, scale)
    x = {"left": 0, "center": (dots - width) // 2, "right": dots - width}[line.align]
    draw_cells(image, max(0, x), 0, line.text, str(font_path or find_cjk_font()), width=scale,
               height=scale, bold=line.bold)
    return image


def _qr(payload: str, profile: ReceiptProfile) -> bytes:
    if profile.qr == "native":
        builder = Dummy()
        builder.qr(payload, ec=QR_EC_M, size=QR_MODULE, native=True)
        return builder.output + b"\n"
    return raster(qr_image(payload, profile.dots)) + b"\n"


def qr_image(payload: str, dots: int, module: int = QR_MODULE) -> Image.Image:
    """The QR with its 4-module quiet zone, as large as ``module`` dots a module allows within the line
    (a certificate QR, version 8: 57 modules with the quiet zone, 285 dots at 5 a module, on 384-dot paper)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=QR_QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    width = code.modules_count + 2 * QR_QUIET_ZONE
    code.box_size = max(1, min(module, dots // width))
    symbol = code.make_image().get_image().convert("1")
    canvas = Image.new("1", (dots, symbol.height), 1)
    canvas.paste(symbol, ((dots - symbol.width) // 2, 0))
    return canvas
