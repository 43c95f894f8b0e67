"""Shared fixtures: a config whose files all live in a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def tmp_config_file(tmp_path: Path) -> Path:
    """A demo-like config with data, cache and logs under tmp_path."""
    cfg = tmp_path / "config" / "kiosk.toml"
    cfg.parent.mkdir()
    cfg.write_text(f"""
[point]
name = "测试服务点"
archive_code = "330106"
kiosk_id = "test-01"

[devices]
idcard = "sim://idcard?cards={ROOT / 'assets' / 'demo' / 'cards'}"
camera = "sim://camera"
receipt = "sim://receipt"
docprinter = "sim://docprinter"
photo_decoder = "fixture"

[cache]
path = "var/cache.sqlite"

[ui]
fullscreen = false
demo_panel = true
speech = false

[data]
dir = "var"

[logging]
dir = "var/log"
""", encoding="utf-8")
    return cfg


@pytest.fixture
def config(tmp_config_file: Path, monkeypatch: pytest.MonkeyPatch):
    for k in list(os.environ):
        if k.startswith("KIOSK_"):
            monkeypatch.delenv(k)
    from kiosk.config import load_config

    return load_config(tmp_config_file)
