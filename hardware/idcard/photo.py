"""Card photo decoders: WLT bytes (1024, proprietary wavelet) → an encoded image, in memory only.

Three plug-ins, chosen by ``devices.photo_decoder``:
- ``none``: no decoder; the card still reads, the face check then needs the agent path;
- ``fixture``: for the simulator, demos and tests: the simulator turns a fixture image into WLT-sized
  bytes derived from the image's sha256, and this decoder maps those bytes back to the image;
- ``vendor:/path/libwlt2bmp.so``: the licensed library delivered with the reader, through ctypes.

Nothing here writes a photo anywhere: decoded images are returned as bytes and live only in memory.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from hardware.idcard.errors import PhotoDecoderConfigError, PhotoDecoderError
from hardware.idcard.protocol import PHOTO_LENGTH

log = logging.getLogger("hardware.idcard.photo")

PHOTO_WIDTH = 102
PHOTO_HEIGHT = 126
_ROW = (PHOTO_WIDTH * 3 + 3) // 4 * 4
_BMP_HEADER = 54
_BMP_SIZE = _BMP_HEADER + _ROW * PHOTO_HEIGHT
#: Symbols vendor libraries export for the same ``(src, dst, bmpSave)`` call, most usual first.
VENDOR_SYMBOLS = ("unpack", "Unpack", "WLT_Unpack")


class PhotoDecoder(Protocol):
    def decode(self, wlt: bytes) -> bytes | None:
        """The encoded image (BMP, PNG, JPEG) for these WLT bytes, None when this decoder cannot tell."""


class NoPhotoDecoder:
    def decode(self, wlt: bytes) -> bytes | None:
        return None


def fixture_wlt(image: bytes) -> bytes:
    """Deterministic stand-in for the WLT bytes of a fixture image (real WLT cannot be produced here)."""
    seed = hashlib.sha256(image).digest()
    return b"".join(hashlib.sha256(seed + i.to_bytes(4, "big")).digest() for i in range(PHOTO_LENGTH // 32))


def placeholder_wlt(label: str) -> bytes:
    """WLT-sized bytes for a card whose fixture image is missing: they decode to nothing."""
    return fixture_wlt(b"no photo fixture:" + label.encode("utf-8"))


class FixturePhotoDecoder:
    """sha256(WLT bytes) → fixture image file. The image is read when asked for, never copied anywhere."""

    def __init__(self, images: Iterable[Path]):
        self._index: dict[str, Path] = {}
        for path in images:
            try:
                wlt = fixture_wlt(path.read_bytes())
            except OSError:
                continue  # a card without its image still reads; its photo decodes to None
            self._index[hashlib.sha256(wlt).hexdigest()] = path

    def __len__(self) -> int:
        return len(self._index)

    def decode(self, wlt: bytes) -> bytes | None:
        path = self._index.get(hashlib.sha256(wlt).hexdigest())
        if path is None:
            return None
        try:
            return path.read_bytes()
        except OSError as e:
            log.warning("fixture photo %s is gone: %s", path.name, e.strerror)
            return None


class VendorPhotoDecoder:
    """The reader vendor's WLT library: ``int unpack(char *wlt, char *out, int bmpSave)``, 1 on success.

    With ``bmpSave = 0`` the usual libraries fill ``out`` in memory and write no file, so no temporary
    file is ever needed. Depending on the version, ``out`` holds a whole BMP file or the bare bottom-up
    BGR rows; both come back as a BMP file's bytes.
    """

    def __init__(self, library_path: str | Path, *, symbol: str | None = None):
        path = Path(library_path)
        if not path.is_file():
            raise PhotoDecoderConfigError(f"photo decoder library {path} does not exist",
                                          detail={"path": str(path)})
        try:
            lib = ctypes.CDLL(str(path))
        except OSError as e:
            raise PhotoDecoderConfigError(f"photo decoder library {path} cannot be loaded: {e}",
                                          detail={"path": str(path)}) from None
        names = (symbol,) if symbol else VENDOR_SYMBOLS
        for name in names:
            fn = getattr(lib, name, None)
            if fn is not None:
                break
        else:
            raise PhotoDecoderConfigError(f"photo decoder library {path} exports none of {', '.join(names)}",
                                          detail={"path": str(path)})
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
        fn.restype = ctypes.c_int
        self._unpack = fn
        self._lib = lib  # keeps the library loaded as long as the decoder lives
        self.path = path

    def decode(self, wlt: bytes) -> bytes | None:
        if len(wlt) != PHOTO_LENGTH:
            raise PhotoDecoderError(f"WLT photo of {len(wlt)} bytes (expected {PHOTO_LENGTH})")
        src = ctypes.create_string_buffer(bytes(wlt), PHOTO_LENGTH)
        # Room for a whole BMP file plus slack: some versions write a few bytes past the image.
        dst = ctypes.create_string_buffer(_BMP_SIZE + 1024)
        rc = self._unpack(src, dst, 0)
        if rc != 1:
            raise PhotoDecoderError(f"the vendor decoder refused the photo (returned {rc})", detail={"rc": rc})
        out = dst.raw
        if out[:2] == b"BM":
            size = int.from_bytes(out[2:6], "little")
            return out[:size] if _BMP_HEADER < size <= len(out) else out[:_BMP_SIZE]
        return bmp_from_bgr_rows(out[:PHOTO_WIDTH * 3 * PHOTO_HEIGHT])


def bmp_from_bgr_rows(pixels: bytes, width: int = PHOTO_WIDTH, height: int = PHOTO_HEIGHT) -> bytes:
    """A 24-bit BMP file around ``height`` bottom-up rows of ``width`` BGR pixels (rows unpadded)."""
    row = width * 3
    if len(pixels) != row * height:
        raise PhotoDecoderError(f"{len(pixels)} pixel bytes for a {width}x{height} image")
    padded = (row + 3) // 4 * 4
    body = b"".join(pixels[y * row:(y + 1) * row] + b"\0" * (padded - row) for y in range(height))
    header = b"BM" + struct.pack("<IHHI", _BMP_HEADER + len(body), 0, 0, _BMP_HEADER)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(body), 2835, 2835, 0, 0)
    return header + info + body


def make_photo_decoder(spec: str, *, card_images: Iterable[Path] = ()) -> PhotoDecoder:
    """The decoder named by config: ``none``, ``fixture`` or ``vendor:/path/to/lib.so``."""
    spec = spec.strip()
    if spec in ("", "none"):
        return NoPhotoDecoder()
    if spec == "fixture":
        return FixturePhotoDecoder(card_images)
    if spec.startswith("vendor:"):
        return VendorPhotoDecoder(spec.removeprefix("vendor:"))
    raise PhotoDecoderConfigError(f"photo decoder {spec!r}: expected none, fixture or vendor:/path/to/library")
