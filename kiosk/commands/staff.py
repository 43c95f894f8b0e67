"""`kiosk staff`: the district's staff registry — enrol, reset a PIN, disable, list, migrate, and the pepper.

Run at the district, against its feed store (the registry reaches every kiosk by sync). A PIN is read from
standard input (never an argument: the process list and shell history would keep it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import UsageError

HELP = "the district's staff registry: enrol, reset-pin, disable, list, migrate; init-pepper"


def _store_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, type=at.database, help="the district's feed store (a file or postgresql://...)")
    p.add_argument("--pepper", required=True, type=at.existing_file, help="the district's pepper file (0600)")
    add_json_flag(p)


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    i = sub.add_parser("init-pepper", help="make the district's pepper (once; install it on every kiosk)")
    i.add_argument("--out", required=True, type=at.creatable_file, help="the pepper file to write (0600)")
    add_json_flag(i)
    e = sub.add_parser("enrol", help="add or replace a member (PIN on standard input)")
    e.add_argument("--staff-id", required=True, type=at.code)
    e.add_argument("--id-number", required=True, type=at.code, help="the member's ID card number")
    e.add_argument("--role", action="append", choices=("agent", "technician"), required=True)
    e.add_argument("--display-name", type=at.utf8_text, help="as shown on the kiosk, masked (王*)")
    e.add_argument("--archive-code", type=at.code)
    _store_args(e)
    r = sub.add_parser("reset-pin", help="a new PIN for a member (on standard input)")
    r.add_argument("--staff-id", required=True, type=at.code)
    _store_args(r)
    d = sub.add_parser("disable", help="a member no kiosk lets in any more")
    d.add_argument("--staff-id", required=True, type=at.code)
    _store_args(d)
    ls = sub.add_parser("list", help="members, roles and the format of their credentials (no secrets)")
    _store_args(ls)
    m = sub.add_parser("migrate", help="key entries of the old format (plain card hash, scrypt PIN)")
    m.add_argument("--id-numbers", required=True, type=at.existing_file,
                   help="JSON object staff id → ID number, from the district's own records")
    _store_args(m)


def _read_pin() -> str:
    line = sys.stdin.readline()
    if not line.strip():
        raise UsageError("give the PIN on standard input")
    return line.strip()


def run(args: argparse.Namespace) -> int:
    from kiosk.staff.pepper import load_pepper, make_pepper_file

    if args.action == "init-pepper":
        out = Path(args.out)
        if out.exists():
            raise UsageError(f"{out} exists: a district has one pepper (a new one would lock every member out)")
        make_pepper_file(out)
        emit(args, {"pepper": str(out)}, f"wrote {out} (0600): install it on each kiosk as the credential "
                                         "kiosk-staff-pepper")
        return 0
    from kiosk.gateway.stores import open_store
    from kiosk.staff.district import DistrictRegistry

    store = open_store(args.db)
    try:
        registry = DistrictRegistry(store, load_pepper(Path(args.pepper), env={}))
        if args.action == "enrol":
            member = registry.enrol(args.staff_id, args.id_number, _read_pin(), args.role,
                                    display_name=args.display_name or "", archive_code=args.archive_code or "")
            emit(args, {"staff_id": member.staff_id, "roles": sorted(member.roles)}, f"enrolled {member.staff_id}")
        elif args.action == "reset-pin":
            registry.reset_pin(args.staff_id, _read_pin())
            emit(args, {"staff_id": args.staff_id}, f"new PIN for {args.staff_id}")
        elif args.action == "disable":
            registry.disable(args.staff_id)
            emit(args, {"staff_id": args.staff_id, "active": False}, f"disabled {args.staff_id}")
        elif args.action == "list":
            rows = [e.to_dict() for e in registry.list()]
            emit(args, {"staff": rows}, "\n".join(f"{r['staff_id']:<10} {','.join(r['roles']):<20} "
                                                  f"{'active' if r['active'] else 'disabled':<9} {r['card']:<10} "
                                                  f"{r['pin_hash'].get('type')}" for r in rows) or "no staff")
        else:
            try:
                ids = json.loads(Path(args.id_numbers).read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                raise UsageError(f"--id-numbers: not a JSON object of staff id → ID number: {e}") from None
            if not isinstance(ids, dict):
                raise UsageError("--id-numbers: not a JSON object of staff id → ID number")
            done = registry.migrate({str(k): str(v) for k, v in ids.items()})
            emit(args, done, f"migrated {len(done['migrated'])}, already keyed {len(done['already'])}, "
                             f"without an ID number {len(done['missing_id_number'])}")
    finally:
        store.close()
    return 0
