"""The district's TUF repository of kiosk releases: keys, metadata and published files.

Layout of the repository folder (served as is by any HTTPS file server, the gateway included):
``metadata/{N.root,root,targets,snapshot,timestamp}.json`` and ``targets/<file>``. Keys live apart from
it: ``root`` and ``targets`` in an offline folder (they sign rarely, on the district's offline machine),
``snapshot`` and ``timestamp`` in an online folder (the publishing service re-signs them often; their
metadata expires in days and a day, so a kiosk held on old metadata stops trusting it — the freeze attack).
Private keys are PKCS#8 PEM files, 0600.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import Metadata, MetaFile, Root, Snapshot, TargetFile, Targets, Timestamp
from tuf.api.serialization.json import JSONSerializer

from kiosk.update.errors import UpdateError

OFFLINE_ROLES = ("root", "targets")
ONLINE_ROLES = ("snapshot", "timestamp")
EXPIRY = {"root": dt.timedelta(days=365), "targets": dt.timedelta(days=90), "snapshot": dt.timedelta(days=7),
          "timestamp": dt.timedelta(days=1)}


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def init_keys(offline: Path, online: Path) -> dict[str, str]:
    """New Ed25519 keys for the four roles. Returns each role's key id."""
    ids = {}
    for folder, roles in ((offline, OFFLINE_ROLES), (online, ONLINE_ROLES)):
        folder.mkdir(parents=True, exist_ok=True)
        for role in roles:
            signer = CryptoSigner.generate_ed25519()
            path = folder / f"{role}.key"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(signer.private_bytes)
            ids[role] = signer.public_key.keyid
    return ids


def load_signer(folder: Path, role: str) -> CryptoSigner:
    path = folder / f"{role}.key"
    try:
        return CryptoSigner(load_pem_private_key(path.read_bytes(), None))  # type: ignore[arg-type]
    except (OSError, ValueError, TypeError) as e:
        raise UpdateError(f"cannot read the {role} key {path}: {e}", code="UPDATE_KEY_UNREADABLE",
                          detail={"file": str(path)}) from None


class Repository:
    """Publishing into the repository folder ``root``; ``offline``/``online`` hold the role keys."""

    def __init__(self, root: Path, offline: Path, online: Path, *, clock: Callable[[], dt.datetime] = _utcnow):
        self.root = Path(root)
        self.offline = Path(offline)
        self.online = Path(online)
        self.clock = clock
        self.metadata = self.root / "metadata"
        self.targets_dir = self.root / "targets"

    def _signer(self, role: str) -> CryptoSigner:
        return load_signer(self.offline if role in OFFLINE_ROLES else self.online, role)

    def _expires(self, role: str) -> dt.datetime:
        return (self.clock() + EXPIRY[role]).replace(microsecond=0)

    def _write(self, md: Metadata, role: str, *, versioned: bool = False) -> None:
        md.signatures.clear()
        md.sign(self._signer(role), append=True)
        self.metadata.mkdir(parents=True, exist_ok=True)
        data = md.to_bytes(JSONSerializer(compact=False))
        names = [f"{role}.json"] + ([f"{md.signed.version}.{role}.json"] if versioned else [])
        for name in names:
            tmp = self.metadata / f".{name}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, self.metadata / name)  # a client never reads half a file

    def create(self) -> None:
        """A new repository: root naming the four keys, empty targets, snapshot and timestamp."""
        # Files are replaced in place (each written whole, then renamed), not kept per version.
        root = Root(expires=self._expires("root"), consistent_snapshot=False)
        for role in (*OFFLINE_ROLES, *ONLINE_ROLES):
            root.add_key(self._signer(role).public_key, role)
        self._write(Metadata(root), "root", versioned=True)
        self._write(Metadata(Targets(expires=self._expires("targets"))), "targets")
        self._resign_online(targets_version=1)

    def _load(self, role: str) -> Metadata[Any]:
        try:
            return Metadata.from_file(str(self.metadata / f"{role}.json"))
        except OSError:
            raise UpdateError(f"no update repository in {self.root} (kiosk update init)", code="UPDATE_NO_REPOSITORY",
                              detail={"folder": str(self.root)}) from None

    def _resign_online(self, targets_version: int) -> None:
        snapshot = self._load("snapshot").signed if (self.metadata / "snapshot.json").exists() else None
        snap = Snapshot(version=(snapshot.version + 1) if snapshot else 1, expires=self._expires("snapshot"),
                        meta={"targets.json": MetaFile(version=targets_version)})
        self._write(Metadata(snap), "snapshot")
        ts_old = self._load("timestamp").signed if (self.metadata / "timestamp.json").exists() else None
        ts = Timestamp(version=(ts_old.version + 1) if ts_old else 1, expires=self._expires("timestamp"),
                       snapshot_meta=MetaFile(version=snap.version))
        self._write(Metadata(ts), "timestamp")

    def publish(self, file: Path, version: str, *, percent: int = 100, kiosks: tuple[str, ...] = ()) -> dict[str, Any]:
        """Add ``file`` as release ``version`` for ``percent`` % of the kiosks plus those named, sign."""
        if not 0 <= percent <= 100:
            raise UpdateError("the rollout percentage must be 0 to 100", code="UPDATE_BAD_ROLLOUT")
        self.targets_dir.mkdir(parents=True, exist_ok=True)
        name = f"{version}/{Path(file).name}"
        dest = self.targets_dir / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, dest)
        target = TargetFile.from_file(name, str(dest), ["sha256"])
        target.unrecognized_fields["custom"] = {"version": version, "kind": "kiosk-release",
                                                "rollout": {"percent": percent, "kiosks": sorted(kiosks)}}
        md = self._load("targets")
        md.signed.targets[name] = target
        md.signed.version += 1
        md.signed.expires = self._expires("targets")
        self._write(md, "targets")
        self._resign_online(md.signed.version)
        return {"target": name, "version": version, "sha256": hashlib.sha256(dest.read_bytes()).hexdigest(),
                "length": target.length, "rollout": {"percent": percent, "kiosks": sorted(kiosks)},
                "targets_version": md.signed.version}

    def refresh_timestamp(self) -> int:
        """Re-sign snapshot and timestamp with fresh expiry (the online service does this daily)."""
        self._resign_online(self._load("targets").signed.version)
        return self._load("timestamp").signed.version

    def trusted_root(self) -> bytes:
        """What a kiosk is installed with: the first root metadata (later roots it follows by itself)."""
        return (self.metadata / "1.root.json").read_bytes()
