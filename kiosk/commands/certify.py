"""`kiosk certify issue --demo`: a demo certified copy through the real issuing and layout code."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import UsageError

HELP = "issue certified copies"
DEMO_PURPOSE = "办理退休手续"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    i = sub.add_parser("issue", help="sign a certificate and write the certified copy as a PDF")
    i.add_argument("--demo", action="store_true", help="certify a demo record (the only source in this version)")
    i.add_argument("--kiosk-key", required=True, type=at.existing_file, help="the kiosk's private key file")
    i.add_argument("--kiosk-cert", required=True, type=at.existing_file,
                   help="the kiosk certificate signed by the district")
    i.add_argument("--out", required=True, type=at.creatable_file, help="the PDF to write")
    i.add_argument("--purpose", type=at.nonempty_text, default=DEMO_PURPOSE,
                   help=f"what the copy is for (default {DEMO_PURPOSE})")
    i.add_argument("--config", type=at.path_text,
                   help="kiosk.toml for the service point (default config/demo.toml)")
    add_json_flag(i)


def run(args: argparse.Namespace) -> int:
    from kiosk.archive.demo_records import demo_records
    from kiosk.certify.copy import certify_copy
    from kiosk.certify.demo import demo_page_png
    from kiosk.certify.issue import Issuer, ServicePoint, mask_subject
    from kiosk.certify.kiosk_cert import load_kiosk_certificate
    from kiosk.clock import clock_for
    from kiosk.config import load_config
    from kiosk.crypto.keys import load_signer
    from kiosk.demo_setup import project_root
    from kiosk.printing.fonts import find_cjk_font
    from kiosk.storage import private_keys, storage_key_for

    if not args.demo:
        raise UsageError("only --demo certified copies can be issued from the command line; the kiosk's print "
                         "flow certifies real records")
    config = load_config(args.config or project_root() / "config" / "demo.toml")
    key_file = Path(args.kiosk_key)
    if private_keys.is_encrypted(key_file.read_bytes()):
        # A kiosk's key, encrypted under its storage key (the config's).
        signer = private_keys.load_signer(key_file, private_keys.secrets_for(storage_key_for(config, create=False)))
    else:
        signer = load_signer(key_file)
    issuer = Issuer(signer, load_kiosk_certificate(args.kiosk_cert),
                    ServicePoint(config.point.archive_code, config.point.name), check_url=config.certify.check_url)
    record = demo_records(config.point.archive_code)[0]
    holder = record.names[0]
    page = demo_page_png(record, holder, find_cjk_font())
    signed = certify_copy(issuer, record, [page], mask_subject(holder, record.subject_id or ""), args.purpose,
                          config.point.name, clock_for(config.point.timezone))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(signed.pdf)
    cert = signed.issued.certificate
    emit(args, {"certificate_id": cert.certificate_id, "qr": signed.issued.qr, "payload": signed.issued.payload,
                "verification_code": signed.issued.verification_code, "pdf": str(out),
                "issued_at": cert.issued_at.isoformat(), "kiosk_id": cert.kiosk_id},
         f"wrote {out}: certificate {cert.certificate_id}, code {signed.issued.verification_code}")
    return 0
