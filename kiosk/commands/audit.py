"""`kiosk audit`: verify and read the chained audit log."""

from __future__ import annotations

import argparse

from kiosk.audit import AuditLog, verify_chain
from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.commands.storage_key import add_storage_key_flag, storage_key_from

HELP = "verify or show the audit log"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    v = sub.add_parser("verify", help="check the hash chain; exit 1 naming the first broken row")
    v.add_argument("--db", required=True, type=at.existing_file, help="path of the audit SQLite file")
    add_storage_key_flag(v)
    add_json_flag(v)
    t = sub.add_parser("tail", help="show the newest rows (already masked)")
    t.add_argument("--db", required=True, type=at.existing_file)
    t.add_argument("-n", type=at.number(int, minimum=1, maximum=1_000_000), default=20)
    add_storage_key_flag(t)
    add_json_flag(t)
    g = sub.add_parser("verify-pushed", help="at the district: check a kiosk's chain from the rows it pushed")
    g.add_argument("--db", required=True, type=at.existing_database, help="the gateway's store")
    g.add_argument("--pepper", required=True, type=at.existing_file, help="the district's pepper file")
    g.add_argument("--kiosk-id", required=True, type=at.code)
    add_json_flag(g)


def run(args: argparse.Namespace) -> int:
    if args.action == "verify-pushed":
        return _verify_pushed(args)
    if args.action == "verify":
        report = verify_chain(args.db, storage_key_from(args))
        text = (f"audit chain ok: {report.rows} rows" if report.ok
                else f"audit chain BROKEN at row {report.first_broken}: {report.reason} ({report.rows} rows)")
        emit(args, report.to_dict(), text)
        return 0 if report.ok else 1
    rows = AuditLog(args.db, key=storage_key_from(args)).rows(limit=args.n)
    emit(args, {"rows": rows}, "\n".join(f"{r['id']:>6} {r['ts']} {r['kind']} {r['actor']} {r['detail']}"
                                         for r in rows))
    return 0


def _verify_pushed(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.audit_push import check_pushed
    from kiosk.gateway.stores import open_store
    from kiosk.staff.pepper import load_pepper

    store = open_store(args.db)
    try:
        report = check_pushed(store, args.kiosk_id, load_pepper(Path(args.pepper), env={}).raw)
    finally:
        store.close()
    text = (f"{args.kiosk_id}: audit chain ok, {report.rows} rows" if report.ok else
            f"{args.kiosk_id}: audit chain BROKEN at row {report.first_broken}: {report.reason}")
    emit(args, {"kiosk_id": args.kiosk_id, **report.to_dict()}, text)
    return 0 if report.ok else 1
