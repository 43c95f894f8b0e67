"""QR decoding with zxing-cpp, then OpenCV, tolerant of how paper looks to a camera or a renderer.

zxing-cpp reads first: it finds symbols in blurred, tilted, low-resolution photos that OpenCV's detectors
miss (a phone photo of a 150 dpi scan), in a few milliseconds. What it misses is tried with OpenCV in
several ways, cheapest first, and the first one that yields text wins: as it is, with OpenCV's ArUco-based
detector, then the detected QR region cut out and enlarged, then thresholded (uneven light on paper, a
watermark's tint). Detectors are not shared between threads, so each QrScanner owns its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from kiosk.errors import DataError

#: PDF pages are rendered at these resolutions in turn until a QR is read; a renderer's resampling that
#: blurs modules at one scale usually leaves them crisp at another.
PDF_DPIS = (300, 400, 200, 500)
#: A cut-out QR region is enlarged to about this many pixels across before decoding again.
REGION_TARGET_PX = 900


class QrImageError(DataError):
    code = "QR_IMAGE_UNREADABLE"
    message_key = "error.qr.image"


class QrScanner:
    def __init__(self) -> None:
        self._classic = cv2.QRCodeDetector()
        self._aruco = cv2.QRCodeDetectorAruco()

    def decode(self, frame: np.ndarray) -> list[str]:
        """Every QR text found in a BGR (or grey) frame; empty when there is none."""
        grey = _grey(frame)
        if grey is None:
            return []
        for attempt in self._attempts(grey):
            found = attempt()
            if found:
                return found
        return []

    def _attempts(self, grey: np.ndarray) -> Iterator[Callable[[], list[str]]]:
        yield lambda: _zxing(grey)
        yield lambda: self._read(self._classic, grey)
        yield lambda: self._read(self._aruco, grey)
        for region in self._regions(grey):
            for interpolation in (cv2.INTER_CUBIC, cv2.INTER_NEAREST):
                yield lambda r=region, i=interpolation: self._read_enlarged(r, i)
        yield lambda: self._read(self._classic, _otsu(grey))

    def _regions(self, grey: np.ndarray) -> Iterator[np.ndarray]:
        for detector in (self._classic, self._aruco):
            try:
                ok, corners = detector.detect(grey)
            except cv2.error:
                continue
            if ok and corners is not None:
                yield _cut(grey, corners.reshape(-1, 2))

    def _read_enlarged(self, region: np.ndarray, interpolation: int) -> list[str]:
        factor = max(1.0, REGION_TARGET_PX / max(region.shape[:2]))
        big = cv2.resize(region, None, fx=factor, fy=factor, interpolation=interpolation)
        return self._read(self._classic, big) or self._read(self._aruco, big)

    @staticmethod
    def _read(detector: cv2.QRCodeDetector, image: np.ndarray) -> list[str]:
        try:
            ok, texts, _, _ = detector.detectAndDecodeMulti(image)
        except cv2.error:
            return []
        return [t for t in texts if t] if ok else []


def _zxing(grey: np.ndarray) -> list[str]:
    found = zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode, try_rotate=True,
                                   try_downscale=True)
    return [r.text for r in found if r.valid and r.text]


def _grey(frame: np.ndarray | None) -> np.ndarray | None:
    """8-bit grey from what cameras and decoders hand out (grey, BGR, BGRA); None for anything else."""
    if frame is None or frame.size == 0 or frame.dtype != np.uint8:
        return None
    if frame.ndim == 3 and frame.shape[2] == 1:
        frame = frame[:, :, 0]
    if frame.ndim == 2:
        return np.ascontiguousarray(frame)
    if frame.ndim == 3 and frame.shape[2] in (3, 4):
        return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY if frame.shape[2] == 3 else cv2.COLOR_BGRA2GRAY)
    return None


def _cut(grey: np.ndarray, corners: np.ndarray) -> np.ndarray:
    (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
    margin = 0.12 * max(x1 - x0, y1 - y0)  # the quiet zone the decoder needs around the modules
    h, w = grey.shape[:2]
    top, bottom = int(max(0, y0 - margin)), int(min(h, y1 + margin))
    left, right = int(max(0, x0 - margin)), int(min(w, x1 + margin))
    return np.ascontiguousarray(grey[top:bottom, left:right])


def _otsu(grey: np.ndarray) -> np.ndarray:
    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def decode_frame(frame: np.ndarray) -> list[str]:
    """One-off decoding of a frame; a screen polling a camera keeps one :class:`QrScanner` instead."""
    return QrScanner().decode(frame)


def decode_file(path: str | Path, dpis: tuple[int, ...] = PDF_DPIS) -> list[str]:
    """QR texts in an image file (PNG, JPEG ...) or on the pages of a PDF, first page first."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise QrImageError(f"cannot read {p}: {e.strerror or e}", detail={"file": str(p)}) from None
    scanner = QrScanner()
    if data[:5] == b"%PDF-":
        return _decode_pdf(data, dpis, scanner, p)
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise QrImageError(f"{p} is neither a PDF nor an image OpenCV can read", detail={"file": str(p)})
    return scanner.decode(image)


def _decode_pdf(data: bytes, dpis: tuple[int, ...], scanner: QrScanner, path: Path) -> list[str]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise QrImageError(f"{path} is not a readable PDF: {e}", detail={"file": str(path)}) from None
    try:
        for index in range(len(pdf)):
            for dpi in dpis:
                found = scanner.decode(render_pdf_page(pdf[index], dpi))
                if found:
                    return found  # every page of a certified copy carries the same QR
        return []
    finally:
        pdf.close()


def render_pdf_page(page: object, dpi: int) -> np.ndarray:
    """A PDF page (pypdfium2) as a grey image at ``dpi``."""
    pixels = page.render(scale=dpi / 72, grayscale=True).to_numpy()  # type: ignore[attr-defined]
    return np.ascontiguousarray(pixels[:, :, 0] if pixels.ndim == 3 else pixels)
