"""`kiosk request`: file a request for a record another archive holds, and follow it.

``submit`` puts the request in the kiosk's outbox (``--push`` sends it to the gateway now rather than at
the next sync); ``status`` and ``list`` read the kiosk's own request book, ``--refresh`` asks the gateway
first; ``print`` prints the certificate of a completed request here (就近出证), once, through the print
journal. Photos (``--letter``, ``--id-photo``) are read into memory, queued, and never copied elsewhere.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import UsageError

HELP = "submit and follow requests to other archives"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    s = sub.add_parser("submit", help="file a request (it waits in the outbox until the gateway takes it)")
    s.add_argument("--record-type", required=True, type=at.code, help="e.g. real_estate, marriage, social_insurance")
    s.add_argument("--purpose", required=True, type=at.code, help="e.g. property_transfer, inheritance, pension")
    s.add_argument("--owner", required=True, type=at.code, help="code of the archive that holds the record")
    s.add_argument("--subject-id", required=True, type=at.code, help="ID number of the person the record is about")
    s.add_argument("--subject-name", required=True, type=at.nonempty_text)
    s.add_argument("--channel", choices=("self", "assisted", "proxy"), default="self")
    s.add_argument("--agent", type=at.code, help="staff id of the agent (assisted and proxy requests)")
    s.add_argument("--relationship", type=at.utf8_text, default="",
                   help="the agent's relationship to the resident (proxy)")
    s.add_argument("--letter", type=at.existing_file, help="image file: the authorisation letter (proxy)")
    s.add_argument("--id-photo", type=at.existing_file, help="image file: the resident's ID card (proxy)")
    s.add_argument("--missing", action="append", default=[], type=at.nonempty_text,
                   help="a material handed in later (告知承诺)")
    s.add_argument("--signature", type=at.existing_text_file,
                   help="JSON file of the resident's signature strokes (with --missing)")
    s.add_argument("--note", type=at.utf8_text, default="")
    s.add_argument("--push", action="store_true", help="push the outbox to the gateway now")
    st = sub.add_parser("status", help="where a request stands, and its clock against the one-working-day target")
    st.add_argument("request_id", type=at.code)
    st.add_argument("--refresh", action="store_true", help="ask the gateway first")
    ls = sub.add_parser("list", help="requests filed at this kiosk")
    ls.add_argument("--refresh", action="store_true", help="ask the gateway first")
    pr = sub.add_parser("print", help="print the certificate of a completed request on the document printer")
    pr.add_argument("request_id", type=at.code)
    pr.add_argument("--printer", type=at.nonempty_text,
                    help="document printer URL (default: [devices] docprinter from the config)")
    pr.add_argument("--refresh", action="store_true", help="ask the gateway first")
    pr.add_argument("--timeout", type=at.seconds, default=120.0, help="seconds to wait for the printer (default 120)")
    for a in (s, st, ls, pr):
        a.add_argument("--config", type=at.path_text, help="path of kiosk.toml (default: config/kiosk.toml)")
        a.add_argument("--demo", action="store_true", help="use config/demo.toml")
        add_json_flag(a)


def run(args: argparse.Namespace) -> int:
    from kiosk.archive.cache import ArchiveCache
    from kiosk.audit import AuditLog
    from kiosk.requests.kiosk_service import open_requests

    config = _config(args)
    from kiosk.storage import storage_key_for

    key = storage_key_for(config)
    cache = ArchiveCache(config.resolve(config.cache.path), key=key)
    audit = AuditLog(config.resolve(config.data.dir) / "audit.sqlite", key=key)
    kiosk_requests = open_requests(config, cache, audit)
    try:
        if args.action == "submit":
            return _submit(args, config, kiosk_requests)
        service = kiosk_requests.service
        if args.refresh:
            service.refresh()
        if args.action == "print":
            return _print(args, config, service)
        if args.action == "status":
            row = _public(service.status(args.request_id))
            target = row["target"]
            emit(args, row, f"{row['request_id']}: {row['status']}"
                 + (f" — {row['reason']}" if row["reason"] else "")
                 + f" (due {target['due_at']}, {target['hours_left']} h left)")
        else:
            rows = [_public(r) for r in service.book.with_status(*_ALL)]
            emit(args, {"requests": rows}, "\n".join(f"{r['request_id']}  {r['status']:<10} "
                                                     f"{r['summary']['record_type']:<16} {r['summary']['subject']}"
                                                     for r in rows) or "no requests filed here")
    finally:
        kiosk_requests.close()
        cache.close()
        audit.close()
    return 0


def _print(args: argparse.Namespace, config: Any, service: Any) -> int:
    from hardware.registry import open_docprinter
    from kiosk.printing.journal import PrintJournal
    from kiosk.requests.printout import print_certificate

    from kiosk.storage import storage_key_for

    journal = PrintJournal.open(config.resolve(config.data.dir), key=storage_key_for(config))
    try:
        printer = open_docprinter(args.printer or config.devices.docprinter).driver
        outcome = print_certificate(service, args.request_id, journal, printer, point_name=config.point.name,
                                    kiosk_id=config.point.kiosk_id, actor="operator",
                                    timeout_s=args.timeout)
    finally:
        journal.close()
    result = {"request_id": args.request_id, "status": service.status(args.request_id)["status"],
              **outcome.to_dict()}
    emit(args, result, f"request {args.request_id}: " + ("printed" if outcome.printed else
                                                          f"job {outcome.job.state.value}"))
    return 0 if outcome.printed else 6


_ALL = ("queued", "received", "forwarded", "completed", "rejected", "printed", "rejection_seen")


def _config(args: argparse.Namespace) -> Any:
    from kiosk.config import load_config
    from kiosk.demo_setup import project_root

    if args.config:
        return load_config(args.config)
    return load_config(project_root() / "config" / ("demo.toml" if args.demo else "kiosk.toml"))


def _read(path: str | None, what: str) -> bytes | None:
    if not path:
        return None
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise UsageError(f"cannot read {what} {path}: {e.strerror}", detail={"file": path}) from None


def _submit(args: argparse.Namespace, config: Any, kiosk_requests: Any) -> int:
    from kiosk.requests.model import Attachment, Channel, Commitment, Request
    from kiosk.requests.signature import Signature

    attachments = [Attachment(kind, "image/jpeg", data) for kind, data in
                   (("authorisation_letter", _read(args.letter, "letter")),
                    ("id_photo", _read(args.id_photo, "ID photo"))) if data]
    commitment = None
    if args.missing:
        raw = _read(args.signature, "signature")
        if raw is None:
            raise UsageError("--missing needs the resident's --signature (告知承诺)", code="REQUEST_INVALID")
        try:
            signature = Signature.from_dict(json.loads(raw))
        except (ValueError, TypeError) as e:
            raise UsageError(f"{args.signature} is not a signature file: {e}", code="REQUEST_INVALID") from None
        commitment = Commitment(tuple(args.missing), signature, "")
    request = Request(origin_archive=config.point.archive_code, origin_kiosk=config.point.kiosk_id,
                      owner_archive=args.owner, record_type=args.record_type, purpose=args.purpose,
                      subject_id=args.subject_id.strip().upper(), subject_name=args.subject_name.strip(),
                      channel=Channel(args.channel), agent_id=args.agent, relationship=args.relationship,
                      attachments=attachments, commitment=commitment, note=args.note)
    result = kiosk_requests.service.submit(request)
    if args.push:
        result["push"] = _push(config, kiosk_requests.outbox)
    emit(args, result, f"request {result['request_id']} {result['status']}")
    return 0


def _push(config: Any, outbox: Any) -> dict[str, Any]:
    from kiosk.errors import GatewayUnreachable
    from kiosk.sync.client import GatewayClient

    if not config.gateway.url:
        return {"pushed": 0, "error": "no gateway url configured"}
    from kiosk.tls.credentials import client_context_of

    credentials = config.resolve(config.gateway.credentials) if config.gateway.credentials else None
    from kiosk.storage.private_keys import secrets_for

    client = GatewayClient(config.gateway.url, timeout_s=config.gateway.timeout_s,
                           tls=client_context_of(credentials, secrets_for(outbox.cache.key)))
    try:
        # The gateway has the letter and ID photos now: the push itself leaves the kiosk none, and counts them.
        return outbox.push(client)
    except GatewayUnreachable as e:
        # Not a failure of the command: the request is safe in the outbox and goes at the next sync.
        return {"pushed": 0, "error": e.code}
    finally:
        client.close()


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """What the command shows: the certificate by its id and code, not its page images."""
    out = dict(row)
    cert = out.pop("certificate", None)
    if cert:
        out["certificate"] = {k: cert.get(k) for k in ("certificate_id", "verification_code", "issued_by",
                                                       "issued_at")}
    return out
