"""`kiosk audit`: verify and read the chained audit log."""

from __future__ import annotations

import argparse

from kiosk.audit import AuditLog, verify_chain
from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit

HELP = "verify or show the audit log"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    v = sub.add_parser("verify", help="check the hash chain; exit 1 naming the first broken row")
    v.add_argument("--db", required=True, type=at.existing_file, help="path of the audit SQLite file")
    add_json_flag(v)
    t = sub.add_parser("tail", help="show the newest rows (already masked)")
    t.add_argument("--db", required=True, type=at.existing_file)
    t.add_argument("-n", type=at.number(int, minimum=1, maximum=1_000_000), default=20)
    add_json_flag(t)


def run(args: argparse.Namespace) -> int:
    if args.action == "verify":
        report = verify_chain(args.db)
        text = (f"audit chain ok: {report.rows} rows" if report.ok
                else f"audit chain BROKEN at row {report.first_broken}: {report.reason} ({report.rows} rows)")
        emit(args, report.to_dict(), text)
        return 0 if report.ok else 1
    rows = AuditLog(args.db).rows(limit=args.n)
    emit(args, {"rows": rows}, "\n".join(f"{r['id']:>6} {r['ts']} {r['kind']} {r['actor']} {r['detail']}"
                                         for r in rows))
    return 0
