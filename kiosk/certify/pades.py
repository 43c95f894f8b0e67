"""The embedded PDF signature (PAdES-B-B, ETSI EN 319 142-1) on a certified copy, for any PDF reader that
checks signatures (Acrobat, pyHanko, a court's e-document system) without the project's QR.

Made with pyHanko from the kiosk's own key and X.509 certificate, with the district's certificate in the
signature's certificate bag, so a reader that trusts the district sees the whole chain. It is appended as an
incremental update after the PDF/A conversion: the archival original stays byte for byte inside the signed
file, and its XMP (pdfaid part 2, conformance B) is still the document's metadata.

Only Ed25519 kiosk keys are sealed this way. An SM2 signature is not one a CMS signer of pyHanko can make
or any common PDF reader can check (there is no SM2 in PAdES or in pyHanko's signature mechanisms); for an
SM2 kiosk the paper's seal is the signature in its QR, checked by ``kiosk verify`` and the gateway.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from asn1crypto import keys as asn1_keys
from asn1crypto import x509

from kiosk.certify.errors import CertificateMalformed
from kiosk.certify.x509 import SIGNATURE_OIDS, district_name, spki_key_id
from kiosk.crypto import formats
from kiosk.crypto.keys import Ed25519Signer, Signer

#: Kiosk key algorithms pyHanko can sign a PDF with.
EMBEDDABLE = frozenset({"ed25519"})
FIELD_NAME = "KioskSeal"


def can_embed(algorithm: str) -> bool:
    return algorithm in EMBEDDABLE


def build_district_x509(district: Signer, not_before: datetime, not_after: datetime) -> bytes:
    """The district's self-signed CA certificate (DER): the trust anchor a PDF reader is given. Its subject
    is the issuer name every kiosk certificate carries, its key identifier their authority key identifier.
    The serial comes from the key, so issuing it again for the same key names the same anchor."""
    algorithm = {"algorithm": SIGNATURE_OIDS[district.algorithm]}
    public = asn1_keys.PublicKeyInfo.load(formats.public_der(district.algorithm, district.public_hex))
    key_id = bytes.fromhex(spki_key_id(district))
    tbs = x509.TbsCertificate({
        "version": "v3",
        "serial_number": int.from_bytes(hashlib.sha256(key_id).digest()[:15], "big") | 1,
        "signature": algorithm,
        "issuer": district_name(district),
        "validity": {"not_before": x509.Time({"utc_time": not_before}),
                     "not_after": x509.Time({"utc_time": not_after} if not_after.year < 2050
                                            else {"general_time": not_after})},
        "subject": district_name(district),
        "subject_public_key_info": public,
        "extensions": [
            {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": True, "path_len_constraint": 0}},
            {"extn_id": "key_usage", "critical": True, "extn_value": {"key_cert_sign", "crl_sign"}},
            {"extn_id": "key_identifier", "critical": False, "extn_value": key_id},
        ],
    })
    signature = formats.der_signature(district.algorithm, district.sign(tbs.dump()))
    return x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": algorithm,
                             "signature_value": signature}).dump()


def district_anchor(district: Signer, years: int = 20) -> bytes:
    start = datetime.now(UTC).replace(microsecond=0)
    return build_district_x509(district, start - timedelta(days=1), start + timedelta(days=365 * years))


def seal_pdf(pdf: bytes, signer: Signer, kiosk_der: bytes, chain: Sequence[bytes] = (),
             reason: str = "档案证明", location: str = "") -> bytes:
    """``pdf`` with a PAdES-B-B signature by ``signer`` appended; ``kiosk_der`` is the signer's X.509
    certificate, ``chain`` the certificates up to the district (DER)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata.model import VENDOR
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if not isinstance(signer, Ed25519Signer):
        raise ValueError(f"no embedded PDF signature with {signer.algorithm} keys")
    if not kiosk_der:
        raise CertificateMalformed("an embedded PDF signature needs the kiosk's X.509 certificate")
    private = formats.private_der(signer.algorithm, signer.public_hex, signer.private_hex)
    pdf_signer = signers.SimpleSigner(
        signing_cert=x509.Certificate.load(kiosk_der), signing_key=asn1_keys.PrivateKeyInfo.load(private),
        cert_registry=SimpleCertificateStore.from_certs([x509.Certificate.load(d) for d in chain]))
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha512", reason=reason, location=location or None)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    # PDF/A wants the information dictionary and the XMP to agree; pyHanko writes its own name as the XMP
    # producer but appends it to the dictionary's, so the dictionary is given the same name beforehand.
    info = writer.trailer["/Info"].get_object()
    info["/Producer"] = generic.TextStringObject(VENDOR)
    writer.update_container(info)
    out = signers.PdfSigner(meta, signer=pdf_signer).sign_pdf(writer)
    return out.getvalue()

