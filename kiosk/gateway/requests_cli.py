"""``kiosk gateway requests list|complete|reject --db PATH``: the owning district's staff at work.

Argument parsing lives here, beside the desk it drives, so ``kiosk/commands/gateway.py`` only mounts it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.crypto.keys import load_signer
from kiosk.errors import UsageError
from kiosk.gateway.requests_admin import RequestDesk


def add_requests_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("requests", help="list, complete or reject requests this district owns")
    actions = p.add_subparsers(dest="requests_action", required=True)
    ls = actions.add_parser("list", help="requests waiting for this district's staff")
    ls.add_argument("--all", action="store_true", help="every request, finished and forwarded ones too")
    done = actions.add_parser("complete", help="issue the signed certificate for a request")
    done.add_argument("request_id", type=at.code)
    done.add_argument("--key", required=True, type=at.existing_file,
                      help="the district's private key file (district.key)")
    done.add_argument("--page", action="append", type=at.existing_file, default=[],
                      help="a page image (PNG) of the record; repeatable")
    done.add_argument("--title", required=True, type=at.nonempty_text, help="the record's title")
    done.add_argument("--reference", required=True, type=at.nonempty_text, help="the record's reference number (档号)")
    done.add_argument("--year", type=at.utf8_text, default="")
    done.add_argument("--office", type=at.utf8_text, default="", help="the office that formed the record")
    done.add_argument("--archive-name", type=at.utf8_text, default="",
                      help="this archive's name, as the certificate shows it")
    no = actions.add_parser("reject", help="refuse a request, with the reason the resident will read")
    no.add_argument("request_id", type=at.code)
    no.add_argument("--reason", required=True, type=at.nonempty_text)
    for a in (ls, done, no):
        a.add_argument("--db", required=True, type=at.existing_database, help="the gateway's database file")
        a.add_argument("--staff", type=at.code, default="staff", help="who acts (recorded in the audit log)")
        add_json_flag(a)


def run_requests(args: argparse.Namespace) -> int:
    if not Path(args.db).exists():
        raise UsageError(f"no gateway database at {args.db}", detail={"db": args.db})
    desk = RequestDesk(args.db)
    try:
        if args.requests_action == "list":
            rows = desk.open_requests(everything=args.all)
            for r in rows:
                r.pop("certificate", None)
            lines = [f"{r['request_id']}  {r['status']:<10} {r['record_type']:<16} {r['purpose']:<18} "
                     f"{r['subject']}  from {r['origin_archive']}" for r in rows] or ["no open requests"]
            emit(args, {"requests": rows}, "\n".join(lines))
        elif args.requests_action == "complete":
            pages = [_read_page(p) for p in args.page]
            result = desk.complete(args.request_id, staff_id=args.staff, signer=load_signer(args.key), pages=pages,
                                   title=args.title, reference=args.reference, year=args.year, office=args.office,
                                   archive_name=args.archive_name)
            emit(args, result, f"completed {args.request_id}: verification code {result['verification_code']}")
        else:
            result = desk.reject(args.request_id, staff_id=args.staff, reason=args.reason)
            emit(args, result, f"rejected {args.request_id}: {result['reason']}")
    finally:
        desk.close()
    return 0


def _read_page(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise UsageError(f"cannot read page image {path}: {e.strerror}", detail={"page": path}) from None
