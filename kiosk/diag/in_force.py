"""What a kiosk runs, as its health reports tell the district: the software (package version, and the
signed release when installed through updates) and the configuration in force (the district documents it
was read with, a digest of the settings a district may set, the last refusal of each scope)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kiosk import __version__
from kiosk.config import REMOTE_KEYS, KioskConfig
from kiosk.config_remote import config_state
from kiosk.update.releases import current_release


def running_versions(config: KioskConfig) -> dict[str, str]:
    found = {"kiosk": __version__}
    if config.update.releases:
        release = current_release(config.resolve(config.update.releases))
        if release:
            found["release"] = release
    return found


def settings_digest(config: KioskConfig) -> str:
    """A short digest of every value a district may set: two kiosks showing the same one behave the same."""
    values = {section: {key: getattr(getattr(config, section), key) for key in sorted(keys)}
              for section, keys in sorted(REMOTE_KEYS.items())}
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:12]


def config_report(config: KioskConfig) -> dict[str, Any]:
    return {"digest": settings_digest(config), **config_state(config)}
