"""Secrets sealed to the machine with ``systemd-creds`` (TPM2 when the machine has one, else its host key).

An installed kiosk keeps its storage key as ``/etc/credstore.encrypted/kiosk-storage-key``; systemd decrypts
it for the service into ``$CREDENTIALS_DIRECTORY``. Sealing and unsealing here are for root's tools (the key
rotation): the kiosk itself only ever reads the decrypted copy systemd hands it.

The sealer is a small interface so that a machine without systemd-creds (or a test of the rotation's order
of steps) can put another in its place; the tool's own checks (which key, which name) stay systemd's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Protocol

from kiosk.errors import StorageError

#: Where scripts/install-kiosk puts the sealed credentials (systemd's own default credential store).
CREDSTORE = Path("/etc/credstore.encrypted")
_TIMEOUT_S = 60.0


class Sealer(Protocol):
    def seal(self, name: str, secret: bytes, out: Path) -> None:
        """Write ``secret`` sealed as credential ``name`` to ``out`` (created 0600)."""
        ...

    def unseal(self, name: str, sealed: Path) -> bytes:
        """The secret a sealed credential holds; :class:`StorageError` when it does not open here."""
        ...


class SystemdCreds:
    """``systemd-creds encrypt|decrypt``: the secret passes through a pipe, never through a file in clear.

    ``with_key`` is systemd's choice of sealing key (``auto``: TPM2 and the host key when there is a TPM2,
    else the host key), as scripts/install-kiosk seals at installation."""

    def __init__(self, *, with_key: str = "auto", program: str = "systemd-creds"):
        self.with_key = with_key
        self.program = program

    def _run(self, args: list[str], data: bytes, what: str) -> bytes:
        exe = shutil.which(self.program)
        if exe is None:
            raise StorageError(f"{self.program} is not installed: cannot {what}", code="STORAGE_SEALER_MISSING")
        try:
            done = subprocess.run([exe, *args], input=data, capture_output=True, timeout=_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise StorageError(f"{self.program} could not {what}: {e}", code="STORAGE_SEAL_FAILED") from None
        if done.returncode != 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise StorageError(f"{self.program} could not {what}: {reason[-1] if reason else done.returncode}",
                               code="STORAGE_SEAL_FAILED")
        return done.stdout

    def seal(self, name: str, secret: bytes, out: Path) -> None:
        tmp = out.with_name(out.name + ".sealing")
        tmp.unlink(missing_ok=True)
        old = os.umask(0o077)  # systemd-creds creates the file: 0600 from its first byte
        try:
            self._run(["encrypt", f"--with-key={self.with_key}", f"--name={name}", "-", str(tmp)],
                      secret.hex().encode("ascii") + b"\n", f"seal {name}")
        finally:
            os.umask(old)
        _durable_rename(tmp, out)

    def unseal(self, name: str, sealed: Path) -> bytes:
        out = self._run(["decrypt", f"--name={name}", str(sealed), "-"], b"", f"unseal {sealed.name}")
        try:
            return bytes.fromhex(out.decode("ascii").strip())
        except (UnicodeDecodeError, ValueError):
            raise StorageError(f"{sealed} does not hold a storage key", code="STORAGE_SEAL_FAILED") from None


def _durable_rename(tmp: Path, out: Path) -> None:
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, out)
    fsync_dir(out.parent)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
