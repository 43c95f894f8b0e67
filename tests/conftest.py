"""Shared fixtures: a config whose files all live in a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def write_config(path: Path, *, point_name: str = "测试服务点", kiosk_id: str = "test-01",
                 ui: str = "fullscreen = false\ndemo_panel = true\nspeech = false") -> Path:
    """A demo-like config file on simulated devices, with data, cache and logs beside it under var/."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"""
[point]
name = "{point_name}"
archive_code = "330106"
kiosk_id = "{kiosk_id}"

[devices]
idcard = "sim://idcard?cards={ROOT / 'assets' / 'demo' / 'cards'}"
camera = "sim://camera"
receipt = "sim://receipt"
docprinter = "sim://docprinter"
photo_decoder = "fixture"

[cache]
path = "var/cache.sqlite"

[ui]
{ui}

[data]
dir = "var"

[logging]
dir = "var/log"
""", encoding="utf-8")
    return path


@pytest.fixture
def tmp_config_file(tmp_path: Path) -> Path:
    """A demo-like config with data, cache and logs under tmp_path."""
    return write_config(tmp_path / "config" / "kiosk.toml")


@pytest.fixture
def config(tmp_config_file: Path, monkeypatch: pytest.MonkeyPatch):
    for k in list(os.environ):
        if k.startswith("KIOSK_"):
            monkeypatch.delenv(k)
    from kiosk.config import load_config

    return load_config(tmp_config_file)
