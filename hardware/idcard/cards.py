"""Card description files (TOML) used by the simulator, the demo and the tests.

A file holds the text fields of one card (``card_type`` one of resident, hk_mo_tw_permit, foreign_pr_2017,
foreign_pr_2023) and optionally ``photo``: a fixture image, relative to the file. Type-specific fields
(``issue_count``, ``version``, ``renewal_count``, ``old_card_link``) go into the card's ``extra``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hardware.idcard.photo import fixture_wlt, placeholder_wlt
from kiosk.errors import ConfigError
from kiosk.identity.card import IdCard

_TEXT_FIELDS = ("card_type", "name", "id_number", "sex", "nation", "birth", "address", "authority", "valid_from",
                "valid_to", "english_name", "country", "pass_number", "newest_address")
_EXTRA_TEXT_FIELDS = ("issue_count", "version", "renewal_count", "old_card_link")


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
    fields: dict[str, Any] = {k: str(data[k]) for k in _TEXT_FIELDS if k in data}
    fields["extra"] = {k: str(data[k]) for k in _EXTRA_TEXT_FIELDS if k in data}
    extra = {k: v for k, v in data.items() if k not in _TEXT_FIELDS and k not in _EXTRA_TEXT_FIELDS}
    return IdCard(**fields), extra


def card_files(folder: str | Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(Path(folder).glob("*.toml"))}


@dataclass(frozen=True)
class CardFixture:
    """One simulated card: its text fields and the WLT bytes its chip returns."""

    name: str
    card: IdCard
    wlt: bytes
    photo_path: Path | None

    @classmethod
    def load(cls, path: str | Path) -> CardFixture:
        p = Path(path)
        card, extra = load_card_file(p)
        photo_path = (p.parent / str(extra["photo"])).resolve() if extra.get("photo") else None
        try:
            wlt = fixture_wlt(photo_path.read_bytes()) if photo_path else placeholder_wlt(p.stem)
        except OSError:
            wlt = placeholder_wlt(p.stem)  # the card still reads; its photo decodes to nothing
        return cls(p.stem, card, wlt, photo_path)


def load_fixtures(paths: list[Path]) -> dict[str, CardFixture]:
    return {f.name: f for f in (CardFixture.load(p) for p in paths)}


def photo_images(fixtures: dict[str, CardFixture]) -> list[Path]:
    """The fixture images the cards name (existing or not: the decoder skips missing ones)."""
    return [f.photo_path for f in fixtures.values() if f.photo_path is not None]
