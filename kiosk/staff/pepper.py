"""Where a kiosk finds its district's pepper: the sealed systemd credential when the service has one, else
the file ``[staff] pepper_file`` (0600, outside the data folder; the demo makes its own)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.errors import ConfigError
from kiosk.staff.pins import CREDENTIAL_NAME, PEPPER_BYTES, Pepper
from kiosk.storage.key import read_key_file, write_key_file


def load_pepper(path: Path, *, env: Mapping[str, str]) -> Pepper:
    creds = env.get("CREDENTIALS_DIRECTORY")
    if creds and (Path(creds) / CREDENTIAL_NAME).exists():
        return Pepper(read_key_file(Path(creds) / CREDENTIAL_NAME))
    if not path.exists():
        raise ConfigError(f"no district pepper at {path}: install the district's pepper there (0600), or as the "
                          f"systemd credential {CREDENTIAL_NAME}", detail={"key": "staff.pepper_file"})
    return Pepper(read_key_file(path))


def make_pepper_file(path: Path) -> Pepper:
    """A new district pepper (the district does this once and installs the file on each of its kiosks)."""
    raw = os.urandom(PEPPER_BYTES)
    write_key_file(path, raw)
    return Pepper(raw)


def pepper_path(config: KioskConfig) -> Path:
    path = config.resolve(config.staff.pepper_file).resolve()
    if path.is_relative_to(config.resolve(config.data.dir).resolve()):
        raise ConfigError(f"staff.pepper_file {path} lies inside data.dir: keep it apart from the data",
                          detail={"key": "staff.pepper_file"})
    return path


def pepper_for(config: KioskConfig, env: Mapping[str, str] | None = None) -> Pepper:
    return load_pepper(pepper_path(config), env=os.environ if env is None else env)
