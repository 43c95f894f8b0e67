"""Certificate QR payloads: the compact format ``AKC2`` that kiosks issue (:mod:`.compact`), and the
``|``-separated UTF-8 text of format ``AKC1`` that earlier papers carry and every verifier still reads.

Format 1 (read only):

Fields, in order (17)::

     0  AKC1                  format and version
     1  certificate id        12 Crockford base32 characters
     2  issued at             YYYYMMDDTHHMMSSZ (UTC)
     3  point code            the archive's six-digit code
     4  point name            text
     5  kiosk id              [A-Za-z0-9_.-]{1,40}
     6  records               references (档号), separated by ","
     7  subject               masked (张*英 3301**********2628)
     8  purpose               text
     9  content digest        base64url, 32 bytes (SM3 with SM2 keys, SHA-256 with Ed25519)
    10  kiosk key algorithm   sm2 | ed25519
    11  kiosk public key      base64url, compact (33 bytes SM2 compressed point, 32 bytes Ed25519)
    12  kiosk valid from      YYYYMMDD (UTC day, included)
    13  kiosk valid until     YYYYMMDD (UTC day, included)
    14  district key id       16 hex (first 8 bytes of SHA-256 of the district public key)
    15  district signature    base64url, 64 bytes, over the kiosk certificate (see kiosk_cert)
    16  kiosk signature       base64url, 64 bytes, over the UTF-8 text of fields 0-15 and the "|" after 15

Text values never hold "|" or ",", control characters, or leading/trailing spaces. Every value has one
accepted spelling, and the decoder refuses a text that does not re-encode to itself. A certificate for
one record is about 470 bytes of UTF-8: a QR of version 17 at error correction M, too dense to scan from a
phone photo; format 2 replaced it.
"""

from __future__ import annotations

import re

from kiosk.certify import compact
from kiosk.certify.certificate import MAX_RECORDS, MAX_REFERENCE, MAX_TEXT, Certificate
from kiosk.certify.errors import CertificateMalformed, Reason
from kiosk.certify.fields import FieldError, b64, check_masked, check_text, format_day, format_instant, \
    parse_instant, unb64
from kiosk.certify.kiosk_cert import KioskCertificate, day_from_field, validated
from kiosk.crypto.keys import verifier_from_compact
from kiosk.errors import KioskError

FORMAT = "AKC1"
FIELD_COUNT = 17
#: Far above any payload we write; refusing longer texts early keeps a hostile QR from costing work.
MAX_PAYLOAD_CHARS = 1200
CERTIFICATE_ID = re.compile(r"[0-9A-HJKMNP-TV-Z]{12}")
POINT_CODE = re.compile(r"\d{6}")
_OTHER_VERSION = re.compile(r"AKC\d{1,3}")


def check_values(cert: Certificate) -> None:
    """Raises FieldError naming the first value that cannot go into a payload."""
    _need(CERTIFICATE_ID.fullmatch(cert.certificate_id), "certificate id", "12 Crockford base32 characters")
    _need(POINT_CODE.fullmatch(cert.point_code), "point code", "six digits")
    _need(1 <= len(cert.records) <= MAX_RECORDS, "records", f"1 to {MAX_RECORDS} references")
    _need(len(cert.digest) == 32, "digest", "32 bytes")
    _need(len(cert.signature) == 64, "signature", "64 bytes")
    _need(cert.issued_at.tzinfo is not None and cert.issued_at.microsecond == 0, "issued at",
          "a time with a zone, in whole seconds")
    check_printed(cert)


def check_printed(cert: Certificate) -> None:
    texts = [("point name", cert.point_name, check_text, MAX_TEXT), ("subject", cert.subject, check_masked, MAX_TEXT),
             ("purpose", cert.purpose, check_text, MAX_TEXT)]
    texts += [("record reference", ref, check_text, MAX_REFERENCE) for ref in cert.records]
    for name, value, check, max_chars in texts:
        try:
            check(value, max_chars=max_chars)
        except FieldError as e:
            raise FieldError(f"{name} {e}") from None


def _need(ok: object, name: str, expected: str) -> None:
    if not ok:
        raise FieldError(f"{name} must be {expected}")


