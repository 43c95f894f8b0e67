"""The compact certificate payload (format ``AKC2``): 104 bytes, written as 167 base32 characters.

Layout (big-endian)::

    offset  size  field
         0     1  version, 0x02
         1     8  certificate id: the 60 bits of its 12 Crockford characters (top 4 bits zero)
         9     4  issued at: Unix seconds, UTC
        13     3  point code: the archive's six-digit code as a number
        16     8  kiosk key id: names the kiosk certificate (first 8 bytes of SHA-256 of the public key)
        24    16  content digest, truncated (SM3 with SM2 keys, SHA-256 with Ed25519; see certificate.py)
        40    64  kiosk signature over bytes 0-39 (SM2 r||s, or Ed25519)

The kiosk certificate does not travel in the QR: a verifier finds it by the key id among the kiosk
certificates it holds (synced, the gateway's store, or files handed to ``kiosk verify``). Base32 (RFC 4648,
upper case, no padding) uses only characters of the QR alphanumeric mode, so the payload can sit in an
upper-case check URL (``HTTPS://HOST/C/<payload>``) that a phone opens and the kiosk still reads: about
200 characters, a version 8 QR at error correction M instead of AKC1's version 17.

Every value has one spelling: the decoder re-encodes what it read and refuses any other text.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from datetime import UTC, datetime

from kiosk.certify.errors import CertificateMalformed, Reason
from kiosk.certify.fields import CROCKFORD

VERSION = 2
FORMAT = "AKC2"
SIGNED_LENGTH = 40
LENGTH = SIGNED_LENGTH + 64
DIGEST_LENGTH = 16
TEXT_LENGTH = 167  # ceil(104 * 8 / 5)
_HEADER = struct.Struct(">B8sI3s8s16s")
BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_BASE32 = re.compile(r"[A-Z2-7]{2,400}")
#: The path segment in front of the payload in a check URL (``HTTPS://HOST/C/<payload>``).
URL_MARKER = "/C/"


def certificate_id_bytes(certificate_id: str) -> bytes:
    n = 0
    for ch in certificate_id:
        n = n * 32 + CROCKFORD.index(ch)
    return n.to_bytes(8, "big")


def certificate_id_text(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    if n >> 60:
        raise CertificateMalformed("certificate id has more than 60 bits")
    return "".join(CROCKFORD[(n >> (5 * i)) & 31] for i in range(11, -1, -1))


def pack_signed(certificate_id: str, issued_at: datetime, point_code: str, kiosk_key_id: str,
                digest: bytes) -> bytes:
    """Bytes 0-39: what the kiosk signs."""
    return _HEADER.pack(VERSION, certificate_id_bytes(certificate_id), int(issued_at.timestamp()),
                        int(point_code).to_bytes(3, "big"), bytes.fromhex(kiosk_key_id), digest[:DIGEST_LENGTH])


def to_text(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def from_text(text: str) -> bytes:
    if not _BASE32.fullmatch(text):
        raise CertificateMalformed("not a certificate payload (neither AKC1 text nor base32)")
    try:
        data = base64.b32decode(text + "=" * (-len(text) % 8))
    except binascii.Error:
        raise CertificateMalformed(f"not a {FORMAT} payload (bad base32)") from None
    if to_text(data) != text:  # stray low bits in the last character
        raise CertificateMalformed(f"{FORMAT} payload is not in its canonical form")
    return data


def unpack(data: bytes) -> tuple[str, datetime, str, str, bytes, bytes]:
    """(certificate id, issued at, point code, kiosk key id, digest, signature) of a 104-byte payload."""
    if data[0] != VERSION:
        raise CertificateMalformed(f"payload format {data[0]} is not supported by this kiosk (reads 1 and {VERSION})",
                                   reason=Reason.UNSUPPORTED_VERSION)
    if len(data) != LENGTH:
        raise CertificateMalformed(f"a {FORMAT} payload has {LENGTH} bytes, not {len(data)}")
    _, cid, seconds, point, key, digest = _HEADER.unpack(data[:SIGNED_LENGTH])
    point_code = f"{int.from_bytes(point, 'big'):06d}"
    if len(point_code) != 6:
        raise CertificateMalformed("point code has more than six digits")
    return (certificate_id_text(cid), datetime.fromtimestamp(seconds, UTC), point_code, key.hex(), digest,
            data[SIGNED_LENGTH:])


def payload_of_qr_text(text: str) -> str:
    """The payload inside what a QR says: the text itself, or what follows ``/C/`` in a check URL."""
    stripped = text.strip()
    if re.match(r"AKC\d{1,3}\|", stripped):
        # The text payloads of format 1 are taken exactly as read: each has one canonical text, and a
        # character added around it (a space, a carriage return) makes it another text, refused.
        return text
    at = stripped.upper().rfind(URL_MARKER)
    if at >= 0:
        return stripped[at + len(URL_MARKER):].split("?")[0].split("#")[0].rstrip("/").upper()
    return stripped


def qr_text(payload: str, check_url: str = "") -> str:
    """What the QR holds: the check URL with the payload, upper case so all of it stays alphanumeric."""
    if not check_url:
        return payload
    return check_url.rstrip("/").upper() + URL_MARKER + payload


def looks_like_certificate(text: str) -> bool:
    """Worth handing to the verifier first, among several QR texts on one paper."""
    payload = payload_of_qr_text(text)
    return payload.startswith("AKC") or bool(_BASE32.fullmatch(payload)) and payload[:1] == "A"
