"""The kiosk's side of updates: refresh the district's TUF metadata, pick the release for this kiosk, and
download it verified. All verification is python-tuf's (``tuf.ngclient``); this module maps its refusals
to stable codes and adds the one rule TUF leaves to the application: never a version older than the one
running."""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from packaging.version import InvalidVersion, Version
from tuf.api import exceptions as tuf_errors
from tuf.ngclient import FetcherInterface, Updater

from kiosk.update.errors import UpdateError, UpdateRefused
from kiosk.update.rollout import is_for


class HttpsFetcher(FetcherInterface):
    """TUF's downloads over the kiosk's mutual-TLS client (the district CA pinned)."""

    def __init__(self, tls: ssl.SSLContext | None, timeout_s: float = 30.0):
        self._http = httpx.Client(verify=tls if tls is not None else True, timeout=timeout_s)

    def _fetch(self, url: str) -> Iterator[bytes]:
        if not url.startswith("https://"):
            raise tuf_errors.DownloadError(f"{url} is not https://")
        with self._http.stream("GET", url) as response:
            if response.status_code != 200:
                raise tuf_errors.DownloadHTTPError(f"{url} answered {response.status_code}", response.status_code)
            yield from response.iter_bytes()

    def close(self) -> None:
        self._http.close()


@dataclass(frozen=True)
class Release:
    version: str
    target: str
    length: int
    for_this_kiosk: bool
    newer: bool  # than the version running

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "target": self.target, "length": self.length,
                "for_this_kiosk": self.for_this_kiosk, "newer": self.newer}


def _version(text: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion:
        raise UpdateRefused(f"release version {text!r} is not a version", code="UPDATE_BAD_VERSION") from None


def refused(e: Exception) -> UpdateRefused:
    """TUF's refusal as a typed error with a stable code."""
    if isinstance(e, tuf_errors.ExpiredMetadataError):
        return UpdateRefused(f"the district's update metadata has expired: {e}", code="UPDATE_EXPIRED")
    if isinstance(e, tuf_errors.BadVersionNumberError):
        return UpdateRefused(f"the update metadata is older than what this kiosk has seen: {e}",
                             code="UPDATE_ROLLBACK")
    if isinstance(e, tuf_errors.LengthOrHashMismatchError):
        return UpdateRefused(f"a downloaded file does not match its signed hash: {e}", code="UPDATE_TAMPERED")
    if isinstance(e, tuf_errors.UnsignedMetadataError):
        return UpdateRefused(f"update metadata not signed by the district's keys: {e}", code="UPDATE_BAD_SIGNATURE")
    if isinstance(e, tuf_errors.DownloadError):
        return UpdateRefused(f"the update repository cannot be reached: {e}", code="UPDATE_UNREACHABLE")
    return UpdateRefused(f"the update repository's answer was refused: {e}", code="UPDATE_REPOSITORY_INVALID")


class UpdateClient:
    """``state``: the kiosk's update folder (``metadata/`` with the trusted ``root.json`` it was installed
    with, ``downloads/``). ``url``: the repository's base URL (``…/metadata/``, ``…/targets/`` below it)."""

    def __init__(self, state: Path, url: str, *, kiosk_id: str, running: str, tls: ssl.SSLContext | None,
                 fetcher: FetcherInterface | None = None):
        self.state = Path(state)
        self.kiosk_id = kiosk_id
        self.running = running
        self._fetcher = fetcher or HttpsFetcher(tls)
        (self.state / "downloads").mkdir(parents=True, exist_ok=True)
        if not (self.state / "metadata" / "root.json").exists():
            raise UpdateError(f"no trusted root metadata in {self.state / 'metadata'} (installed with the kiosk)",
                              code="UPDATE_NO_TRUSTED_ROOT", detail={"folder": str(self.state)})
        base = url.rstrip("/")
        self._updater = Updater(str(self.state / "metadata"), f"{base}/metadata/", str(self.state / "downloads"),
                                f"{base}/targets/", fetcher=self._fetcher, bootstrap=None)

    def check(self) -> Release | None:
        """Refresh the metadata (verified) and return the newest release, or None if there is none."""
        try:
            self._updater.refresh()
        except tuf_errors.RepositoryError as e:
            raise refused(e) from None
        except tuf_errors.DownloadError as e:
            raise refused(e) from None
        # refresh() verified targets.json and stored it: what it lists is what the district signed.
        targets = json.loads((self.state / "metadata" / "targets.json").read_bytes())["signed"]["targets"]
        releases = [(name, info) for name, info in targets.items()
                    if (info.get("custom") or {}).get("kind") == "kiosk-release"]
        if not releases:
            return None
        name, info = max(releases, key=lambda item: _version(item[1]["custom"]["version"]))
        version = info["custom"]["version"]
        return Release(version, name, int(info["length"]),
                       is_for(self.kiosk_id, version, info["custom"].get("rollout")),
                       _version(version) > _version(self.running))

    def download(self, release: Release) -> Path:
        """The release's file, checked against its signed length and hashes. An older version is refused."""
        if _version(release.version) < _version(self.running):
            raise UpdateRefused(f"release {release.version} is older than the running {self.running}",
                                code="UPDATE_OLDER_VERSION", detail={"release": release.version,
                                                                     "running": self.running})
        try:
            info = self._updater.get_targetinfo(release.target)
            if info is None:
                raise UpdateError(f"release {release.target} is not in the signed targets", code="UPDATE_NOT_FOUND")
            # Stored under the file's own name: an installer reads a wheel's name and version from it.
            path = str(self.state / "downloads" / Path(info.path).name)
            cached = self._updater.find_cached_target(info, path)
            return Path(cached or self._updater.download_target(info, path))
        except (tuf_errors.RepositoryError, tuf_errors.DownloadError) as e:
            raise refused(e) from None

    def close(self) -> None:
        close = getattr(self._fetcher, "close", None)
        if close is not None:
            close()
