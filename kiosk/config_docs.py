"""District configuration documents: settings for one service point or one kiosk, signed by the district.

A document travels in the change feed (kind ``config``, key = its scope) like a service guide, but it is
signed on its own, with the keys that sign the feed: the district root key itself, or a feed key the root
certified for a gateway (``signer``, checked as a batch's is). The feed's signature says the gateway served
it; the document's says the district meant it for this scope, in this version. A kiosk takes only
documents for its own point (``point:<archive_code>``) and itself (``kiosk:<kiosk_id>``), only newer than
the one it holds, and only settings its model accepts (:mod:`kiosk.config_remote`).

Signed bytes: the document without ``signature`` as sorted, compact JSON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.crypto.keys import Signer, Verifier, key_id
from kiosk.errors import ConfigError, KioskError, SyncVerificationError

log = logging.getLogger(__name__)

KIND = "config"  # the feed's document kind
FORMAT = "kiosk-config/1"
_SCOPE = re.compile(r"^(point:\d{6}|kiosk:[A-Za-z0-9_.-]{1,40})$")


class ConfigRefused(ConfigError):
    """A district document this kiosk does not take: the running configuration stays as it is. Codes:
    CONFIG_BAD_SIGNATURE, CONFIG_WRONG_SCOPE, CONFIG_REPLAYED, CONFIG_NOT_REMOTE, CONFIG_INVALID,
    CONFIG_MALFORMED."""

    code = "CONFIG_REFUSED"


@dataclass(frozen=True)
class ConfigDocument:
    scope: str
    version: int
    issued_at: str
    settings: dict[str, dict[str, Any]]
    digest: str  # sha256 of the signed bytes: what health reports and the console show

    def summary(self) -> dict[str, Any]:
        return {"scope": self.scope, "version": self.version, "digest": self.digest[:16], "issued_at": self.issued_at}


def _signed_bytes(doc: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in doc.items() if k != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def check_scope(scope: str) -> str:
    if not isinstance(scope, str) or not _SCOPE.match(scope):
        raise ConfigError(f"scope {scope!r} is not point:<six-digit archive code> or kiosk:<kiosk id>",
                          code="CONFIG_BAD_SCOPE", detail={"scope": str(scope)[:60]})
    return scope


def sign_document(signer: Signer, scope: str, version: int, settings: dict[str, dict[str, Any]], *,
                  now: dt.datetime | None = None) -> dict[str, Any]:
    """A signed document (the district side of ``kiosk config publish``)."""
    issued = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat()
    doc: dict[str, Any] = {"format": FORMAT, "scope": check_scope(scope), "version": int(version),
                           "issued_at": issued, "settings": settings, "algorithm": signer.algorithm,
                           "key_id": key_id(signer.public_hex)}
    certificate = getattr(signer, "certificate", None)
    if certificate is not None:  # a feed key the district root certified: kiosks check the chain
        doc["signer"] = certificate.to_json()
    doc["signature"] = signer.sign(_signed_bytes(doc)).hex()
    return doc


def verify_document(raw: Any, district: Verifier) -> ConfigDocument:
    """The document if the district (or a feed key it certified) signed exactly these bytes; otherwise
    :class:`ConfigRefused` (CONFIG_MALFORMED or CONFIG_BAD_SIGNATURE). The scope is checked by the caller."""
    from kiosk.sync.batch import feed_key

    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ConfigRefused("not a district configuration document", code="CONFIG_MALFORMED")
    scope, version, settings = raw.get("scope"), raw.get("version"), raw.get("settings")
    if (not isinstance(scope, str) or not _SCOPE.match(scope) or not isinstance(version, int)
            or isinstance(version, bool) or version < 1 or not isinstance(settings, dict)
            or not all(isinstance(v, dict) for v in settings.values())):
        raise ConfigRefused("the configuration document is not well formed", code="CONFIG_MALFORMED",
                            detail={"scope": str(scope)[:60]})
    try:
        signed_by = feed_key(raw, district)
        signature = bytes.fromhex(str(raw.get("signature", "")))
        ok = raw.get("algorithm") == signed_by.algorithm and signed_by.verify(_signed_bytes(raw), signature)
    except SyncVerificationError as e:
        raise ConfigRefused(f"the configuration document's key is not the district's: {e.message}",
                            code="CONFIG_BAD_SIGNATURE", detail={"scope": scope}) from None
    except (ValueError, TypeError):
        ok = False
    if not ok:
        raise ConfigRefused(f"the configuration document for {scope} does not verify with the district key",
                            code="CONFIG_BAD_SIGNATURE", detail={"scope": scope, "version": version})
    return ConfigDocument(scope, version, str(raw.get("issued_at", "")), settings,
                          hashlib.sha256(_signed_bytes(raw)).hexdigest())


def digest_of(raw: Any) -> str:
    """The digest a document has once verified (for one never verified: whatever it holds, so a refused
    document is recognised when it comes again)."""
    try:
        return hashlib.sha256(_signed_bytes(raw)).hexdigest() if isinstance(raw, dict) else ""
    except (TypeError, ValueError):
        return ""


def read_state(path: Path) -> dict[str, Any]:
    """The kiosk's record of district documents: ``documents`` (scope → accepted document as signed) and
    ``refused`` (scope → the last refusal). An unreadable file counts as none accepted."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"documents": {}, "refused": {}}
    except (OSError, ValueError) as e:
        log.warning("district configuration record %s is unreadable (%s): the local file alone applies", path, e)
        return {"documents": {}, "refused": {}}
    if not isinstance(state, dict):
        return {"documents": {}, "refused": {}}
    return {"documents": dict(state.get("documents") or {}), "refused": dict(state.get("refused") or {})}


def write_state(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)  # a kiosk switched off mid-write keeps the old record whole


def accepted_documents(path: Path, district_pub: Path, scopes: tuple[str, ...]) -> tuple[ConfigDocument, ...]:
    """The accepted documents for ``scopes`` (in that order), each verified again with the district key: a
    document edited on the disk, or moved under another scope, is left out."""
    if not path.exists():
        return ()
    from kiosk.crypto.keys import load_verifier

    try:
        district = load_verifier(district_pub)
    except (KioskError, OSError) as e:
        log.warning("district key %s unreadable (%s): district configuration left out", district_pub, e)
        return ()
    held = read_state(path)["documents"]
    found = []
    for scope in scopes:
        if scope not in held:
            continue
        try:
            doc = verify_document(held[scope], district)
        except ConfigRefused as e:
            log.warning("accepted district configuration for %s no longer verifies: %s", scope, e.code)
            continue
        if doc.scope == scope:
            found.append(doc)
    return tuple(found)
