"""Page scans an archivist uploads to complete a request: PNG, JPEG or PDF, checked and made into page
images (a PDF's pages are rendered at 150 dpi), within limits on size and count."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from kiosk.errors import UsageError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PAGES = 50
MAX_PIXELS = 60_000_000
PDF_DPI = 150


class PageRejected(UsageError):
    code = "CONSOLE_BAD_PAGE"


def pages_from(files: list[tuple[str, bytes]]) -> list[bytes]:
    """``(file name, content)`` pairs → page images (PNG or JPEG bytes), in upload order."""
    pages: list[bytes] = []
    for name, data in files:
        if not data:
            continue
        if len(data) > MAX_FILE_BYTES:
            raise PageRejected(f"{name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB", detail={"file": name})
        if data.startswith(b"%PDF-"):
            pages.extend(_pdf_pages(name, data))
        else:
            pages.append(_image(name, data))
        if len(pages) > MAX_PAGES:
            raise PageRejected(f"more than {MAX_PAGES} pages", detail={"file": name})
    if not pages:
        raise PageRejected("upload at least one page scan (PNG, JPEG or PDF)")
    return pages


def _image(name: str, data: bytes) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.format not in ("PNG", "JPEG"):
                raise PageRejected(f"{name}: not a PNG, JPEG or PDF", detail={"file": name})
            if im.width * im.height > MAX_PIXELS:
                raise PageRejected(f"{name}: too many pixels", detail={"file": name})
            im.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PageRejected(f"{name}: not a readable image", detail={"file": name}) from None
    return data


def _pdf_pages(name: str, data: bytes) -> list[bytes]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise PageRejected(f"{name}: not a readable PDF", detail={"file": name}) from None
    try:
        if len(pdf) > MAX_PAGES:
            raise PageRejected(f"{name}: more than {MAX_PAGES} pages", detail={"file": name})
        out = []
        for i in range(len(pdf)):
            bitmap = pdf[i].render(scale=PDF_DPI / 72)
            buf = io.BytesIO()
            bitmap.to_pil().convert("L").save(buf, format="PNG", optimize=True)
            out.append(buf.getvalue())
        return out
    finally:
        pdf.close()
