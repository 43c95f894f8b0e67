"""`kiosk gateway`: seed the demo district archive, serve the change feed, work the request desk."""

from __future__ import annotations

import argparse
import sys

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import UsageError

HELP = "the district gateway: seed a demo archive, serve the change feed, handle requests"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from kiosk.gateway.requests_cli import add_requests_parser

    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    s = sub.add_parser("seed", help="fill (or grow, with --add) a synthetic district archive")
    s.add_argument("--db", required=True, type=at.database,
                   help="the gateway's database: a file (SQLite) or postgresql://...")
    s.add_argument("--residents", type=at.number(int, minimum=0, maximum=10_000_000),
                   help="residents the archive holds (with --add: residents to add)")
    s.add_argument("--seed", type=at.non_negative_int, default=1, help="the synthetic world's seed (default 1)")
    s.add_argument("--archive-code", type=at.code, default="330106",
                   help="the archive's district code (default 330106)")
    s.add_argument("--add", action="store_true", help="append changes: new residents, edits and deletes")
    s.add_argument("--pages-for", type=at.number(int, minimum=0, maximum=10_000_000), default=20,
                   help="residents whose records get page images (default 20)")
    s.add_argument("--count", action="store_true", help="only print how many live records the archive holds")
    add_json_flag(s)

    v = sub.add_parser("serve", help="serve the change feed, blobs, outbox intake and health over mutual TLS")
    v.add_argument("--db", required=True, type=at.database, help="a file (SQLite) or postgresql://user:pass@host/db")
    v.add_argument("--credentials", type=at.existing_dir,
                   help="the gateway's credentials folder from `kiosk keys issue-gateway` "
                        "(TLS certificate and key, district CA, feed-signing key)")
    v.add_argument("--district-key", type=at.existing_file,
                   help="sign the feed with the district's root key itself instead of the feed key in "
                        "--credentials (keeps the root online: avoid)")
    v.add_argument("--host", type=at.host, default="127.0.0.1")
    v.add_argument("--port", type=at.port_number, default=8700)
    v.add_argument("--archive-code", type=at.code, help="this district's archive code (default: the one in --credentials)")
    v.add_argument("--peer", action="append", default=[], metavar="CODE=URL", type=at.peer,
                   help="another district's gateway (https://), for requests it owns; repeatable")
    v.add_argument("--peer-ca", action="append", default=[], metavar="CODE=FILE", type=at.utf8_text,
                   help="the CA certificate of the district CODE: its gateway is accepted as a peer; repeatable")
    v.add_argument("--federation-db", type=at.database,
                   help="file for requests and kiosk health (default: the --db file; "
                                           "with PostgreSQL, requests are off unless given)")
    v.add_argument("--batch-size", type=at.positive_int, default=5000, help="operations per feed batch (default 5000)")
    v.add_argument("--workers", type=at.positive_int, default=1,
                   help="worker processes sharing the port (default 1); a district on PostgreSQL runs several")
    v.add_argument("--pool-size", type=at.positive_int,
                   help="database connections per worker at most (default: 4 on SQLite, 8 on PostgreSQL)")
    add_json_flag(v)

    add_requests_parser(sub)
    from kiosk.gateway.console.cli import add_console_parser

    add_console_parser(sub)


def run(args: argparse.Namespace) -> int:
    if args.action == "seed":
        return _seed(args)
    if args.action == "serve":
        return _serve(args)
    if args.action == "console":
        from kiosk.gateway.console.cli import run_console

        return run_console(args)
    from kiosk.gateway.requests_cli import run_requests

    return run_requests(args)


def _seed(args: argparse.Namespace) -> int:
    from kiosk.gateway.seed import add_changes, seed_archive
    from kiosk.gateway.stores import open_store

    if not args.count and args.residents is None:
        raise UsageError("kiosk gateway seed needs --residents N (or --count)")
    store = open_store(args.db)
    try:
        if args.count:
            n = store.count("record")
            emit(args, {"records": n}, f"{n} records in {args.db}")
            return 0
        if args.add:
            report = add_changes(store, residents_new=args.residents, seed=args.seed,
                                 archive_code=args.archive_code, page_images_for=0)
        else:
            report = seed_archive(store, residents_wanted=args.residents, seed=args.seed,
                                  archive_code=args.archive_code, page_images_for=args.pages_for)
    finally:
        store.close()
    text = (f"{report['residents']} residents, {report['records']} records written; "
            f"{report['total_records']} records in {args.db}")
    if args.add:
        text += f" ({report['edited']} edited, {report['deleted']} deleted)"
    emit(args, report, text)
    return 0


def _peers(specs: list[str]) -> dict[str, str]:
    peers = {}
    for spec in specs:
        code, sep, url = spec.partition("=")
        if not sep or not code or not url.startswith("https://"):
            raise UsageError(f"--peer {spec!r} is not CODE=https://host:port (peers speak TLS only)")
        peers[code] = url.rstrip("/")
    return peers


def _peer_cas(specs: list[str]) -> dict[str, str]:
    cas = {}
    for spec in specs:
        code, sep, path = spec.partition("=")
        if not sep or not code or not path:
            raise UsageError(f"--peer-ca {spec!r} is not CODE=FILE")
        cas[code] = path
    return cas


def _serve(args: argparse.Namespace) -> int:
    from kiosk.gateway.process import GatewaySpec, check_spec, serve
    from kiosk.sync.batch import MAX_BATCH

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a TCP port")
    if not 1 <= args.batch_size <= MAX_BATCH:
        raise UsageError(f"--batch-size must be 1 to {MAX_BATCH}")
    if not args.credentials:
        raise UsageError("kiosk gateway serve needs --credentials DIR (from `kiosk keys issue-gateway`): "
                         "the gateway serves HTTPS with client certificates only", code="TLS_CREDENTIALS_MISSING")
    if args.workers > 64 or (args.pool_size or 0) > 256:
        raise UsageError("--workers must be 1 to 64 and --pool-size 1 to 256")
    postgres = args.db.startswith(("postgresql://", "postgres://"))
    if args.workers > 1 and not postgres:
        raise UsageError("--workers above 1 needs the archive on PostgreSQL (--db postgresql://...): "
                         "one SQLite file takes one writer at a time")
    if args.workers > 1 and not args.federation_db:
        raise UsageError("--workers above 1 needs --federation-db FILE: every worker must see the same "
                         "requests and kiosk health")
    spec = GatewaySpec(db=args.db, credentials=str(args.credentials), peer_cas=_peer_cas(args.peer_ca),
                       district_key=str(args.district_key) if args.district_key else None,
                       archive_code=args.archive_code, peers=_peers(args.peer), federation_db=args.federation_db,
                       batch_size=args.batch_size, pool_size=args.pool_size or 0)
    # Credentials, keys and the archive are checked (and its tables made) once up front, so a bad file or a
    # database that cannot be reached is one clear error before any worker starts.
    spec = check_spec(spec)
    from kiosk.gateway.console.cli import console_url

    url, console = f"https://{args.host}:{args.port}", console_url(args.host, args.port)
    emit(args, {"url": url, "console": console}, f"gateway on {url}; district console: {console}")
    sys.stdout.flush()  # the server runs on: whoever reads the pipe gets the line now
    serve(spec, args.host, args.port, workers=args.workers)
    return 0
