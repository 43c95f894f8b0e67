"""The storage key tests open their kiosk data files with (a real key: the files on disk are encrypted)."""

import os

from kiosk.storage import StorageKey

TEST_KEY = StorageKey(bytes(range(32)), source="tests")


def keyed_connect(path, **kw):  # noqa: ANN001, ANN003, ANN201 - sqlite3.connect's own signature
    """``sqlite3.connect`` for a kiosk data file: the same call, opened with the tests' storage key."""
    from sqlcipher3 import dbapi2

    db = dbapi2.connect(str(path), **kw)
    db.execute(f"PRAGMA key = \"x'{TEST_KEY.current.hex()}'\"")
    return db


def storage_key_file() -> str:
    """The tests' key as a key file, for a command's ``--storage-key``."""
    import tempfile
    from pathlib import Path

    from kiosk.storage.key import write_key_file

    path = Path(tempfile.gettempdir()) / f"kiosk-tests-{os.getuid()}" / "storage.key"
    try:
        write_key_file(path, TEST_KEY.current)
    except FileExistsError:
        pass  # written by an earlier test: the same key
    return str(path)


PAGE = 4096
#: SQLCipher 4 keeps each page's IV (16 bytes) and HMAC-SHA512 (64 bytes) at its end.
RESERVE = 80


def _decrypt_page(page: bytes, first: bool) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    body = page[16 if first else 0:PAGE - RESERVE]
    iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
    dec = Cipher(algorithms.AES(TEST_KEY.current), modes.CBC(iv)).decryptor()
    return dec.update(body) + dec.finalize()


def decrypted(path) -> bytes:  # noqa: ANN001
    """Every page of an encrypted file (and of its write-ahead log) decrypted with the tests' key, free pages
    and old log frames included: what someone holding the key could dig out of the file."""
    from pathlib import Path

    out = []
    raw = Path(path).read_bytes() if Path(path).exists() else b""
    for n in range(len(raw) // PAGE):
        out.append(_decrypt_page(raw[n * PAGE:(n + 1) * PAGE], n == 0))
    wal = Path(f"{path}-wal")
    log = wal.read_bytes() if wal.exists() else b""
    at = 32
    while at + 24 + PAGE <= len(log):
        number = int.from_bytes(log[at:at + 4], "big")
        out.append(_decrypt_page(log[at + 24:at + 24 + PAGE], number == 1))
        at += 24 + PAGE
    return b"".join(out)


def _pepper():
    from kiosk.staff.pins import Pepper

    return Pepper(bytes(range(50, 82)))


#: The district pepper tests key their staff registries with.
TEST_PEPPER = _pepper()
