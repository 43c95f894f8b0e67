"""`kiosk keys rotate-storage` on an installed kiosk, whose storage key is a systemd credential sealed to the
machine: the next key is sealed the same way before any file changes, a kill -9 half-way loses nothing, and
the sealed credential the service loads ends up holding the new key.

systemd-creds runs here without systemd as PID 1 (it seals with a host secret; ``SYSTEMD_CREDENTIAL_SECRET``
points it at a test's own instead of the machine's). The order of steps is also checked through an injected
sealer, which runs everywhere.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.errors import StorageError, StorageKeyInvalid
from kiosk.storage import StorageKey, load_key
from kiosk.storage.key import CREDENTIAL_NAME, PENDING_SUFFIX, storage_key_path
from kiosk.storage.rotate import SealedCredential, rotate
from kiosk.storage.sealed import SystemdCreds
from tests.conftest import ROOT
from tests.kiosk.storage.test_encrypted_files import OPENERS
from tests.kiosk.storage.test_rotate import _contents, kiosk_files  # noqa: F401 - the fixture

needs_systemd_creds = pytest.mark.skipif(shutil.which("systemd-creds") is None, reason="systemd-creds not installed")


class RecordingSealer:
    """Seals by keeping the secret beside the name (a stand-in: what matters here is when it is called)."""

    def __init__(self) -> None:
        self.sealed: list[str] = []

    def seal(self, name: str, secret: bytes, out: Path) -> None:
        out.write_text(json.dumps({"name": name, "secret": secret.hex()}))
        self.sealed.append(out.name)

    def unseal(self, name: str, sealed: Path) -> bytes:
        body = json.loads(sealed.read_text())
        if body["name"] != name:
            raise StorageError("sealed under another name")
        return bytes.fromhex(body["secret"])


class Killed(Exception):
    pass


def test_the_next_key_is_sealed_before_any_file_changes_and_a_cut_rotation_resumes(tmp_path, kiosk_files):
    files, old = kiosk_files
    before = _contents(files, old)
    credstore = tmp_path / "credstore"
    credstore.mkdir()
    sealer = RecordingSealer()
    sealer.seal(CREDENTIAL_NAME, old.current, credstore / CREDENTIAL_NAME)
    place = SealedCredential(credstore, sealer)
    seen: list[str] = []

    def cut_after_first(path: Path, changed: bool) -> None:
        # By the first file re-keyed, the next key is sealed already: a kill now cannot lose it.
        assert (credstore / (CREDENTIAL_NAME + PENDING_SUFFIX)).exists()
        seen.append(path.name)
        raise Killed

    with pytest.raises(Killed):
        rotate(place, sorted(files.values()), on_file=cut_after_first)
    pending = sealer.unseal(CREDENTIAL_NAME, credstore / (CREDENTIAL_NAME + PENDING_SUFFIX))
    assert sealer.unseal(CREDENTIAL_NAME, credstore / CREDENTIAL_NAME) == old.current  # not committed
    assert _contents(files, StorageKey(old.current, pending)) == before  # every file opens with one of the two

    report = rotate(SealedCredential(credstore, sealer), sorted(files.values()))
    assert report.resumed and report.sealed and report.already == seen
    assert sorted(report.rekeyed + report.already) == sorted(files)
    assert sealer.unseal(CREDENTIAL_NAME, credstore / CREDENTIAL_NAME) == pending
    assert not (credstore / (CREDENTIAL_NAME + PENDING_SUFFIX)).exists()
    assert _contents(files, StorageKey(pending)) == before
    for name, path in files.items():
        with pytest.raises(StorageKeyInvalid):
            OPENERS[name](path, old)


def _systemd_env(tmp_path: Path) -> dict[str, str]:
    # The host secret systemd-creds seals with: the test's own, never the machine's.
    return {**os.environ, "SYSTEMD_CREDENTIAL_SECRET": str(tmp_path / "host-secret")}


@pytest.fixture
def sealed_kiosk(tmp_path, config, kiosk_files, monkeypatch):
    """A kiosk installed the way scripts/install-kiosk does it: the key sealed, no key file left."""
    files, old = kiosk_files
    env = _systemd_env(tmp_path)
    monkeypatch.setenv("SYSTEMD_CREDENTIAL_SECRET", env["SYSTEMD_CREDENTIAL_SECRET"])
    credstore = tmp_path / "credstore.encrypted"
    credstore.mkdir(mode=0o700)
    SystemdCreds().seal(CREDENTIAL_NAME, old.current, credstore / CREDENTIAL_NAME)
    storage_key_path(config).unlink()
    return files, old, credstore, env


def _rotate_cli(config_file: Path, credstore: Path, env: dict[str, str], *extra: str) -> list[str]:
    return [sys.executable, "-m", "kiosk.cli", "keys", "rotate-storage", "--config", str(config_file),
            "--credstore", str(credstore), *extra]


@needs_systemd_creds
def test_a_sealed_rotation_killed_half_way_finishes_and_the_service_loads_the_new_key(tmp_path, tmp_config_file,
                                                                                     sealed_kiosk):
    files, old, credstore, env = sealed_kiosk
    before = _contents(files, old)
    proc = subprocess.Popen(_rotate_cli(tmp_config_file, credstore, env), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    first = proc.stderr.readline()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert first.startswith("re-keyed") and proc.returncode == -signal.SIGKILL
    pending_file = credstore / (CREDENTIAL_NAME + PENDING_SUFFIX)
    assert pending_file.exists() and stat.S_IMODE(pending_file.stat().st_mode) == 0o600
    assert b"kiosk" not in pending_file.read_bytes()  # sealed, not the key in hex
    sealer = SystemdCreds()
    pending = sealer.unseal(CREDENTIAL_NAME, pending_file)
    assert _contents(files, StorageKey(old.current, pending)) == before

    again = subprocess.run(_rotate_cli(tmp_config_file, credstore, env, "--json"), capture_output=True, text=True,
                           cwd=ROOT, env=env, timeout=120)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["resumed"] and report["sealed"] and report["already"]
    assert sorted(report["rekeyed"] + report["already"]) == sorted(files)
    assert not pending_file.exists()
    sealed = credstore / CREDENTIAL_NAME
    assert stat.S_IMODE(sealed.stat().st_mode) == 0o600
    assert old.current.hex().encode() not in sealed.read_bytes() and pending.hex().encode() not in sealed.read_bytes()

    # What systemd does for the service (LoadCredentialEncrypted=): decrypt into $CREDENTIALS_DIRECTORY.
    handed = tmp_path / "credentials"
    handed.mkdir(mode=0o700)
    subprocess.run(["systemd-creds", "decrypt", f"--name={CREDENTIAL_NAME}", str(sealed), str(handed / CREDENTIAL_NAME)],
                   check=True, env=env, capture_output=True)
    key = load_key(tmp_path / "absent.key", env={"CREDENTIALS_DIRECTORY": str(handed)}, create=False)
    assert key.source == "credential" and key.current == pending
    assert _contents(files, key) == before
    for name, path in files.items():
        with pytest.raises(StorageKeyInvalid):
            OPENERS[name](path, old)


@needs_systemd_creds
def test_a_credential_sealed_on_another_machine_does_not_open_and_nothing_is_re_keyed(tmp_path, tmp_config_file,
                                                                                    sealed_kiosk):
    files, old, credstore, env = sealed_kiosk
    before = _contents(files, old)
    # The thief copies the sealed key to a machine of their own: another host secret, nothing opens.
    elsewhere = {**env, "SYSTEMD_CREDENTIAL_SECRET": str(tmp_path / "another-host-secret")}
    done = subprocess.run(_rotate_cli(tmp_config_file, credstore, elsewhere), capture_output=True, text=True,
                          cwd=ROOT, env=elsewhere, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "STORAGE_SEAL_FAILED" in done.stderr
    assert not (credstore / (CREDENTIAL_NAME + PENDING_SUFFIX)).exists()
    assert _contents(files, old) == before
