"""`kiosk keys`: the district's root key pair, kiosk keys certified by it, and revocation lists."""

from __future__ import annotations

import argparse
import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kiosk.commands import argtypes as at
from kiosk.commands import keys_formats, keys_tls
from kiosk.commands.output import add_json_flag, emit
from kiosk.commands.storage_key import add_rotate_storage, rotate_storage
from kiosk.errors import UsageError

HELP = "create district and kiosk keys, revoke kiosks, export and import keys in standard forms"
KIOSK_CERT_DAYS = 730
KIOSK_TLS_DAYS = 30


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    d = sub.add_parser("init-district", help="write district.key (0600) and district.pub")
    d.add_argument("--out", required=True, type=at.creatable_dir, help="folder for the key files")
    d.add_argument("--algorithm", choices=("sm2", "ed25519"), default="sm2")
    d.add_argument("--archive-code", type=at.code, default="330106", help="the district's archive code, named by its TLS CA")
    d.add_argument("--force", action="store_true", help="overwrite existing key files")
    add_json_flag(d)

    k = sub.add_parser("issue-kiosk", help="write kiosk.key (0600), kiosk.pub and kiosk.cert signed by the district")
    k.add_argument("--district-key", required=True, type=at.existing_file, help="the district's private key file")
    k.add_argument("--kiosk-id", required=True, type=at.code)
    k.add_argument("--out", required=True, type=at.creatable_dir, help="folder for the kiosk's files")
    k.add_argument("--algorithm", choices=("sm2", "ed25519"), help="default: the district key's algorithm")
    k.add_argument("--valid-from", type=at.date_between(), help="first valid day, YYYY-MM-DD (UTC; default today)")
    k.add_argument("--days", type=at.number(int, minimum=1, maximum=36_500), default=KIOSK_CERT_DAYS,
                   help=f"days of validity (default {KIOSK_CERT_DAYS})")
    k.add_argument("--tls-days", type=at.number(int, minimum=1, maximum=397), default=KIOSK_TLS_DAYS,
                   help=f"days the TLS client certificate in OUT/tls is valid (default {KIOSK_TLS_DAYS})")
    k.add_argument("--force", action="store_true", help="overwrite existing kiosk files")
    k.add_argument("--publish", metavar="DB", type=at.database, help="also put the kiosk certificate into the gateway store (a file "
                   "or postgresql://...): verifiers find it there and, through sync, at every kiosk")
    add_json_flag(k)

    r = sub.add_parser("revoke", help="add a kiosk to a signed revocation list (created if missing)")
    r.add_argument("--district-key", required=True, type=at.existing_file, help="the district's private key file")
    r.add_argument("--kiosk-id", required=True, type=at.code)
    r.add_argument("--out", required=True, type=at.creatable_file, help="the revocation list file (JSON)")
    r.add_argument("--key-id", type=at.code, help="revoke only this key of the kiosk (default: every key)")
    r.add_argument("--effective-from", type=at.datetime_between(),
                   help="revoke certificates issued from this time on (default: all, as for a stolen key)")
    r.add_argument("--reason", type=at.utf8_text, default="", help="a short note, e.g. stolen, decommissioned")
    r.add_argument("--publish", metavar="DB", type=at.existing_database,
                   help="also put the list into the gateway store (a file or postgresql://...): the verify "
                        "endpoint uses it at once, and sync carries it to every kiosk")
    add_json_flag(r)
    keys_tls.add_parsers(sub)
    keys_formats.add_parsers(sub)
    add_rotate_storage(sub)


def run(args: argparse.Namespace) -> int:
    if args.action in keys_tls.ACTIONS:
        return keys_tls.run(args)
    if args.action in keys_formats.ACTIONS:
        return keys_formats.run(args)
    return {"init-district": _init_district, "issue-kiosk": _issue_kiosk, "revoke": _revoke,
            "rotate-storage": rotate_storage}[args.action](args)


def _refuse_overwrite(path: Path, force: bool, what: str) -> None:
    if path.exists() and not force:
        raise UsageError(f"{path} exists; use --force to replace the {what}")


