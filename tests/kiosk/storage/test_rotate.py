"""`kiosk keys rotate-storage`: every file re-keyed in place, and a kill -9 half-way loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.archive.synthetic import residents
from kiosk.errors import StorageKeyInvalid
from kiosk.storage import StorageKey, load_key, open_db, storage_key_for
from kiosk.storage.key import PENDING_SUFFIX
from kiosk.storage.key import storage_key_path
from tests.kiosk.storage.test_encrypted_files import OPENERS, every_kiosk_file
from tests.conftest import ROOT


def _kiosk(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kiosk.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)


def _contents(files: dict, key: StorageKey) -> dict[str, int]:
    out = {}
    for name, path in files.items():
        db = open_db(path, key)
        tables = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%'")]
        out[name] = sum(db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
        db.close()
    return out


@pytest.fixture
def kiosk_files(config):
    key = storage_key_for(config)
    files = every_kiosk_file(config.resolve(config.data.dir), key)
    cache = ArchiveCache(files["cache.sqlite"], key=key)
    cache.put_records([r for p in residents(3, 0, 1500) for r in p.records])  # a cache that takes a while
    cache.close()
    return files, key


def test_rotation_re_keys_every_file_and_the_old_key_opens_nothing(config, tmp_config_file, kiosk_files):
    files, old = kiosk_files
    before = _contents(files, old)
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "keys", "rotate-storage", "--config",
                           str(tmp_config_file), "--json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert sorted(json.loads(done.stdout)["rekeyed"]) == sorted(files)
    new = load_key(storage_key_path(config), env={}, create=False)
    assert new.current != old.current and new.pending is None
    assert _contents(files, new) == before
    for name, path in files.items():
        with pytest.raises(StorageKeyInvalid):
            OPENERS[name](path, old)


def test_a_rotation_killed_half_way_keeps_every_file_open_and_finishes_when_run_again(config, tmp_config_file,
                                                                                     kiosk_files):
    files, old = kiosk_files
    before = _contents(files, old)
    proc = _kiosk("keys", "rotate-storage", "--config", str(tmp_config_file))
    first = proc.stderr.readline()  # the first file is under the new key: kill it while it works on the next
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert first.startswith("re-keyed") and proc.returncode == -signal.SIGKILL
    key_file = storage_key_path(config)
    assert key_file.with_name(key_file.name + PENDING_SUFFIX).exists()

    # The kiosk starts between the two runs: every file opens, under whichever key it is, nothing lost.
    midway = load_key(key_file, env={}, create=False)
    assert midway.current == old.current and midway.pending is not None
    assert _contents(files, midway) == before

    again = subprocess.run([sys.executable, "-m", "kiosk.cli", "keys", "rotate-storage", "--config",
                            str(tmp_config_file), "--json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["resumed"] and report["already"] and sorted(report["rekeyed"] + report["already"]) == sorted(files)
    final = load_key(key_file, env={}, create=False)
    assert final.current == midway.pending and final.pending is None
    assert _contents(files, StorageKey(final.current)) == before
