"""Card description files (TOML) used by the simulator, the demo and the tests."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from kiosk.errors import ConfigError
from kiosk.identity.card import IdCard

_TEXT_FIELDS = ("card_type", "name", "id_number", "sex", "nation", "birth", "address", "authority", "valid_from",
                "valid_to", "english_name", "country", "pass_number")


def load_card_file(path: str | Path) -> tuple[IdCard, dict[str, Any]]:
    """The card's text fields as an :class:`IdCard`, plus the file's other keys (photo fixture, extras)."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"card file {p}: {e}", detail={"file": str(p)}) from None
    missing = [k for k in ("card_type", "name", "id_number") if k not in data]
    if missing:
        raise ConfigError(f"card file {p}: missing {', '.join(missing)}", detail={"file": str(p)})
    fields = {k: str(data[k]) for k in _TEXT_FIELDS if k in data}
    extra = {k: v for k, v in data.items() if k not in _TEXT_FIELDS}
    return IdCard(**fields), extra  # type: ignore[arg-type]


def card_files(folder: str | Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(Path(folder).glob("*.toml"))}
