"""Which districts' certificates a kiosk accepts back from a cross-region request: its own district's key
and those its district vouches for in a signed trust list.

The list is a document of kind ``district-trust`` (written by ``kiosk keys trust-list``, published into the
gateway store, carried to every kiosk by sync). The kiosk checks it with its own district's key before it
believes a single entry, then checks every returned certificate (:func:`check_returned`) against the key
of the district that issued it, before the certificate is stored or printed. Signed bytes: the canonical
JSON of the document without its ``signature``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from kiosk.certify.errors import Reason
from kiosk.crypto.keys import Signer, Verifier, key_id, verifier_for
from kiosk.errors import CertificateError, KioskError

KIND = "district-trust"
FORMAT = "AKT1"


def _canonical(body: Mapping[str, Any]) -> bytes:
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_trust_list(district: Signer, entries: Iterable[Mapping[str, str]], serial: int,
                    now: dt.datetime | None = None) -> dict[str, Any]:
    """``entries``: ``{"archive_code", "algorithm", "public"}`` of each district vouched for."""
    body: dict[str, Any] = {
        "format": FORMAT, "serial": serial, "district_key_id": key_id(district.public_hex),
        "signed_at": (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat(),
        "districts": [{"archive_code": str(e["archive_code"]), "algorithm": str(e["algorithm"]),
                       "public": str(e["public"])} for e in entries]}
    body["signature"] = district.sign(_canonical(body)).hex()
    return body


def trusted_districts(own_code: str, own: Verifier, documents: Iterable[Any]) -> dict[str, Verifier]:
    """Archive code → the key its certificates must verify with: the kiosk's own district, plus every
    entry of a trust list its own district signed. A list signed by anyone else is ignored, entry and all."""
    trusted: dict[str, Verifier] = {own_code: own}
    for doc in documents:
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("district_key_id") != key_id(own.public_hex):
            continue
        try:
            if not own.verify(_canonical(doc), bytes.fromhex(str(doc["signature"]))):
                continue
            for entry in doc["districts"]:
                trusted.setdefault(str(entry["archive_code"]), verifier_for(entry["algorithm"], entry["public"]))
        except (KeyError, TypeError, ValueError, KioskError):
            continue
    return trusted


def check_returned(certificate: Mapping[str, Any], trusted: Mapping[str, Verifier]) -> None:
    """CertificateError with a ``CERT_*`` code unless the district named as issuer is trusted and the
    certificate (and its pages) verify with that district's key."""
    from kiosk.certify.verify import verify_payload
    from kiosk.certify.kiosk_certs import KioskCertificates
    from kiosk.requests.certificate import issuer_certificate, pages_of

    issuer = str(certificate.get("issued_by", ""))
    key = trusted.get(issuer)
    if key is None:
        raise CertificateError(f"a certificate of archive {issuer or '?'}, which this district does not vouch for",
                               code=Reason.UNKNOWN_DISTRICT.value, detail={"issued_by": issuer})
    issuing = issuer_certificate(dict(certificate))  # the issuing key's certificate travels beside the paper
    verdict = verify_payload(str(certificate.get("payload", "")), key, kiosks=KioskCertificates([issuing] if issuing else []))
    if not verdict.valid:
        raise CertificateError(f"the certificate from archive {issuer} does not verify: {verdict.message}",
                               code=(verdict.reason or Reason.BAD_SIGNATURE).value, detail={"issued_by": issuer})
    try:
        pages_of(dict(certificate))
    except CertificateError:
        raise CertificateError("the certificate's pages are not the ones it certifies",
                               code=Reason.DIGEST_MISMATCH.value, detail={"issued_by": issuer}) from None
