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


def _demo_layout(config) -> tuple[object, ...]:
    """What prepare_demo's result depends on: the point and where its files go, relative to the config's base
    folder (the folder holding ``config/``)."""
    base = config.resolve(".").resolve()
    where = [config.resolve(p).resolve() for p in (config.data.dir, config.cache.path, config.storage.key_file,
                                                    config.staff.pepper_file)]
    return (config.point.archive_code, config.point.kiosk_id,
            *(str(p.relative_to(base)) if p.is_relative_to(base) else str(p) for p in where))


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory):
    """prepare_demo's files for write_config's default point, made once a run: it issues keys and hashes the
    demo staff's PINs with the production Argon2id cost, a noticeable share of every kiosk test's set-up."""
    from kiosk.config import load_config
    from kiosk.demo_setup import prepare_demo

    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_") and k != "CREDENTIALS_DIRECTORY"}
    config = load_config(write_config(tmp_path_factory.mktemp("demo-template") / "config" / "kiosk.toml"), env=env)
    prepare_demo(config)
    base = config.resolve(".").resolve()
    return _demo_layout(config), base, [p for p in base.iterdir() if p.name != "config"]


@pytest.fixture
def prepare_demo(_demo_template):
    """kiosk.demo_setup.prepare_demo, which first gets a copy of the files it made for the same point in this
    run where that is all it would make (a fresh folder, no credentials from the environment); it then runs
    as it always does, finding its keys, records and staff in place."""
    import shutil

    from kiosk.demo_setup import prepare_demo as prepare

    layout, template, made = _demo_template

    def run(config):
        base = config.resolve(".").resolve()
        fresh = not any((base / p.name).exists() for p in made)
        if fresh and "CREDENTIALS_DIRECTORY" not in os.environ and _demo_layout(config) == layout:
            for p in made:
                shutil.copytree(p, base / p.name)
        return prepare(config)

    return run
