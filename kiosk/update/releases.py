"""Installed releases on a kiosk: one virtualenv per version, a ``current`` symlink switched atomically,
the ``previous`` one kept, and a watchdog that switches back when a new release does not reach the attract
screen in time.

Layout under the releases folder (``/opt/kiosk`` on a kiosk)::

    releases/<version>/   a virtualenv with the release installed
    current -> releases/<version>     what the kiosk's service runs
    previous -> releases/<version>    what runs again on a rollback
    pending.json          a switch waiting for its start signal: {"version", "deadline"}
    failed.json           versions that were rolled back (not installed again)
    started/              on an installed kiosk the one folder the kiosk's own user may write here: the app
                          leaves its start signal (started/<version>) and the watchdog, run as root, makes the
                          switch final. So a taken-over kiosk process cannot point ``current`` at code of its own.

The app calls :meth:`Releases.confirm` when it shows the attract screen; ``kiosk update watchdog`` (a
systemd timer, and at boot) rolls back a pending switch whose deadline passed unconfirmed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.update.errors import UpdateError

START_DEADLINE = dt.timedelta(minutes=1)
#: installer(venv folder, release file): puts the release into the virtualenv
Installer = Callable[[Path, Path], None]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def pip_installer(env: Path, release: Path) -> None:
    """Install a wheel (no dependencies from any index: a release ships what it needs) with this
    interpreter's pip into ``env``, which has none of its own."""
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install",
                           "--no-deps", "--no-index", "--no-input", "--disable-pip-version-check", "--quiet",
                           str(release)], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise UpdateError(f"installing {release.name} failed: {done.stderr.strip()[-300:]}",
                          code="UPDATE_INSTALL_FAILED", detail={"release": release.name})


def current_release(root: Path) -> str | None:
    """The version ``root``'s ``current`` link names, without making anything (for health reports)."""
    link = Path(root) / "current"
    return Path(os.readlink(link)).name if link.is_symlink() else None


class Releases:
    def __init__(self, root: Path, *, clock: Callable[[], dt.datetime] = _utcnow,
                 installer: Installer = pip_installer):
        self.root = Path(root)
        self.clock = clock
        self.installer = installer
        (self.root / "releases").mkdir(parents=True, exist_ok=True)

    # --- what is installed ------------------------------------------------------------------------
    def _link(self, name: str) -> str | None:
        link = self.root / name
        return Path(os.readlink(link)).name if link.is_symlink() else None

    @property
    def current(self) -> str | None:
        return self._link("current")

    @property
    def previous(self) -> str | None:
        return self._link("previous")

    def pending(self) -> dict[str, Any] | None:
        path = self.root / "pending.json"
        return json.loads(path.read_text()) if path.exists() else None

    def failed(self) -> list[str]:
        path = self.root / "failed.json"
        return json.loads(path.read_text()) if path.exists() else []

    def status(self) -> dict[str, Any]:
        return {"current": self.current, "previous": self.previous, "pending": self.pending(),
                "failed": self.failed(), "installed": sorted(p.name for p in (self.root / "releases").iterdir()
                                                             if p.is_dir())}

    # --- changes ----------------------------------------------------------------------------------
    def install(self, release: Path, version: str) -> Path:
        """A new virtualenv for ``version`` (seeing the system's site packages, without pip of its own)
        with the release installed. The running release is never touched."""
        if version in (self.current, self.previous):
            raise UpdateError(f"release {version} is installed and in use", code="UPDATE_IN_USE")
        env = self.root / "releases" / version
        staging = self.root / "releases" / f".{version}.staging"
        shutil.rmtree(staging, ignore_errors=True)
        venv.EnvBuilder(system_site_packages=True, with_pip=False, symlinks=True).create(staging)
        try:
            self.installer(staging, Path(release))
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        shutil.rmtree(env, ignore_errors=True)
        os.replace(staging, env)
        return env

    def _point(self, name: str, version: str | None) -> None:
        link = self.root / name
        if version is None:
            link.unlink(missing_ok=True)
            return
        tmp = self.root / f".{name}.new"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(Path("releases") / version)
        os.replace(tmp, link)  # rename(2) over the old link: the switch is atomic

    def switch(self, version: str) -> dict[str, Any]:
        """Run ``version`` next; the one running now becomes ``previous``. Waits for its start signal."""
        if not (self.root / "releases" / version / "bin" / "python").exists():
            raise UpdateError(f"release {version} is not installed", code="UPDATE_NOT_INSTALLED")
        old = self.current
        if old == version:
            return self.status()
        if old is not None:
            self._point("previous", old)
        self._clear_signals()  # a signal left from an earlier switch must not confirm this one
        self._point("current", version)
        deadline = (self.clock() + START_DEADLINE).isoformat()
        self._write("pending.json", {"version": version, "from": old, "deadline": deadline})
        return self.status()

    def confirm(self, version: str | None = None) -> bool:
        """The running release reached the attract screen: its switch is final. Where a ``started/`` folder
        exists (an installed kiosk, whose app may write nothing else here) the app leaves the signal there
        and the next watchdog run makes the switch final."""
        pending = self.pending()
        if pending is None or (version is not None and pending["version"] != version):
            return False
        started = self.root / "started"
        if started.is_dir():
            signal = started / pending["version"]
            if not signal.exists():
                tmp = started / f".{pending['version']}.tmp"
                tmp.write_text(self.clock().isoformat())
                os.replace(tmp, signal)
            return True
        (self.root / "pending.json").unlink(missing_ok=True)
        return True

    def _signalled(self, version: str) -> bool:
        """The app left its start signal for ``version`` (read by the watchdog, which runs as root)."""
        return (self.root / "started" / version).is_file()

    def _clear_signals(self) -> None:
        started = self.root / "started"
        if started.is_dir():
            for signal in started.iterdir():
                signal.unlink(missing_ok=True)

    def rollback(self, reason: str = "requested") -> dict[str, Any]:
        """Back to ``previous`` (atomically); the abandoned release is noted so it is not installed again."""
        back, abandoned = self.previous, self.current
        if back is None:
            raise UpdateError("there is no previous release to go back to", code="UPDATE_NO_PREVIOUS")
        self._point("current", back)
        self._point("previous", None)
        (self.root / "pending.json").unlink(missing_ok=True)
        self._clear_signals()
        if abandoned is not None and abandoned not in self.failed():
            self._write("failed.json", [*self.failed(), abandoned])
        return {**self.status(), "rolled_back": abandoned, "reason": reason}

    def watchdog(self) -> dict[str, Any]:
        """Roll back a switch whose release did not confirm its start before the deadline."""
        pending = self.pending()
        if pending is None:
            return {"action": "none", **self.status()}
        if self._signalled(pending["version"]):
            (self.root / "pending.json").unlink(missing_ok=True)
            self._clear_signals()
            return {"action": "confirmed", **self.status()}
        if self.clock() <= dt.datetime.fromisoformat(pending["deadline"]):
            return {"action": "waiting", **self.status()}
        return {"action": "rolled_back", **self.rollback("no start signal within a minute")}

    def _write(self, name: str, value: Any) -> None:
        tmp = self.root / f".{name}.tmp"
        tmp.write_text(json.dumps(value))
        os.replace(tmp, self.root / name)
