"""SM3 digests (GB/T 32905).

OpenSSL computes SM3 in C when Python's hashlib offers it; gmssl's pure-Python SM3 is the fallback and
the reference the tests hold OpenSSL's answers against.
"""

from __future__ import annotations

import hashlib

from gmssl import func as gmssl_func
from gmssl import sm3 as gmssl_sm3


def sm3_gmssl(data: bytes) -> bytes:
    return bytes.fromhex(gmssl_sm3.sm3_hash(gmssl_func.bytes_to_list(data)))


def _openssl_sm3_works() -> bool:
    try:
        return hashlib.new("sm3", b"abc").hexdigest().startswith("66c7f0f4")
    except ValueError:
        return False


def sm3(data: bytes) -> bytes:
    """The 32-byte SM3 digest of ``data``."""
    if _OPENSSL:
        return hashlib.new("sm3", data).digest()
    return sm3_gmssl(data)


# Which implementation serves is a fact about the installed OpenSSL, fixed for the life of the process.
_OPENSSL = _openssl_sm3_works()
