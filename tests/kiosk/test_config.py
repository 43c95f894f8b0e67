"""Typed config: documented keys, environment overrides, clear errors for bad files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import REMOTE_KEYS, KioskConfig, load_config
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


def test_every_key_is_documented_in_kiosk_toml_or_district_toml():
    """A kiosk's own keys in config/kiosk.toml, the ones a district sets in config/district.toml; none in both."""
    local = (ROOT / "config" / "kiosk.toml").read_text(encoding="utf-8")
    district = (ROOT / "config" / "district.toml").read_text(encoding="utf-8")
    for section, model in KioskConfig.model_fields.items():
        if section == "source":
            continue
        for key in model.annotation.model_fields:  # type: ignore[union-attr]
            remote = key in REMOTE_KEYS.get(section, ())
            text, other = (district, local) if remote else (local, district)
            part = text.split(f"[{section}]\n", 1)[1].split("\n[", 1)[0] if f"[{section}]\n" in text else ""
            m = re.search(rf"(?m)^((?:#.*\n)+){key} = ", part)
            assert m, f"{section}.{key} is missing from its file's [{section}] or has no comment above it"
            elsewhere = other.split(f"[{section}]\n", 1)[1].split("\n[", 1)[0] if f"[{section}]\n" in other else ""
            assert not re.search(rf"(?m)^{key} = ", elsewhere), f"{section}.{key} is in both files"


def test_the_district_file_is_a_document_the_district_can_publish(tmp_path):
    """config/district.toml, as it stands, passes `kiosk config publish` (every key remote, every value valid)."""
    done = _run("config", "publish", "--db", str(tmp_path / "gw.sqlite"), "--scope", "point:330106",
                "--file", str(ROOT / "config" / "district.toml"), "--district-key", str(_district_key(tmp_path)),
                "--json")
    assert done.returncode == 0, done.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[devices]\nidcard = 'serial:///dev/ttyS1'\n")
    refused = _run("config", "publish", "--db", str(tmp_path / "gw.sqlite"), "--scope", "point:330106",
                   "--file", str(bad), "--district-key", str(_district_key(tmp_path)))
    assert refused.returncode == 2 and "devices.idcard" in refused.stderr and "Traceback" not in refused.stderr


def _district_key(folder):
    from kiosk.crypto.keys import generate, save_pair

    if not (folder / "district.key").exists():
        save_pair(generate("ed25519"), folder / "district.key", folder / "district.pub")
    return folder / "district.key"


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
