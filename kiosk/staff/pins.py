"""PIN hashes: salted scrypt, encoded as one self-describing string.

Only hashes travel in the staff registry; a PIN itself is never stored or logged. The encoding carries the
scrypt cost so the district can raise it later without breaking hashes already distributed.
"""

from __future__ import annotations

import hashlib
import hmac
import os

_PREFIX = "scrypt"
# Interactive-login cost: about 20 ms on a kiosk CPU, still 16 MiB of memory per guess for an attacker.
_N, _R, _P = 2**14, 8, 1


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"{_PREFIX}${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, encoded: str) -> bool:
    try:
        prefix, n, r, p, salt_hex, digest_hex = encoded.split("$")
        if prefix != _PREFIX:
            return False
        digest = hashlib.scrypt(pin.encode("utf-8"), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p),
                                dklen=len(digest_hex) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)
