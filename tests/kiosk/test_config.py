"""Typed config: documented keys, environment overrides, clear errors for bad files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import KioskConfig, load_config
from kiosk.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    full = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True, text=True, env=full)


def test_shipped_configs_are_valid():
    for name in ("kiosk.toml", "demo.toml"):
        load_config(ROOT / "config" / name, env={})


def test_every_key_is_documented_in_kiosk_toml():
    text = (ROOT / "config" / "kiosk.toml").read_text(encoding="utf-8")
    for section, model in KioskConfig.model_fields.items():
        if section == "source":
            continue
        assert f"[{section}]" in text
        for key in model.annotation.model_fields:  # type: ignore[union-attr]
            m = re.search(rf"(?m)^((?:#.*\n)+){key} = ", text)
            assert m, f"{section}.{key} is missing or has no comment above it"


def test_environment_overrides_one_key(tmp_config_file):
    c = load_config(tmp_config_file, env={"KIOSK_DEVICES__RECEIPT": "escpos+tcp://10.0.0.5:9100"})
    assert c.devices.receipt == "escpos+tcp://10.0.0.5:9100"
    assert c.devices.docprinter == "sim://docprinter"  # the rest of the section still comes from the file
    assert c.point.name == "测试服务点"


@pytest.mark.parametrize("content,key,expect", [
    ("[devices]\nrecept = 'x'\n", "devices.recept", "not a known key"),
    ("[session]\nidle_timeout_s = 'soon'\n", "session.idle_timeout_s", "number"),
    ("[point]\narchive_code = '12'\n", "point.archive_code", "pattern"),
    ("[nonsense]\na = 1\n", "nonsense", "not a known key"),
    ("[ui]\nlanguage = 'fr'\n", "ui.language", "zh_CN"),
])
def test_bad_values_name_file_and_key(tmp_path, content, key, expect):
    f = tmp_path / "bad.toml"
    f.write_text(content)
    with pytest.raises(ConfigError) as e:
        load_config(f, env={})
    assert str(f) in e.value.message and f"'{key}'" in e.value.message and expect in e.value.message


def test_bad_environment_value_is_named(tmp_config_file):
    with pytest.raises(ConfigError) as e:
        load_config(tmp_config_file, env={"KIOSK_SESSION__MAX_FACE_ATTEMPTS": "many"})
    assert "session.max_face_attempts" in e.value.message and "KIOSK_SESSION__MAX_FACE_ATTEMPTS" in e.value.message


@pytest.mark.parametrize("command", [["run", "--config"], ["demo", "--prepare-only", "--config"]])
@pytest.mark.parametrize("content,needle", [
    ("[devices]\nrecept = 'x'\n", "devices.recept"),
    ("[devices\nidcard = ", "not valid TOML"),
    (None, "file not found"),
])
def test_commands_exit_2_with_one_clear_line(tmp_path, command, content, needle):
    f = tmp_path / "bad.toml"
    if content is not None:
        f.write_text(content)
    r = _run(*command, str(f))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert needle in r.stderr and str(f) in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_given_variables_never_touch_the_process_environment(tmp_config_file, monkeypatch):
    monkeypatch.setenv("KIOSK_DEVICES__CAMERA", "sim://camera?from=process")
    before = dict(os.environ)
    c = load_config(tmp_config_file, env={"KIOSK_DEVICES__RECEIPT": "escpos+tcp://10.0.0.5:9100"})
    assert c.devices.receipt == "escpos+tcp://10.0.0.5:9100"
    assert c.devices.camera != "sim://camera?from=process"  # only the given variables count
    assert isinstance(c, KioskConfig) and type(c) is KioskConfig
    assert dict(os.environ) == before
    # Without env= the process's variables apply, as they always did.
    assert load_config(tmp_config_file).devices.camera == "sim://camera?from=process"
