"""`kiosk verify`: is a certified copy genuine? From its QR text, a PDF of it or a picture of it.

Exit 0 when valid, 5 when not (with a reason code), 2 when the keys or revocation lists handed in are
unusable: then there is no verdict to give.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import CertificateError, UsageError

HELP = "verify a certified copy (its QR text, PDF or PNG) against the district's public key"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", type=at.existing_file, help="a certified copy: PDF, or a PNG/JPEG picture of it")
    p.add_argument("--qr", type=at.nonempty_text, help="the QR text itself instead of a file")
    p.add_argument("--district-pub", required=True, type=at.existing_file, help="the district's public key file")
    p.add_argument("--kiosk-certs", action="append", default=[], type=at.path_text, metavar="PATH",
                   help="kiosk certificates (a file or a folder of them, repeatable): a compact QR names its "
                        "kiosk certificate only by key id")
    p.add_argument("--revocations", action="append", default=[], type=at.existing_text_file, metavar="FILE",
                   help="a signed revocation list (repeatable)")
    add_json_flag(p)


def run(args: argparse.Namespace) -> int:
    from kiosk.certify.kiosk_certs import KioskCertificates, load_kiosk_certificates
    from kiosk.certify.revocation import Revocations, load_revocation_file
    from kiosk.certify.verify import verify_payload
    from kiosk.crypto.keys import load_verifier

    if (args.file is None) == (args.qr is None):
        raise UsageError("give either a FILE or --qr TEXT")
    district = load_verifier(args.district_pub)
    revocations = Revocations.union(load_revocation_file(path, district) for path in args.revocations)
    text = args.qr if args.qr is not None else _qr_from_file(args.file)
    kiosks = KioskCertificates(load_kiosk_certificates(args.kiosk_certs))
    result = verify_payload(text, district, revocations, kiosks)
    out: dict[str, Any] = result.to_dict()
    if result.valid:
        emit(args, out, f"VALID: certificate {out['certificate_id']} issued {out['issued_at']} by kiosk "
                        f"{out['kiosk_id']} (point {out['point_code']}), code {out['verification_code']}")
        return 0
    emit(args, out, f"INVALID [{out['reason']}]: {result.message}")
    return CertificateError.exit_code


def _qr_from_file(path: str) -> str:
    """The certificate QR on the paper; CERT_QR_NOT_FOUND when the picture shows no readable QR at all."""
    from hardware.qrscan import decode_file
    from kiosk.certify.compact import looks_like_certificate
    from kiosk.certify.errors import QrNotFound

    texts = decode_file(path)
    if not texts:
        raise QrNotFound(f"no QR code could be read in {path}: scan or photograph the paper again, sharp and "
                         "with the whole QR in view", detail={"file": path})
    certificates = [t for t in texts if looks_like_certificate(t)]
    # Handing on a non-certificate QR makes the verifier explain what is wrong with it.
    return certificates[0] if certificates else texts[0]
