"""What a kiosk outside demo mode refuses to start with: the shipped default identity, or demo staff.

A kiosk still called ``kiosk-01`` would report, sign and be revoked as any other such kiosk; a registry
holding the demo district's staff lets anyone who read the demo's documentation sign in as an agent.
Both are set-up mistakes, stopped at start (exit 2, one line) rather than found later in the field.
"""

from __future__ import annotations

import json

from kiosk.config import KioskConfig, PointConfig
from kiosk.errors import ConfigError, KioskError
from kiosk.storage import StorageKey, open_db

DEFAULT_KIOSK_ID = PointConfig.model_fields["kiosk_id"].default


def refuse_unfit_for_service(config: KioskConfig, key: StorageKey) -> None:
    if config.point.kiosk_id == DEFAULT_KIOSK_ID:
        raise ConfigError(f"point.kiosk_id is still the default '{DEFAULT_KIOSK_ID}': give this kiosk the id its "
                          "district issued", detail={"key": "point.kiosk_id"})
    if _cache_holds_demo_staff(config, key):
        raise ConfigError("the cache holds the demo district's staff registry: a kiosk in service takes its "
                          "registry from its district's feed (remove the cache and sync)",
                          detail={"key": "cache.path"})


def _cache_holds_demo_staff(config: KioskConfig, key: StorageKey) -> bool:
    path = config.resolve(config.cache.path)
    try:
        if not path.exists():
            return False
    except OSError:
        return False  # a data folder it may not open: the start shows the kiosk out of service and why
    try:
        db = open_db(path, key, readonly=True)
    except KioskError:
        return False  # the storage check reports a cache that does not open
    try:
        rows = db.execute("SELECT body FROM documents WHERE kind = 'staff'").fetchall()
    except Exception:  # noqa: BLE001 - a cache from before documents existed holds no staff
        return False
    finally:
        db.close()
    return any(isinstance(b := json.loads(r[0]), dict) and b.get("demo") for r in rows)
