"""Signed updates end to end: a district TUF repository served over mutual TLS on loopback, a kiosk that
checks, downloads (verified by python-tuf), installs into a new virtualenv, switches, and rolls back;
and the attacks TUF exists for: a tampered file, frozen (expired) metadata, an older release, replayed
metadata."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from kiosk.update.client import UpdateClient
from kiosk.update.errors import UpdateError, UpdateRefused
from kiosk.update.releases import Releases
from kiosk.update.repository import Repository, init_keys
from kiosk.update.rollout import is_for, place
from tests.kiosk.sync.gateway_fixture import make_district, serve

pytestmark = pytest.mark.integration


def tiny_wheel(folder: Path, version: str) -> Path:
    """A real, minimal wheel of the package ``tinykiosk`` that knows its version."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"tinykiosk-{version}-py3-none-any.whl"
    info = f"tinykiosk-{version}.dist-info"
    files = {"tinykiosk/__init__.py": f"VERSION = {version!r}\n",
             f"{info}/METADATA": f"Metadata-Version: 2.1\nName: tinykiosk\nVersion: {version}\n",
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(text.encode())}")
    record.append(f"{info}/RECORD,,")
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
        z.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return path


def copy_installer(env: Path, release: Path) -> None:
    """For the releases that only need to exist: the file placed in the virtualenv, no pip run."""
    shutil.copy(release, env / release.name)


@pytest.fixture
def district_repo(tmp_path: Path):
    keys = tmp_path / "keys"
    init_keys(keys / "offline", keys / "online")
    repo = Repository(tmp_path / "repo", keys / "offline", keys / "online")
    repo.create()
    return repo


@pytest.fixture
def served(tmp_path: Path, district_repo: Repository):
    district = make_district(tmp_path / "district")
    app = FastAPI()
    app.mount("/", StaticFiles(directory=district_repo.root))
    opened: list[UpdateClient] = []
    with serve(app, district) as url:
        yield url, district, opened
        for client in opened:  # before the server stops: it waits for open connections
            client.close()


def kiosk_client(tmp_path: Path, repo: Repository, served, *, running: str = "1.0.0",
                 kiosk_id: str = "test-01") -> UpdateClient:
    url, district, opened = served
    state = tmp_path / f"kiosk-{kiosk_id}-{running}"
    (state / "metadata").mkdir(parents=True, exist_ok=True)
    (state / "metadata" / "root.json").write_bytes(repo.trusted_root())
    client = UpdateClient(state, url, kiosk_id=kiosk_id, running=running, tls=district.kiosk_context())
    opened.append(client)
    return client


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now


def running_release(tmp_path: Path, clock: Clock) -> Releases:
    """A kiosk running release 1.0.0 (confirmed)."""
    releases = Releases(tmp_path / "opt", clock=clock, installer=copy_installer)
    releases.install(tiny_wheel(tmp_path / "old", "1.0.0"), "1.0.0")
    releases.switch("1.0.0")
    releases.confirm("1.0.0")
    return releases


def test_check_download_install_switch_and_confirm(tmp_path: Path, district_repo: Repository, served):
    district_repo.publish(tiny_wheel(tmp_path / "build", "1.1.0"), "1.1.0")
    client = kiosk_client(tmp_path, district_repo, served)
    release = client.check()
    assert release is not None and release.version == "1.1.0" and release.newer and release.for_this_kiosk
    wheel = client.download(release)
    assert wheel.read_bytes() == (district_repo.targets_dir / release.target).read_bytes()

    clock = Clock()
    releases = running_release(tmp_path, clock)
    releases.installer = Releases(tmp_path / "unused").installer  # the real one: pip into the new venv
    env = releases.install(wheel, "1.1.0")
    shown = subprocess.run([str(env / "bin" / "python"), "-c", "import tinykiosk; print(tinykiosk.VERSION)"],
                           capture_output=True, text=True, timeout=60)
    assert shown.stdout.strip() == "1.1.0", shown.stderr
    assert releases.current == "1.0.0"  # installing never touches what runs
    releases.switch("1.1.0")
    assert (tmp_path / "opt" / "current").resolve() == env.resolve()
    assert releases.current == "1.1.0" and releases.previous == "1.0.0" and releases.pending()["version"] == "1.1.0"
    assert releases.confirm("1.1.0") and releases.pending() is None
    clock.now += dt.timedelta(minutes=5)
    assert releases.watchdog()["action"] == "none" and releases.current == "1.1.0"


