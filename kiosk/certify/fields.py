"""The small encodings certificate payloads are made of, each with exactly one accepted spelling.

One spelling per value matters: if two texts decoded to the same certificate, a changed character could
slip past the signature (base64's unused low bits are the classic case), so every decoder here re-encodes
what it read and refuses the text unless it comes out identical.
"""

from __future__ import annotations

import base64
import re
import secrets
import unicodedata
from datetime import UTC, date, datetime

from kiosk.privacy import ID_NUMBER_RE

#: Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not misread.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_INSTANT = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})")
#: Characters that separate fields and list items in payloads; never inside a value.
SEPARATORS = "|,"


class FieldError(ValueError):
    """One value is not in its accepted form; callers turn this into their own typed error."""


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str, length: int | None = None) -> bytes:
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise FieldError("not unpadded base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64(data) != text:
        raise FieldError("base64url with stray low bits")
    if length is not None and len(data) != length:
        raise FieldError(f"expected {length} bytes, got {len(data)}")
    return data


def format_instant(moment: datetime) -> str:
    return to_utc_second(moment).strftime("%Y%m%dT%H%M%SZ")


def to_utc_second(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise FieldError("a time without a time zone is ambiguous")
    return moment.astimezone(UTC).replace(microsecond=0)


def parse_instant(text: str) -> datetime:
    m = _INSTANT.fullmatch(text)
    if not m:
        raise FieldError("not a YYYYMMDDTHHMMSSZ time")
    try:
        return datetime(*(int(g) for g in m.groups()), tzinfo=UTC)  # type: ignore[misc]
    except ValueError as e:
        raise FieldError(str(e)) from None


def format_day(day: date) -> str:
    return day.strftime("%Y%m%d")


def parse_day(text: str) -> date:
    m = _DAY.fullmatch(text)
    if not m:
        raise FieldError("not a YYYYMMDD date")
    try:
        return date(*(int(g) for g in m.groups()))
    except ValueError as e:
        raise FieldError(str(e)) from None


def check_text(value: str, *, max_chars: int) -> str:
    """A free-text value (title, purpose, point name): printable, trimmed, NFC, no separators."""
    if not isinstance(value, str) or not value:
        raise FieldError("must not be empty")
    if len(value) > max_chars:
        raise FieldError(f"longer than {max_chars} characters")
    if value != value.strip():
        raise FieldError("has leading or trailing spaces")
    if unicodedata.normalize("NFC", value) != value:
        raise FieldError("is not in Unicode normal form C")
    for ch in value:
        if ch in SEPARATORS or (unicodedata.category(ch)[0] in "CZ" and ch != " "):
            raise FieldError(f"holds the character {ch!r}, which a certificate cannot carry")
    return value


def check_masked(value: str, *, max_chars: int) -> str:
    """A subject as certificates carry it: masked, never a full ID number."""
    check_text(value, max_chars=max_chars)
    if ID_NUMBER_RE.search(value):
        raise FieldError("holds a full ID number; certificates carry masked subjects only")
    if "*" not in value:
        raise FieldError("is not masked (expected e.g. 张*英 3301**********2628)")
    return value


def crockford(data: bytes, chars: int) -> str:
    n = int.from_bytes(data, "big")
    bits = len(data) * 8
    if chars * 5 > bits:
        raise FieldError("not enough bytes for that many characters")
    n >>= bits - chars * 5
    return "".join(CROCKFORD[(n >> (5 * i)) & 31] for i in range(chars - 1, -1, -1))


def new_certificate_id() -> str:
    """12 random Crockford characters (60 bits): unique across a district without asking anyone."""
    return crockford(secrets.token_bytes(8), 12)
