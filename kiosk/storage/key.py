"""The storage key: 32 random bytes that encrypt every SQLite file the kiosk writes.

On an installed kiosk the key is a systemd credential sealed to the machine (TPM2 when it has one,
otherwise the host key): systemd decrypts it for the service into ``$CREDENTIALS_DIRECTORY``, a private
memory-backed folder, and nowhere else. Without systemd (the demo, the tests, a developer's machine) it is
a 0600 file outside the data folder, made on first use, so a copy of the data folder alone reads nothing.

A rotation in progress leaves the next key beside the current one (``<key file>.next``): every file opens
with either, so a kiosk killed mid-rotation keeps working and the rotation resumes where it stopped.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.errors import ConfigError, StorageError

KEY_BYTES = 32
#: The credential's name in the unit's ``LoadCredentialEncrypted=`` and in ``$CREDENTIALS_DIRECTORY``.
CREDENTIAL_NAME = "kiosk-storage-key"
PENDING_SUFFIX = ".next"


@dataclass(frozen=True, repr=False)
class StorageKey:
    current: bytes
    pending: bytes | None = None
    #: Where it came from ("credential" or the key file's path), for diagnostics; never the key itself.
    source: str = ""

    def __post_init__(self) -> None:
        for k in (self.current, self.pending):
            if k is not None and len(k) != KEY_BYTES:
                raise StorageError(f"a storage key is {KEY_BYTES} bytes, not {len(k)}")

    def candidates(self) -> list[bytes]:
        return [self.current] + ([self.pending] if self.pending else [])

    @classmethod
    def generate(cls) -> StorageKey:
        return cls(secrets.token_bytes(KEY_BYTES), source="generated")

    def __repr__(self) -> str:
        return f"StorageKey(source={self.source!r}, rotating={self.pending is not None})"


def read_key_file(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
        raw = bytes.fromhex(text)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise StorageError(f"cannot read the storage key {path}: {e}", detail={"path": str(path)}) from None
    if len(raw) != KEY_BYTES:
        raise StorageError(f"{path} does not hold a {KEY_BYTES}-byte storage key", detail={"path": str(path)})
    return raw


def write_key_file(path: Path, raw: bytes, *, exclusive: bool = True) -> None:
    """Write a key 0600 from the first byte (never created readable, then narrowed), durably."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    try:
        os.write(fd, (raw.hex() + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def load_key(key_file: Path, *, env: Mapping[str, str], create: bool = True) -> StorageKey:
    """The machine's storage key: the systemd credential when the service was given one, else the file.

    ``create`` makes the file on first use (a new kiosk); a kiosk whose data exist but whose key is gone
    then fails to open them with STORAGE_KEY_INVALID rather than reading an empty cache.
    """
    creds = env.get("CREDENTIALS_DIRECTORY")
    if creds:
        sealed = Path(creds) / CREDENTIAL_NAME
        if sealed.exists():
            return StorageKey(read_key_file(sealed), source="credential")
    pending_file = key_file.with_name(key_file.name + PENDING_SUFFIX)
    if not key_file.exists():
        if not create:
            raise StorageError(f"no storage key at {key_file}", detail={"path": str(key_file)})
        try:
            write_key_file(key_file, secrets.token_bytes(KEY_BYTES))
        except FileExistsError:
            pass  # another process made it first: use theirs
        except OSError as e:
            raise StorageError(f"cannot create the storage key {key_file}: {e}",
                               detail={"path": str(key_file)}) from None
    pending = read_key_file(pending_file) if pending_file.exists() else None
    return StorageKey(read_key_file(key_file), pending, source=str(key_file))


def storage_key_path(config: KioskConfig) -> Path:
    """The key file from config, refused when it lies inside the data folder (a copy would take both)."""
    key_file = config.resolve(config.storage.key_file).resolve()
    data_dir = config.resolve(config.data.dir).resolve()
    if key_file.is_relative_to(data_dir):
        raise ConfigError(f"storage.key_file {key_file} lies inside data.dir {data_dir}: keep the key apart "
                          "from the data it opens", detail={"key": "storage.key_file"})
    return key_file


def storage_key_for(config: KioskConfig, env: Mapping[str, str] | None = None, *, create: bool = True) -> StorageKey:
    """The composition roots' one call: the key every kiosk data file is opened with."""
    return load_key(storage_key_path(config), env=os.environ if env is None else env, create=create)
