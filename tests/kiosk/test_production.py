"""A kiosk outside demo mode refuses the shipped default identity and the demo staff: exit 2, one line."""

from __future__ import annotations

import subprocess
import sys

from kiosk.archive.cache import ArchiveCache
from kiosk.config import load_config
from kiosk.requests.demo_district import put_demo_district
from kiosk.storage import storage_key_for
from tests.conftest import ROOT, write_config
from tests.storage_key import TEST_PEPPER


def _check(config_file) -> subprocess.CompletedProcess:
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("KIOSK_")}
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "run", "--config", str(config_file), "--check"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)


def test_the_default_kiosk_id_is_refused(tmp_path):
    r = _check(write_config(tmp_path / "config" / "kiosk.toml", kiosk_id="kiosk-01"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "point.kiosk_id" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_the_demo_staff_registry_is_refused_and_a_proper_kiosk_passes(tmp_path):
    config_file = write_config(tmp_path / "config" / "kiosk.toml", kiosk_id="xh-wenxin-03")
    assert _check(config_file).returncode == 0
    config = load_config(config_file)
    cache = ArchiveCache(config.resolve(config.cache.path), key=storage_key_for(config))
    put_demo_district(cache, ROOT / "assets" / "demo" / "district.toml", TEST_PEPPER)
    cache.close()
    r = _check(config_file)
    assert r.returncode == 2 and "demo district's staff" in r.stderr and "Traceback" not in r.stderr