def test_a_release_that_does_not_reach_the_attract_screen_is_rolled_back(tmp_path: Path):
    clock = Clock()
    releases = running_release(tmp_path, clock)
    releases.install(tiny_wheel(tmp_path / "new", "1.1.0"), "1.1.0")
    releases.switch("1.1.0")
    clock.now += dt.timedelta(seconds=50)
    assert releases.watchdog()["action"] == "waiting" and releases.current == "1.1.0"
    clock.now += dt.timedelta(seconds=11)
    report = releases.watchdog()
    assert report["action"] == "rolled_back" and report["rolled_back"] == "1.1.0"
    assert releases.current == "1.0.0" and releases.previous is None and releases.failed() == ["1.1.0"]
    assert (tmp_path / "opt" / "current").resolve() == (tmp_path / "opt" / "releases" / "1.0.0").resolve()
    assert not releases.confirm("1.1.0")  # a late signal from the abandoned release changes nothing


def test_a_tampered_release_file_is_refused_and_nothing_is_installed(tmp_path: Path, district_repo: Repository,
                                                                   served):
    published = district_repo.publish(tiny_wheel(tmp_path / "build", "1.1.0"), "1.1.0")
    stored = district_repo.targets_dir / published["target"]
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0x01  # an attacker on the mirror, or a broken disk
    stored.write_bytes(bytes(data))
    client = kiosk_client(tmp_path, district_repo, served)
    release = client.check()
    with pytest.raises(UpdateRefused) as caught:
        client.download(release)
    assert caught.value.code == "UPDATE_TAMPERED"
    assert not any((client.state / "downloads").iterdir())


def test_expired_metadata_is_refused_freeze_attack(tmp_path: Path, district_repo: Repository, served):
    # Metadata signed two days ago and never refreshed: an attacker holding the kiosk on an old view.
    district_repo.clock = lambda: dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)
    district_repo.publish(tiny_wheel(tmp_path / "build", "1.1.0"), "1.1.0")
    client = kiosk_client(tmp_path, district_repo, served)
    with pytest.raises(UpdateRefused) as caught:
        client.check()
    assert caught.value.code == "UPDATE_EXPIRED"


def test_an_older_release_is_refused_rollback_attack(tmp_path: Path, district_repo: Repository, served):
    district_repo.publish(tiny_wheel(tmp_path / "build", "1.1.0"), "1.1.0")
    client = kiosk_client(tmp_path, district_repo, served, running="1.2.0")
    release = client.check()
    assert release is not None and release.version == "1.1.0" and not release.newer
    with pytest.raises(UpdateRefused) as caught:
        client.download(release)
    assert caught.value.code == "UPDATE_OLDER_VERSION"


def test_replayed_older_metadata_is_refused(tmp_path: Path, district_repo: Repository, served):
    district_repo.publish(tiny_wheel(tmp_path / "build", "1.1.0"), "1.1.0")
    old_timestamp = (district_repo.metadata / "timestamp.json").read_bytes()
    district_repo.publish(tiny_wheel(tmp_path / "build", "1.2.0"), "1.2.0")
    client = kiosk_client(tmp_path, district_repo, served)
    assert client.check().version == "1.2.0"
    (district_repo.metadata / "timestamp.json").write_bytes(old_timestamp)  # replay what was current before
    again = kiosk_client(tmp_path, district_repo, served)  # same kiosk state: it remembers 1.2.0's
    with pytest.raises(UpdateRefused) as caught:
        again.check()
    assert caught.value.code == "UPDATE_ROLLBACK"