def _fields_before_signature(cert: Certificate) -> list[str]:
    k = cert.kiosk
    assert k is not None, "a format 1 payload carries its kiosk certificate"
    return [FORMAT, cert.certificate_id, format_instant(cert.issued_at), cert.point_code, cert.point_name,
            k.kiosk_id, ",".join(cert.records), cert.subject, cert.purpose, b64(cert.digest), k.algorithm,
            b64(k.compact_public()), format_day(k.valid_from), format_day(k.valid_until), k.district_key_id,
            b64(k.signature)]


def signed_part(cert: Certificate) -> bytes:
    """What the kiosk signs: format 2, the first 40 bytes of the binary payload; format 1, the text up to
    and including the separator before the signature."""
    if cert.version == compact.VERSION:
        return compact.pack_signed(cert.certificate_id, cert.issued_at, cert.point_code, cert.kiosk_key_id,
                                   cert.digest)
    return ("|".join(_fields_before_signature(cert)) + "|").encode("utf-8")


def encode_payload(cert: Certificate) -> str:
    if cert.version == compact.VERSION:
        return compact.to_text(signed_part(cert) + cert.signature)
    return "|".join([*_fields_before_signature(cert), b64(cert.signature)])


def decode_payload(text: str) -> Certificate:
    """The certificate a payload (or a QR text holding one in a check URL) describes; CertificateMalformed
    for anything else. Checks no signature (that is :mod:`kiosk.certify.verify`'s job), only form."""
    if not isinstance(text, str):
        raise CertificateMalformed("a certificate payload is text")
    if len(text) > MAX_PAYLOAD_CHARS:
        raise CertificateMalformed(f"longer than {MAX_PAYLOAD_CHARS} characters: not a certificate payload")
    text = compact.payload_of_qr_text(text)
    parts = text.split("|")
    if len(parts) == 1:
        return _decode_compact(text)
    if parts[0] != FORMAT:
        if _OTHER_VERSION.fullmatch(parts[0]):
            raise CertificateMalformed(f"payload format {parts[0]} is not supported by this kiosk (reads {FORMAT})",
                                       reason=Reason.UNSUPPORTED_VERSION)
        raise CertificateMalformed("not a certificate payload (it does not start with AKC1|)")
    if len(parts) != FIELD_COUNT:
        raise CertificateMalformed(f"expected {FIELD_COUNT} fields, found {len(parts)}")
    try:
        cert = _build(parts)
        check_values(cert)
    except FieldError as e:
        raise CertificateMalformed(f"certificate payload: {e}") from None
    if encode_payload(cert) != text:  # belt and braces: exactly one text per certificate
        raise CertificateMalformed("certificate payload is not in its canonical form")
    return cert


def _decode_compact(text: str) -> Certificate:
    data = compact.from_text(text)
    cert_id, issued_at, point_code, key_id, digest, signature = compact.unpack(data)
    cert = Certificate(certificate_id=cert_id, issued_at=issued_at, point_code=point_code, digest=digest,
                       signature=signature, kiosk_key_id=key_id, version=compact.VERSION)
    if encode_payload(cert) != text:
        raise CertificateMalformed("certificate payload is not in its canonical form")
    return cert


def _build(parts: list[str]) -> Certificate:
    (_, cert_id, issued, point_code, point_name, kiosk_id, records, subject, purpose, digest, algorithm,
     public, valid_from, valid_until, district_key_id, district_sig, signature) = parts
    if algorithm not in ("sm2", "ed25519"):
        raise FieldError("kiosk key algorithm is neither sm2 nor ed25519")
    try:
        kiosk_key = verifier_from_compact(algorithm, unb64(public))
    except KioskError:
        raise FieldError("kiosk public key is not a valid key") from None
    try:
        kiosk = validated(KioskCertificate(
            kiosk_id=kiosk_id, algorithm=algorithm, public_hex=kiosk_key.public_hex,
            valid_from=day_from_field(valid_from), valid_until=day_from_field(valid_until),
            district_key_id=district_key_id, signature=unb64(district_sig, 64)))
    except CertificateMalformed as e:
        raise FieldError(e.message) from None
    return Certificate(certificate_id=cert_id, issued_at=parse_instant(issued), point_code=point_code,
                       point_name=point_name, records=tuple(records.split(",")), subject=subject,
                       purpose=purpose, digest=unb64(digest, 32), kiosk=kiosk, kiosk_key_id=kiosk.key_id,
                       signature=unb64(signature, 64), version=1)
