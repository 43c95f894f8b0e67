"""`kiosk config`: district configuration documents (publish, on the district's side) and the configuration
a kiosk runs with, value by value with where it came from (show)."""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import ConfigError, UsageError

HELP = "district configuration: publish a signed document for a point or a kiosk; show the config in force"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    pub = sub.add_parser("publish", help="sign settings for a service point or one kiosk and put them in the feed")
    pub.add_argument("--db", required=True, type=at.database, help="the gateway's database: a file or postgresql://...")
    pub.add_argument("--scope", required=True, type=at.nonempty_text,
                     help="point:<archive code> (every kiosk of the point) or kiosk:<kiosk id>")
    pub.add_argument("--file", required=True, type=at.existing_text_file,
                     help="the settings, TOML sections as in config/district.toml")
    pub.add_argument("--credentials", type=at.existing_dir,
                     help="the gateway's credentials folder: signed with its feed key, which the district certified")
    pub.add_argument("--district-key", type=at.existing_file, help="sign with the district's root key instead")
    pub.add_argument("--version", type=at.positive_int,
                     help="the document's version (default: one above the version the feed holds)")
    add_json_flag(pub)
    show = sub.add_parser("show", help="the configuration in force: every value and where it came from")
    show.add_argument("--config", required=True, type=at.existing_text_file, help="the kiosk's config/kiosk.toml")
    add_json_flag(show)


def run(args: argparse.Namespace) -> int:
    return _publish(args) if args.action == "publish" else _show(args)


def _publish(args: argparse.Namespace) -> int:
    from kiosk.config import REMOTE_KEYS, load_config, with_district_settings
    from kiosk.config_docs import KIND, check_scope, sign_document
    from kiosk.crypto.keys import load_signer
    from kiosk.gateway.stores import open_store

    if bool(args.credentials) == bool(args.district_key):
        raise UsageError("kiosk config publish needs --credentials DIR (the gateway's feed key) or --district-key FILE")
    scope = check_scope(args.scope)
    try:
        settings = tomllib.loads(Path(args.file).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{args.file}: not valid TOML: {e}", detail={"file": str(args.file)}) from None
    for section, values in settings.items():
        if not isinstance(values, dict):
            raise ConfigError(f"{args.file}: '{section}' is not a section", detail={"key": section})
        for key in values:
            if key not in REMOTE_KEYS.get(section, ()):
                raise ConfigError(f"{args.file}: key '{section}.{key}' is set on each kiosk, not by the district",
                                  code="CONFIG_NOT_REMOTE", detail={"key": f"{section}.{key}"})
    # Refused here already if the model refuses it; every kiosk checks it again with its own file.
    with_district_settings(load_config(None, env={}), [settings], str(args.file))
    if args.credentials:
        from kiosk.gateway.tls_setup import feed_signer

        signer: Any = feed_signer(Path(args.credentials))[0]
    else:
        signer = load_signer(args.district_key)
    store = open_store(args.db)
    try:
        held = store.get(KIND, scope)
        latest = held.get("version", 0) if isinstance(held, dict) else 0
        version = args.version or latest + 1
        if version <= latest:
            raise UsageError(f"--version {version} is not above version {latest} the feed holds for {scope}: "
                             "kiosks would refuse it as a replay", detail={"in_feed": latest})
        doc = sign_document(signer, scope, version, settings)
        store.put_document(KIND, scope, doc)
    finally:
        store.close()
    from kiosk.config_docs import digest_of

    result = {"scope": scope, "version": version, "digest": digest_of(doc)[:16], "settings": settings}
    emit(args, result, f"published {scope} version {version} ({result['digest']})")
    return 0


def _show(args: argparse.Namespace) -> int:
    from kiosk.config import KioskConfig, load_config
    from kiosk.config_remote import config_state

    config = load_config(args.config)
    origins = config.origins
    values: dict[str, Any] = {}
    for section in KioskConfig.model_fields:
        if section == "source":
            continue
        part = getattr(config, section)
        for key in type(part).model_fields:
            values[f"{section}.{key}"] = {"value": getattr(part, key), "from": origins.get(f"{section}.{key}", "default")}
    state = config_state(config)
    result = {"config": str(config.source), "values": values, **state}
    lines = [f"{k} = {v['value']!r}  ({v['from']})" for k, v in values.items()]
    lines += [f"in force: {d['scope']} v{d['version']} {d['digest']}" for d in state["documents"]]
    lines += [f"refused: {r['scope']} v{r['version']}: {r['code']} at key {r['key']!r}" for r in state["refused"]]
    emit(args, result, "\n".join(lines))
    return 0
