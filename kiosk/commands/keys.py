"""`kiosk keys`: the district's root key pair (and, later, kiosk keys and revocations)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.commands.output import add_json_flag, emit
from kiosk.crypto.keys import generate, key_id, save_pair

HELP = "create district and kiosk keys, revoke kiosks"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    d = sub.add_parser("init-district", help="write district.key (0600) and district.pub")
    d.add_argument("--out", required=True, help="folder for the key files")
    d.add_argument("--algorithm", choices=("sm2", "ed25519"), default="ed25519")
    d.add_argument("--force", action="store_true", help="overwrite existing key files")
    add_json_flag(d)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    priv, pub = out / "district.key", out / "district.pub"
    if priv.exists() and not args.force:
        from kiosk.errors import UsageError

        raise UsageError(f"{priv} exists; use --force to replace the district key")
    signer = generate(args.algorithm)
    save_pair(signer, priv, pub)
    emit(args, {"private": str(priv), "public": str(pub), "algorithm": signer.algorithm,
                "key_id": key_id(signer.public_hex)}, f"wrote {priv} and {pub} ({signer.algorithm})")
    return 0
