"""``kiosk gateway console add-staff|credential``: the first manager, and a new console login for someone who
lost theirs, from the gateway's machine. Everything else about staff is done in the console itself.

Argument parsing lives here, beside what it drives, so ``kiosk/commands/gateway.py`` only mounts it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import UsageError
from kiosk.gateway.console.staff_directory import CONSOLE_ROLES, ROLES, StaffDirectory


def console_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"https://{shown}:{port}/console"


def add_console_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("console", help="staff of the district console: add the first manager, issue a login")
    actions = p.add_subparsers(dest="console_action", required=True)
    add = actions.add_parser("add-staff", help="enrol a member of staff (PIN for kiosks, console login)")
    add.add_argument("--staff-id", required=True, type=at.code)
    add.add_argument("--name", default="", type=at.utf8_text, help="the name the console and kiosks show, masked (e.g. 王*)")
    add.add_argument("--id-number", required=True, type=at.nonempty_text, help="the member's ID number (only its keyed hash is kept)")
    add.add_argument("--role", action="append", required=True, choices=sorted(ROLES), help="repeatable")
    cred = actions.add_parser("credential", help="a new console password and authenticator secret")
    cred.add_argument("--staff-id", required=True, type=at.code)
    for a in (add, cred):
        a.add_argument("--db", required=True, type=at.database, help="the gateway's database file")
        a.add_argument("--federation-db", type=at.database, help="the gateway's --federation-db, if it was given one")
        a.add_argument("--archive-code", default="330106", type=at.code)
        add_json_flag(a)


def run_console(args: argparse.Namespace) -> int:
    from kiosk.gateway.console import console_db_for, district_pepper
    from kiosk.gateway.console.accounts import ConsoleAccounts
    from kiosk.gateway.stores import open_store

    if not args.db.startswith(("postgresql://", "postgres://")) and not Path(args.db).exists():
        raise UsageError(f"no gateway database at {args.db}", detail={"db": args.db})
    store = open_store(args.db)
    console_db = console_db_for(args.federation_db or args.db)
    accounts = ConsoleAccounts(console_db, clock=time.time)
    try:
        directory = StaffDirectory(store, args.archive_code, district_pepper(console_db))
        out: dict[str, object] = {"staff_id": args.staff_id}
        if args.console_action == "add-staff":
            out["pin"] = directory.enrol(args.staff_id, args.name, args.id_number, args.role).pin
        elif directory.get(args.staff_id) is None:
            raise UsageError(f"no staff member {args.staff_id}", code="STAFF_UNKNOWN")
        member = directory.get(args.staff_id)
        if member is not None and set(member.roles) & set(CONSOLE_ROLES):
            new = accounts.issue(args.staff_id)
            out.update(password=new.password, totp_secret=new.totp_secret, totp_uri=new.uri)
    finally:
        accounts.close()
        store.close()
    lines = [f"{k}: {v}" for k, v in out.items()] + ["(shown once: hand them over in person)"]
    emit(args, out, "\n".join(lines))
    return 0