def test_staged_rollout_by_percentage_and_by_name(tmp_path: Path, district_repo: Repository, served):
    district_repo.publish(tiny_wheel(tmp_path / "build", "1.1.0"), "1.1.0", percent=0, kiosks=("test-02",))
    assert not kiosk_client(tmp_path, district_repo, served).check().for_this_kiosk
    assert kiosk_client(tmp_path, district_repo, served, kiosk_id="test-02").check().for_this_kiosk
    fleet = [f"k{i:03d}" for i in range(400)]
    half = {k for k in fleet if is_for(k, "1.1.0", {"percent": 50})}
    more = {k for k in fleet if is_for(k, "1.1.0", {"percent": 80})}
    assert half < more and 150 < len(half) < 250  # raising the percentage only adds kiosks
    assert [place(k, "1.1.0") for k in fleet] != [place(k, "1.2.0") for k in fleet]  # a new order per release


def test_install_refuses_to_replace_the_running_release(tmp_path: Path):
    releases = running_release(tmp_path, Clock())
    with pytest.raises(UpdateError) as caught:
        releases.install(tiny_wheel(tmp_path / "again", "1.0.0"), "1.0.0")
    assert caught.value.code == "UPDATE_IN_USE"


def _as_nobody() -> list[str]:
    if os.geteuid() != 0:
        pytest.skip("needs root to hand the start-signal folder to another user")
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    pytest.skip("neither setpriv nor runuser is installed: cannot drop privileges")


def test_on_an_installed_kiosk_the_app_leaves_only_a_start_signal_and_the_watchdog_makes_it_final(tmp_path: Path,
                                                                                                   request):
    """As install-kiosk lays it out: releases and links belong to root, the app's user may write started/
    only. The app (run here as nobody) cannot move ``current``; its signal confirms the switch through the
    watchdog, and a signal left from an earlier switch confirms nothing."""
    tmp_path = Path(tempfile.mkdtemp(prefix="kiosk-releases-", dir=tmp_path.anchor + "tmp"))
    tmp_path.chmod(0o755)  # the app's user must reach the releases folder (pytest's own is root's only)
    request.addfinalizer(lambda: shutil.rmtree(tmp_path, ignore_errors=True))
    clock = Clock()
    releases = running_release(tmp_path, clock)
    root = tmp_path / "opt"
    started = root / "started"
    started.mkdir(mode=0o700)
    os.chown(started, 65534, 65534)
    releases.install(tiny_wheel(tmp_path / "new", "1.1.0"), "1.1.0")
    releases.switch("1.1.0")
    script = ("import os, sys; from pathlib import Path; from kiosk.update.releases import Releases; "
              "root = Path(sys.argv[1]); r = Releases(root); print(r.confirm());"
              "\ntry:\n    os.replace(root / 'previous', root / 'current')\nexcept PermissionError:\n"
              "    print('current untouched')")
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[3]), "PATH": "/usr/bin:/bin",
           "PYTHONDONTWRITEBYTECODE": "1", "HOME": "/nonexistent"}
    done = subprocess.run([*_as_nobody(), sys.executable, "-c", script, str(root)], capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["True", "current untouched"]
    assert releases.current == "1.1.0" and releases.pending()["version"] == "1.1.0"  # final only by the watchdog
    clock.now += dt.timedelta(minutes=5)  # past the deadline, but the signal came in time
    assert releases.watchdog()["action"] == "confirmed" and releases.current == "1.1.0"
    assert releases.pending() is None and not any(started.iterdir())
    # Back to 1.0.0 and forward to 1.1.0 again: a forged or stale signal must be fresh for this switch.
    releases.rollback("test")
    (started / "1.1.0").write_text("left over")
    releases.switch("1.1.0")
    assert not (started / "1.1.0").exists()
    clock.now += dt.timedelta(minutes=2)
    assert releases.watchdog()["action"] == "rolled_back" and releases.current == "1.0.0"
