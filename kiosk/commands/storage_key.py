"""``--storage-key`` (the key a command handed data files by path opens them with), and
``kiosk keys rotate-storage``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.storage import StorageKey, load_key, storage_key_for


def add_storage_key_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--storage-key", metavar="FILE", type=at.creatable_file,
                   help="the storage key file the data files are encrypted with (default: this kiosk's key, "
                        "from its systemd credential or storage.key_file in config/kiosk.toml)")


def storage_key_from(args: argparse.Namespace) -> StorageKey:
    if getattr(args, "storage_key", None):
        return load_key(Path(args.storage_key), env={})
    from kiosk.config import load_config
    from kiosk.demo_setup import project_root

    return storage_key_for(load_config(project_root() / "config" / "kiosk.toml"), os.environ)


def key_secrets_from(args: argparse.Namespace) -> list[bytes]:
    """The passphrases of the kiosk's private keys, for a command handed its credentials folder by path:
    from ``--storage-key``, else from this kiosk's own storage key (its systemd credential or key file) when
    it has one; none when it has not (a plain key still loads, an encrypted one says what it needs)."""
    from kiosk.errors import KioskError
    from kiosk.storage.private_keys import secrets_for

    if getattr(args, "storage_key", None):
        return secrets_for(load_key(Path(args.storage_key), env={}))
    from kiosk.config import load_config
    from kiosk.demo_setup import project_root

    try:
        return secrets_for(storage_key_for(load_config(project_root() / "config" / "kiosk.toml"), os.environ,
                                           create=False))
    except KioskError:
        return []


def add_rotate_storage(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("rotate-storage", help="re-encrypt every kiosk data file under a new storage key, in place "
                                              "(run with the kiosk stopped; run again to finish one cut short)")
    r.add_argument("--config", type=at.existing_file, help="path of kiosk.toml (default: config/kiosk.toml)")
    r.add_argument("--demo", action="store_true", help="use config/demo.toml")
    r.add_argument("--credstore", metavar="DIR", type=at.existing_dir,
                   help="where the sealed storage key is (default /etc/credstore.encrypted): when the key is a "
                        "systemd credential there, the next key is sealed there too (run as root)")
    add_json_flag(r)


def rotate_storage(args: argparse.Namespace) -> int:
    import sys

    from kiosk.config import load_config
    from kiosk.demo_setup import project_root
    from kiosk.errors import UsageError
    from kiosk.storage.files import encrypted_key_files, sqlite_files
    from kiosk.storage.key import CREDENTIAL_NAME, storage_key_path
    from kiosk.storage.rotate import KeyFile, SealedCredential, rotate
    from kiosk.storage.sealed import CREDSTORE, SystemdCreds

    config = load_config(args.config or project_root() / "config" / ("demo.toml" if args.demo else "kiosk.toml"))
    credstore = Path(args.credstore) if args.credstore else CREDSTORE
    if (credstore / CREDENTIAL_NAME).exists():
        place = SealedCredential(credstore, SystemdCreds())
    elif args.credstore is not None:
        raise UsageError(f"no sealed storage key {CREDENTIAL_NAME} in {credstore}")
    elif os.environ.get("CREDENTIALS_DIRECTORY"):
        raise UsageError("this kiosk's storage key is a systemd credential whose sealed file is not in "
                         f"{CREDSTORE}: give its folder with --credstore")
    else:
        place = KeyFile(storage_key_path(config))
    files = sqlite_files(config.resolve(config.data.dir), config.resolve(config.cache.path))
    tls = [config.resolve(config.gateway.credentials)] if config.gateway.credentials else []
    key_files = encrypted_key_files(config.resolve(config.data.dir), *tls)

    def progress(path: Path, changed: bool) -> None:
        print(f"{'re-keyed' if changed else 'already under the new key'}: {path.name}", file=sys.stderr, flush=True)

    report = rotate(place, files, on_file=progress, key_files=key_files)
    emit(args, report.to_dict(), f"storage key rotated: {len(report.rekeyed)} files re-keyed"
                                 + (f", {len(report.already)} done before" if report.already else "")
                                 + (f"; the new key is sealed in {credstore}" if report.sealed else ""))
    return 0