def _init_district(args: argparse.Namespace) -> int:
    from kiosk.crypto.keys import generate, key_id, save_pair

    out = Path(args.out)
    priv, pub = out / "district.key", out / "district.pub"
    _refuse_overwrite(priv, args.force, "district key")
    signer = generate(args.algorithm)
    save_pair(signer, priv, pub)
    tls = keys_tls.init_district_ca(out, args.archive_code, True)
    emit(args, {"private": str(priv), "public": str(pub), "algorithm": signer.algorithm,
                "key_id": key_id(signer.public_hex), **tls},
         f"wrote {priv} and {pub} ({signer.algorithm}) and the district TLS CA {tls['ca']}")
    return 0


def _issue_kiosk(args: argparse.Namespace) -> int:
    from kiosk.certify.kiosk_cert import issue_kiosk_certificate, save_kiosk_certificate
    from kiosk.crypto.keys import generate, load_signer, save_pair

    if args.days < 1:
        raise UsageError("--days must be at least 1")
    district = load_signer(args.district_key)
    out = Path(args.out)
    priv, pub, cert_path = out / "kiosk.key", out / "kiosk.pub", out / "kiosk.cert"
    _refuse_overwrite(priv, args.force, "kiosk key")
    kiosk_key = generate(args.algorithm or district.algorithm)  # type: ignore[arg-type]
    valid_from = args.valid_from or datetime.now(UTC).date()
    cert = issue_kiosk_certificate(district, args.kiosk_id, kiosk_key, valid_from,
                                   valid_from + timedelta(days=args.days - 1))
    if args.publish:
        from kiosk.certify.kiosk_certs import KIND, as_document, document_key

        _publish(args.publish, as_document(cert), KIND, document_key(cert))
    save_pair(kiosk_key, priv, pub)
    save_kiosk_certificate(cert, cert_path)
    authority = keys_tls.authority_beside(args.district_key)
    tls = (keys_tls.issue_kiosk_credentials(authority, args.kiosk_id, out / "tls", args.tls_days)
           if authority is not None else {})
    emit(args, {"tls": tls or None, "private": str(priv), "public": str(pub), "certificate": str(cert_path), "kiosk_id": cert.kiosk_id,
                "algorithm": cert.algorithm, "key_id": cert.key_id, "valid_from": cert.valid_from.isoformat(),
                "valid_until": cert.valid_until.isoformat(), "district_key_id": cert.district_key_id},
         f"wrote {priv}, {pub} and {cert_path} ({cert.kiosk_id}, {cert.algorithm}, "
         f"valid {cert.valid_from} to {cert.valid_until})")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from kiosk.certify.revocation import RevocationEntry, Revocations, read_unchecked, sign_revocation_list
    from kiosk.crypto.keys import load_signer

    district = load_signer(args.district_key)
    now = datetime.now(UTC).replace(microsecond=0)
    effective = args.effective_from
    if effective is not None and effective.tzinfo is None:
        raise UsageError("--effective-from needs a time zone, e.g. 2026-11-25T08:00:00+08:00")
    out = Path(args.out)
    previous = read_unchecked(out)
    # Appending re-signs the whole list: check the old one first, or a planted file would get our signature.
    old = Revocations.checked([previous], district) if previous else Revocations()
    entry = RevocationEntry(kiosk_id=args.kiosk_id, revoked_at=now.isoformat(), key_id=args.key_id,
                            effective_from=effective.isoformat() if effective else None, reason=args.reason)
    document = sign_revocation_list(district, [*old.entries, entry], old.serial + 1, now)
    if args.publish:
        # Before the file: a store that cannot be reached leaves everything as it was, to run again.
        _publish(args.publish, document)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, out)  # a reader never sees half a list
    emit(args, {"revocations": str(out), "serial": document["serial"], "entries": len(document["entries"]),
                "kiosk_id": args.kiosk_id, "published": args.publish or None},
         f"revoked {args.kiosk_id} in {out} (serial {document['serial']}, {len(document['entries'])} entries)"
         + (f"; published to {args.publish}" if args.publish else ""))
    return 0


def _publish(target: str, document: dict[str, object], kind: str = "", key: str = "") -> None:
    """Revocations: one list per district key in the store, a newer list replaces the older one (it holds
    its entries). Kiosk certificates: one document each."""
    from kiosk.certify.revocation import KIND
    from kiosk.gateway.stores import open_store

    store = open_store(target)
    try:
        store.put_document(kind or KIND, key or str(document["district_key_id"]), document)
    finally:
        store.close()
