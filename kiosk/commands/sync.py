"""`kiosk sync`: pull the district change feed into the local cache, once or continuously."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.commands.storage_key import add_storage_key_flag, storage_key_from
from kiosk.errors import KioskError, UsageError

if TYPE_CHECKING:
    from kiosk.sync.syncer import SyncClient, SyncResult

HELP = "pull the district change feed into the local cache"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--gateway", type=at.url("https"),
                   help="the district gateway's base URL, e.g. https://127.0.0.1:8700 (TLS only)")
    p.add_argument("--credentials", type=at.existing_dir,
                   help="the kiosk's TLS credentials folder (cert.pem, key.pem, ca.pem)")
    p.add_argument("--cache", required=True, type=at.creatable_file, help="the kiosk's archive cache (SQLite file)")
    add_storage_key_flag(p)
    p.add_argument("--district-pub", type=at.existing_file,
                   help="the district's public key file: every batch must verify with it")
    p.add_argument("--config", type=at.existing_text_file,
                   help="the kiosk's config/kiosk.toml: the district configuration documents the feed brings for "
                        "this kiosk are checked after each sync, and a good one recorded for its next start")
    p.add_argument("--once", action="store_true", help="sync up to the gateway's head, then exit")
    p.add_argument("--status", action="store_true", help="print the cache's cursor, records and last sync")
    p.add_argument("--batch-size", type=at.positive_int, default=5000, help="operations asked per batch (default 5000)")
    p.add_argument("--interval", type=at.seconds, default=60.0, help="seconds between syncs without --once")
    p.add_argument("--timeout", type=at.seconds, default=10.0, help="seconds before a gateway request is given up")
    p.add_argument("--batch-deadline", type=at.seconds, default=60.0, metavar="S",
                   help="seconds one feed batch may take in all, however slowly it arrives (default 60)")
    p.add_argument("--run-deadline", type=at.seconds, default=600.0, metavar="S",
                   help="seconds one sync run may take in all (default 600)")
    add_json_flag(p)


def run(args: argparse.Namespace) -> int:
    from kiosk.archive.recovery import open_or_recover
    from kiosk.sync.batch import MAX_BATCH

    if args.status:
        return _status(args)
    if not args.gateway or not args.district_pub or not args.credentials:
        raise UsageError("kiosk sync needs --gateway URL, --credentials DIR and --district-pub FILE (or --status)")
    if not 1 <= args.batch_size <= MAX_BATCH or args.interval <= 0 or args.timeout <= 0:
        raise UsageError(f"--batch-size must be 1 to {MAX_BATCH}; --interval and --timeout must be positive")
    from kiosk.crypto.keys import load_verifier
    from kiosk.sync.syncer import SyncClient
    from kiosk.tls.credentials import client_context_of

    from kiosk.storage.private_keys import secrets_for

    verifier = load_verifier(args.district_pub)
    key = storage_key_from(args)
    # The kiosk's TLS key is kept encrypted under the storage key (encrypted in place if it was not yet).
    tls = client_context_of(args.credentials, secrets_for(key))
    args.key_passphrase = secrets_for(key)[0]
    cache, damaged = open_or_recover(args.cache, key=key)
    if damaged is not None:
        print(f"kiosk sync: the archive cache could not be opened; it was moved aside to {damaged} and is "
              "rebuilt from the gateway", file=sys.stderr)
    keeper = None
    if args.config:
        from kiosk.config import load_config
        from kiosk.config_remote import DistrictConfig

        keeper = DistrictConfig(load_config(args.config), verifier)
    client = SyncClient(cache, args.gateway, verifier, batch_limit=args.batch_size, timeout_s=args.timeout, tls=tls,
                        batch_deadline_s=args.batch_deadline, run_deadline_s=args.run_deadline, config_keeper=keeper)
    try:
        if args.once:
            result = client.sync_once()
            emit(args, {**result.to_dict(), "tls": _renew_if_due(args, client)}, f"applied {result.applied}, deleted {result.deleted} in {result.batches} "
                                         f"batches; cursor {result.cursor} ({result.elapsed_ms:.0f} ms)")
            return 0
        return _continuously(args, client)
    finally:
        client.gateway.close()
        cache.close()


def _renew_if_due(args: argparse.Namespace, client: SyncClient) -> dict[str, object]:
    """After a sync, the kiosk's TLS certificate is renewed over the same link when it nears its end; a
    renewal that fails is reported and tried again after the next sync, it never fails the sync."""
    from pathlib import Path

    from kiosk.tls.renewal import renew_if_due

    try:
        return renew_if_due(Path(args.credentials), client.gateway, passphrase=getattr(args, "key_passphrase", None))
    except KioskError as e:
        return {"renewed": False, "error": e.code}


def _status(args: argparse.Namespace) -> int:
    import datetime as dt
    from pathlib import Path

    from kiosk.archive.cache import ArchiveCache
    from kiosk.sync.syncer import sync_status

    if not Path(args.cache).exists():
        raise UsageError(f"no archive cache at {args.cache}", detail={"cache": args.cache})
    cache = ArchiveCache(args.cache, key=storage_key_from(args))
    try:
        status = sync_status(cache, dt.datetime.now(dt.timezone.utc))
    finally:
        cache.close()
    age = "never synced" if status["last_sync"] is None else f"last sync {status['last_sync']}"
    emit(args, status, f"cursor {status['cursor']}, {status['records']} records, {age}")
    return 0


def _continuously(args: argparse.Namespace, client: SyncClient) -> int:
    """Sync every ``--interval`` seconds and push the cache's outbox, backing off while the gateway is down;
    one line per attempt."""
    from kiosk.sync.outbox import Outbox
    from kiosk.sync.scheduler import SyncScheduler

    def report(result: SyncResult | None, error: KioskError | None) -> None:
        line = {"error": error.to_dict()} if error is not None else result.to_dict()
        if args.json:
            print(json.dumps(line, ensure_ascii=False), flush=True)
        elif error is not None:
            print(f"kiosk sync: {error.message} [{error.code}]", file=sys.stderr, flush=True)
        else:
            print(f"applied {result.applied}, deleted {result.deleted}; cursor {result.cursor}", flush=True)
        if error is None:
            _renew_if_due(args, client)

    # Pushed proxy requests' photos are wiped by the outbox itself after every push.
    scheduler = SyncScheduler(client, args.interval, outbox=Outbox(client.cache), listener=report)
    try:
        scheduler.run_forever()
    except KeyboardInterrupt:
        scheduler.stop()
    return 0
