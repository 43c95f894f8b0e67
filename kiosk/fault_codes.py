"""Short fault codes for the resident's screen: 「P-01」 tells staff what happened, and tells a resident
nothing they could misread. The full code stays in the log and the diagnostics, never on the screen.

The letter names the part (P document printer, R receipt printer, C camera, K card reader, N network,
S storage, A archive cache); the number the fault. A fault not listed still gets its part's letter and
"00", so the screen never falls back to a raw code.
"""

from __future__ import annotations

_PART = {"docprinter": "P", "printer": "P", "receipt": "R", "camera": "C", "face": "C", "idcard": "K",
         "network": "N", "gateway": "N", "storage": "S", "cache": "A"}

#: Full code → short code. Numbers are stable: staff sheets and the technician's manual quote them.
SHORT: dict[str, str] = {
    "DOCPRINTER_MEDIA_EMPTY": "P-01", "DOCPRINTER_DOOR_OPEN": "P-02", "DOCPRINTER_JAMMED": "P-03",
    "DOCPRINTER_OFFLINE": "P-04", "DOCPRINTER_PROTOCOL": "P-05", "DOCPRINTER_JOB_UNKNOWN": "P-06",
    "PRINTER_PAPER_OUT": "R-01", "PRINTER_COVER_OPEN": "R-02", "PRINTER_OFFLINE": "R-04",
    "CAMERA_LOST": "C-01", "CAMERA_NO_FRAME": "C-02", "FACE_CARD_PHOTO": "C-03",
    "IDCARD_LOST": "K-01", "IDCARD_BIRTH_MISMATCH": "K-02",
    "GATEWAY_TLS_FAILED": "N-01", "GATEWAY_BAD_ANSWER": "N-02", "GATEWAY_CLOSED": "N-03",
    "STORAGE_FULL": "S-01", "STORAGE_READ_ONLY": "S-02", "STORAGE_PERMISSION": "S-03",
    "STORAGE_NOT_A_FOLDER": "S-04", "STORAGE_NOT_A_FILE": "S-05", "STORAGE_KEY_INVALID": "S-06",
    "CACHE_NOT_FOUND": "A-01", "CACHE_BLOB_DAMAGED": "A-02", "CACHE_BLOB_MISMATCH": "A-03",
}


def short_code(code: str, device: str) -> str:
    """The code staff read off the screen for ``code`` raised by ``device``."""
    if code in SHORT:
        return SHORT[code]
    letter = _PART.get(device) or next((v for k, v in _PART.items() if code.lower().startswith(k)), "X")
    return f"{letter}-00"


def full_codes(short: str) -> list[str]:
    """What a short code can stand for (for the technician who reads it off a resident's screen)."""
    return sorted(code for code, s in SHORT.items() if s == short)
