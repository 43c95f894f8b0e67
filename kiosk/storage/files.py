"""Which files are the kiosk's SQLite data: every database file in the data folder, and the cache."""

from __future__ import annotations

from pathlib import Path

from kiosk.storage.sqlite import is_plain_sqlite

#: SQLite's own companions of a database file: never a database to open on their own.
_COMPANIONS = ("-wal", "-shm", "-journal")


def sqlite_files(data_dir: Path, cache_path: Path) -> list[Path]:
    """Every SQLite file the kiosk keeps (``*.sqlite`` under the data folder, and the cache wherever it is)."""
    found: set[Path] = set()
    if data_dir.is_dir():
        for p in data_dir.rglob("*.sqlite"):
            if p.is_file():
                found.add(p)
    if cache_path.is_file():
        found.add(cache_path)
    return sorted(p for p in found if not p.name.endswith(_COMPANIONS))


def encrypted_key_files(*folders: Path) -> list[Path]:
    """The kiosk's private keys kept encrypted under the storage key (PEM ``ENCRYPTED PRIVATE KEY``) in
    ``folders`` (the data folder, the TLS credentials folder): the storage key's rotation re-encrypts them."""
    from kiosk.storage.private_keys import ENCRYPTED_LABEL

    marker = f"-----BEGIN {ENCRYPTED_LABEL}-----".encode("ascii")
    found: set[Path] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for p in folder.rglob("*"):
            if p.is_file() and p.suffix in (".key", ".pem") and p.stat().st_size < 64 * 1024:
                try:
                    if p.read_bytes().lstrip().startswith(marker):
                        found.add(p)
                except OSError:
                    continue
    return sorted(found)


def plain_files(data_dir: Path, cache_path: Path) -> list[Path]:
    """Files a thief with the disk could open as SQLite without the key: judged by content, whatever the
    name, so a database some code writes under another name is found too."""
    candidates = {p for p in data_dir.rglob("*") if p.is_file()} if data_dir.is_dir() else set()
    if cache_path.is_file():
        candidates.add(cache_path)
    return sorted(p for p in candidates if is_plain_sqlite(p))
