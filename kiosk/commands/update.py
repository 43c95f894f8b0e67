"""`kiosk update`: signed software releases (The Update Framework).

District side: ``init`` a repository and its keys, ``publish`` a release (staged: ``--percent``,
``--kiosk``), ``refresh`` the short-lived online metadata. Kiosk side: ``check``, ``apply`` (download,
verify, install into a new virtualenv, switch), ``confirm`` (the app reached the attract screen),
``watchdog`` (roll back a release that did not confirm within a minute), ``rollback``, ``status``.
"""

from __future__ import annotations

import argparse
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.commands.storage_key import add_storage_key_flag

HELP = "signed software updates: publish a release, check, apply, confirm, roll back"


def _running() -> str:
    try:
        return version("archive-kiosk")
    except PackageNotFoundError:
        return "0"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    def district(name: str, text: str) -> argparse.ArgumentParser:
        s = sub.add_parser(name, help=text)
        s.add_argument("--repo", required=True, type=at.creatable_dir, help="the repository folder (served over HTTPS)")
        s.add_argument("--offline-keys", required=True, type=at.creatable_dir,
                       help="folder of the root and targets keys (kept offline)")
        s.add_argument("--online-keys", required=True, type=at.creatable_dir,
                       help="folder of the snapshot and timestamp keys (the publishing service's)")
        add_json_flag(s)
        return s

    district("init", "new repository and role keys")
    pub = district("publish", "publish a release file (a wheel or bundle) as a version")
    pub.add_argument("--file", required=True, type=at.existing_file, help="the release file")
    pub.add_argument("--version", required=True, type=at.nonempty_text, help="its version, e.g. 1.4.0")
    pub.add_argument("--percent", type=at.number(int, minimum=0, maximum=100), default=100,
                     help="share of the kiosks it is for (default 100)")
    pub.add_argument("--kiosk", action="append", default=[], type=at.nonempty_text,
                     help="a kiosk it is for whatever the percentage; repeatable")
    district("refresh", "re-sign snapshot and timestamp with fresh expiry (daily)")

    def kiosk_side(name: str, text: str, *, repo: bool) -> argparse.ArgumentParser:
        s = sub.add_parser(name, help=text)
        if repo:
            s.add_argument("--url", required=True, type=at.url("https"), help="the repository's https:// base URL")
            s.add_argument("--state", required=True, type=at.existing_dir,
                           help="the kiosk's update folder (metadata/root.json installed with the kiosk)")
            s.add_argument("--kiosk-id", required=True, type=at.nonempty_text)
            s.add_argument("--credentials", type=at.existing_dir, help="the kiosk's TLS credentials folder")
            add_storage_key_flag(s)
            s.add_argument("--running", type=at.nonempty_text, default=None,
                           help="the version running (default: this installation's)")
        s.add_argument("--releases", required=not repo or name == "apply", type=at.creatable_dir,
                       help="the releases folder (releases/, current, previous)")
        add_json_flag(s)
        return s

    kiosk_side("check", "is there a release for this kiosk?", repo=True)
    kiosk_side("apply", "download, verify, install and switch to the release for this kiosk", repo=True)
    kiosk_side("confirm", "the running release reached the attract screen", repo=False)
    watchdog = kiosk_side("watchdog", "roll back a release that did not confirm within a minute", repo=False)
    watchdog.add_argument("--restart", type=at.nonempty_text, metavar="UNIT",
                          help="after a rollback, restart this systemd unit (the kiosk) on the release before")
    kiosk_side("rollback", "go back to the previous release", repo=False)
    kiosk_side("status", "installed releases, current, previous, pending", repo=False)


def run(args: argparse.Namespace) -> int:
    from kiosk.update.releases import Releases

    if args.action in ("init", "publish", "refresh"):
        return _district(args)
    if args.action in ("check", "apply"):
        return _check(args)
    releases = Releases(Path(args.releases))
    result: dict[str, Any]
    if args.action == "confirm":
        result = {"confirmed": releases.confirm(), **releases.status()}
    elif args.action == "watchdog":
        result = releases.watchdog()
        if result["action"] == "rolled_back" and args.restart:
            result["restarted"] = _restart(args.restart)
    elif args.action == "rollback":
        result = releases.rollback()
    else:
        result = releases.status()
    emit(args, result, f"current {result['current']}, previous {result['previous']}")
    return 0


def _restart(unit: str) -> bool:
    """The kiosk still runs the abandoned release (hung, or stuck short of its attract screen) until systemd
    starts it again; try-restart leaves a stopped kiosk stopped."""
    import subprocess

    from kiosk.update.errors import UpdateError

    try:
        done = subprocess.run(["systemctl", "try-restart", unit], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise UpdateError(f"rolled back, but {unit} could not be restarted: {e}", code="UPDATE_RESTART_FAILED",
                          detail={"unit": unit}) from None
    if done.returncode != 0:
        raise UpdateError(f"rolled back, but {unit} could not be restarted: {done.stderr.strip()[-200:]}",
                          code="UPDATE_RESTART_FAILED", detail={"unit": unit})
    return True


def _district(args: argparse.Namespace) -> int:
    from kiosk.update.repository import Repository, init_keys

    repo = Repository(Path(args.repo), Path(args.offline_keys), Path(args.online_keys))
    if args.action == "init":
        keys = init_keys(Path(args.offline_keys), Path(args.online_keys))
        repo.create()
        emit(args, {"repo": args.repo, "key_ids": keys}, f"repository in {args.repo}; keys made")
    elif args.action == "publish":
        done = repo.publish(Path(args.file), args.version, percent=args.percent, kiosks=tuple(args.kiosk))
        emit(args, done, f"published {done['target']} for {args.percent} % of the kiosks")
    else:
        emit(args, {"timestamp_version": repo.refresh_timestamp()}, "snapshot and timestamp re-signed")
    return 0


def _check(args: argparse.Namespace) -> int:
    from kiosk.commands.storage_key import key_secrets_from
    from kiosk.tls.credentials import client_context_of
    from kiosk.update.client import UpdateClient
    from kiosk.update.releases import Releases

    running = args.running or _running()
    client = UpdateClient(Path(args.state), args.url, kiosk_id=args.kiosk_id, running=running,
                          tls=client_context_of(args.credentials, key_secrets_from(args) if args.credentials else ()))
    try:
        release = client.check()
        result: dict[str, Any] = {"running": running, "release": release.to_dict() if release else None}
        releases = Releases(Path(args.releases)) if args.releases else None
        wanted = (release is not None and release.newer and release.for_this_kiosk
                  and (releases is None or release.version not in releases.failed()))
        result["update"] = wanted
        if args.action == "apply" and wanted and releases is not None:
            releases.install(client.download(release), release.version)
            result["switched"] = releases.switch(release.version)
    finally:
        client.close()
    text = f"running {running}; " + (f"release {release.version} " + ("to install" if wanted else "not for now")
                                     if release else "no release published")
    emit(args, result, text)
    return 0
