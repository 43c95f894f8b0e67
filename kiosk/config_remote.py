"""Taking district configuration documents from the feed: after every sync, the documents for this kiosk's
point and for the kiosk itself are checked, and a good one is recorded to take effect.

Checked in this order, each refusal with a stable code and the key at fault: the district's signature
(CONFIG_BAD_SIGNATURE), the scope the district signed (CONFIG_WRONG_SCOPE: another kiosk's or point's
document served under this kiosk's key), a version above the one held (CONFIG_REPLAYED: an older or the
same version again), only keys a district may set (CONFIG_NOT_REMOTE, :data:`kiosk.config.REMOTE_KEYS`),
and the whole configuration — this kiosk's file, every accepted document and this one — valid under the
same model the file is read with (CONFIG_INVALID). A refused document changes nothing: the configuration
running, and the one the next start reads, stay what they were.

An accepted document takes effect when the kiosk next reads its configuration (its next start: a session
in progress never changes under a resident). A document the feed deletes stays in force: only a newer
signed version replaces it, so a gateway cannot quietly take the district's settings back.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from kiosk.config import REMOTE_KEYS, KioskConfig, scopes_of, with_district_settings
from kiosk.config_docs import (KIND, ConfigDocument, ConfigRefused, digest_of, read_state, verify_document,
                               write_state)
from kiosk.crypto.keys import Verifier
from kiosk.errors import ConfigError
from kiosk.paths import DISTRICT_CONFIG_FILE

log = logging.getLogger(__name__)


class Documents(Protocol):
    """Where the feed's documents are (the archive cache)."""

    def document(self, kind: str, key: str) -> Any | None: ...


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class DistrictConfig:
    def __init__(self, config: KioskConfig, district: Verifier, *, clock: Callable[[], dt.datetime] = _utc_now):
        self.config = config  # the configuration running: never changed here
        self.district = district
        self.path: Path = config.resolve(config.data.dir) / DISTRICT_CONFIG_FILE
        self.clock = clock

    def refresh(self, cache: Documents) -> dict[str, Any]:
        """Check what the feed brought for this kiosk: ``applied`` (summaries of documents accepted now) and
        ``refused`` (code, key and message of each refused now). A document seen before is not checked again."""
        state = read_state(self.path)
        outcome: dict[str, list[dict[str, Any]]] = {"applied": [], "refused": []}
        for scope in scopes_of(self.config):
            raw = cache.document(KIND, scope)
            if raw is None or raw == state["documents"].get(scope):
                continue
            digest = digest_of(raw)
            if digest and (state["refused"].get(scope) or {}).get("digest") == digest:
                continue  # refused already: said once, not at every sync
            try:
                doc = self.check(raw, scope, state["documents"])
            except ConfigRefused as e:
                refusal = {"scope": scope, "code": e.code, "key": e.detail.get("key", ""), "message": e.message,
                           "version": raw.get("version") if isinstance(raw, dict) else None, "digest": digest,
                           "at": self.clock().isoformat(timespec="seconds")}
                state["refused"][scope] = refusal
                outcome["refused"].append(refusal)
                log.warning("district configuration for %s refused: %s [%s]", scope, e.message, e.code)
                continue
            state["documents"][scope] = raw
            state["refused"].pop(scope, None)
            outcome["applied"].append(doc.summary())
            log.info("district configuration %s v%d accepted; it applies from the next start", scope, doc.version)
        if outcome["applied"] or outcome["refused"]:
            write_state(self.path, state)
        return outcome

    def check(self, raw: Any, scope: str, held: dict[str, Any]) -> ConfigDocument:
        """The document, verified and valid for this kiosk, or :class:`ConfigRefused` naming the key."""
        doc = verify_document(raw, self.district)
        if doc.scope != scope:
            raise ConfigRefused(f"the document was signed for {doc.scope}, not for {scope}", code="CONFIG_WRONG_SCOPE",
                                detail={"key": "scope", "scope": scope, "signed_for": doc.scope})
        before = held.get(scope)
        if isinstance(before, dict) and isinstance(before.get("version"), int) and doc.version <= before["version"]:
            raise ConfigRefused(f"{scope} version {doc.version} is not newer than version {before['version']} in force",
                                code="CONFIG_REPLAYED",
                                detail={"key": "version", "version": doc.version, "in_force": before["version"]})
        for section, values in doc.settings.items():
            for key in values:
                if key not in REMOTE_KEYS.get(section, ()):
                    raise ConfigRefused(f"{section}.{key} is set on the kiosk itself, not by the district",
                                        code="CONFIG_NOT_REMOTE", detail={"key": f"{section}.{key}", "scope": scope})
        others = [held[s]["settings"] for s in scopes_of(self.config) if s != scope and isinstance(held.get(s), dict)]
        ordered = others + [doc.settings] if scope.startswith("kiosk:") else [doc.settings] + others
        try:
            with_district_settings(self.config, ordered, f"district document {scope} v{doc.version}")
        except ConfigError as e:
            raise ConfigRefused(e.message, code="CONFIG_INVALID",
                                detail={"key": e.detail.get("key", ""), "scope": scope}) from None
        return doc


def config_state(config: KioskConfig) -> dict[str, Any]:
    """The configuration in force for a health report: the district documents this configuration was read
    with, and the last refusal of each scope (what staff must look at)."""
    refused = read_state(config.resolve(config.data.dir) / DISTRICT_CONFIG_FILE)["refused"]
    return {"documents": [d.summary() for d in config.district_documents],
            "refused": [{k: r.get(k) for k in ("scope", "version", "code", "key", "at")} for r in refused.values()]}
