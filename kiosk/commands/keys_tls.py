"""The TLS half of `kiosk keys`: the district CA beside the district key, and the credentials folders it
issues (kiosks, gateways, staff). A credentials folder holds ``cert.pem``, ``key.pem`` (PKCS#8, 0600) and
``ca.pem``; programs take it as ``--credentials DIR``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.commands.storage_key import add_storage_key_flag
from kiosk.errors import UsageError
from kiosk.tls import pki



def add_parsers(sub: Any) -> None:
    g = sub.add_parser("issue-gateway", help="a gateway's TLS credentials and its feed-signing key, both "
                                             "certified by the district")
    g.add_argument("--district", required=True, type=at.existing_dir,
                   help="the district folder (district.key, ca.pem, ca.key)")
    g.add_argument("--archive-code", required=True, type=at.code, help="the gateway's district archive code")
    g.add_argument("--host", action="append", required=True, type=at.host,
                   help="a host name or address kiosks and peers dial; repeatable")
    g.add_argument("--out", required=True, type=at.creatable_dir, help="the gateway's credentials folder")
    g.add_argument("--days", type=at.number(int, minimum=1, maximum=3650), default=pki.GATEWAY_DAYS,
                   help=f"days of validity (default {pki.GATEWAY_DAYS})")
    g.add_argument("--force", action="store_true", help="overwrite existing files")
    add_json_flag(g)

    s = sub.add_parser("issue-staff", help="a district staff member's TLS client credentials")
    s.add_argument("--district", required=True, type=at.existing_dir, help="the district folder (ca.pem, ca.key)")
    s.add_argument("--staff-id", required=True, type=at.code)
    s.add_argument("--out", required=True, type=at.creatable_dir, help="the staff member's credentials folder")
    s.add_argument("--days", type=at.number(int, minimum=1, maximum=3650), default=pki.STAFF_DAYS,
                   help=f"days of validity (default {pki.STAFF_DAYS})")
    s.add_argument("--force", action="store_true", help="overwrite existing files")
    add_json_flag(s)


    e = sub.add_parser("new-epoch", help="authorise a gateway restored from a backup to start its feed over "
                                         "(kiosks otherwise refuse its older feed as a rollback)")
    e.add_argument("--district-key", required=True, type=at.existing_file, help="the district's private key file")
    e.add_argument("--gateway", required=True, type=at.existing_dir,
                   help="the gateway's credentials folder: epoch.json is written there")
    add_json_flag(e)


    t = sub.add_parser("trust-list", help="sign the list of other districts whose certificates this district's "
                                          "kiosks accept back from cross-region requests")
    t.add_argument("--district-key", required=True, type=at.existing_file, help="the district's private key file")
    t.add_argument("--trust", action="append", default=[], metavar="CODE=PUBFILE", type=at.utf8_text,
                   help="another district's archive code and its district.pub; repeatable")
    t.add_argument("--serial", type=at.positive_int, default=1, help="the list's serial number (default 1)")
    t.add_argument("--out", required=True, type=at.creatable_file, help="the signed list (JSON)")
    t.add_argument("--publish", metavar="DB", type=at.database,
                   help="also put it into the gateway store: sync carries it to every kiosk")
    add_json_flag(t)


    n = sub.add_parser("renew", help="renew this kiosk's TLS certificate over its link to the gateway")
    n.add_argument("--gateway", required=True, type=at.url("https"), help="the gateway's base URL (https://)")
    n.add_argument("--credentials", required=True, type=at.existing_dir, help="the kiosk's credentials folder")
    n.add_argument("--force", action="store_true", help="renew now, however long the certificate has left")
    add_storage_key_flag(n)
    add_json_flag(n)


ACTIONS = ("issue-gateway", "issue-staff", "new-epoch", "trust-list", "renew")


def run(args: argparse.Namespace) -> int:
    return {"issue-gateway": _issue_gateway, "issue-staff": _issue_staff, "new-epoch": _new_epoch,
            "trust-list": _trust_list, "renew": _renew}[args.action](args)


def _renew(args: argparse.Namespace) -> int:
    from kiosk.sync.client import GatewayClient
    from kiosk.tls.credentials import Credentials
    from kiosk.commands.storage_key import key_secrets_from
    from kiosk.tls.renewal import renew, renew_if_due

    folder = Path(args.credentials)
    # A kiosk's key.pem is encrypted under its storage key: --storage-key (or the kiosk's own config) opens it.
    creds = Credentials.load(folder, key_secrets_from(args))
    client = GatewayClient(args.gateway, tls=creds.client_context())
    try:
        result = (renew(folder, client, creds.passphrase) if args.force
                  else renew_if_due(folder, client, passphrase=creds.passphrase))
    finally:
        client.close()
    emit(args, result, (f"renewed: valid until {result['not_after']}" if result["renewed"]
                        else f"not due: valid until {result['not_after']}"))
    return 0


def _trust_list(args: argparse.Namespace) -> int:
    import json

    from kiosk.crypto.keys import key_id, load_signer, load_verifier
    from kiosk.requests.trust_list import KIND, sign_trust_list

    entries = []
    for spec in args.trust:
        code, sep, path = spec.partition("=")
        if not sep or not code or not path:
            raise UsageError(f"--trust {spec!r} is not CODE=PUBFILE")
        key = load_verifier(path)
        entries.append({"archive_code": code, "algorithm": key.algorithm, "public": key.public_hex})
    district = load_signer(args.district_key)
    document = sign_trust_list(district, entries, args.serial)
    if args.publish:
        from kiosk.gateway.stores import open_store

        store = open_store(args.publish)
        try:
            store.put_document(KIND, key_id(district.public_hex), document)
        finally:
            store.close()
    out = Path(args.out)
    pki.write_public(json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"), out)
    emit(args, {"trust_list": str(out), "serial": args.serial, "districts": [e["archive_code"] for e in entries],
                "published": args.publish or None},
         f"signed trust list {out}: {', '.join(e['archive_code'] for e in entries) or 'no other district'}")
    return 0


def _new_epoch(args: argparse.Namespace) -> int:
    from kiosk.crypto.keys import load_signer
    from kiosk.sync.epoch import FILE, issue_statement, load_statement, save_statement

    path = Path(args.gateway) / FILE
    previous = load_statement(path)
    statement = issue_statement(load_signer(args.district_key), (previous["epoch"] if previous else 0) + 1)
    save_statement(statement, path)
    emit(args, {"epoch": statement["epoch"], "statement": str(path), "issued_at": statement["issued_at"]},
         f"feed epoch {statement['epoch']} written to {path}: restart the gateway to serve it")
    return 0


def init_district_ca(folder: Path, archive_code: str, force: bool) -> dict[str, Any]:
    """The district CA next to the district key: ``ca.pem`` and ``ca.key`` (PKCS#8, 0600)."""
    if (folder / pki.CA_KEY).exists() and not force:
        raise UsageError(f"{folder / pki.CA_KEY} exists; use --force to replace the district CA")
    authority = pki.make_authority(archive_code)
    pki.save_authority(authority, folder)
    return {"ca": str(folder / pki.CA_CERT), "ca_key": str(folder / pki.CA_KEY), "archive_code": archive_code}


def authority_beside(district_key: str | Path) -> pki.Authority | None:
    folder = Path(district_key).parent
    if not (folder / pki.CA_KEY).exists():
        return None
    return pki.load_authority(folder)


def issue_kiosk_credentials(authority: pki.Authority, kiosk_id: str, out: Path, days: int) -> dict[str, Any]:
    cert, key = pki.issue(authority, "kiosk", kiosk_id, days=days)
    pki.write_credentials(out, cert, key, [authority.cert])
    return {"credentials": str(out), **pki.describe(cert)}


def _guard(out: Path, force: bool) -> None:
    if (out / pki.KEY_FILE).exists() and not force:
        raise UsageError(f"{out / pki.KEY_FILE} exists; use --force to replace the credentials")


def _issue_gateway(args: argparse.Namespace) -> int:
    from kiosk.tls.district import issue_gateway

    out = Path(args.out)
    _guard(out, args.force)
    result = issue_gateway(Path(args.district), args.archive_code, tuple(args.host), out, args.days)
    emit(args, result, f"wrote gateway credentials for {args.archive_code} ({', '.join(args.host)}) and its "
                       f"feed-signing key to {out}")
    return 0


def _issue_staff(args: argparse.Namespace) -> int:
    out = Path(args.out)
    _guard(out, args.force)
    authority = pki.load_authority(Path(args.district))
    cert, key = pki.issue(authority, "staff", args.staff_id, days=args.days)
    pki.write_credentials(out, cert, key, [authority.cert])
    result = {"credentials": str(out), **pki.describe(cert)}
    emit(args, result, f"wrote staff credentials for {args.staff_id} to {out}")
    return 0
