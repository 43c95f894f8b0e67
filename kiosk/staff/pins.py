"""Staff credentials: the district pepper, the keyed card lookup and PIN hashes (Argon2id).

An ID number has about 30 bits of entropy (region, birth date, sequence, check digit): any plain hash of
one is reversed by hashing candidates, so a member's card is looked up by HMAC-SHA256 under the district's
pepper, a secret that every kiosk of the district holds (sealed like the storage key) and the feed never
carries. A PIN has even less: it is hashed with Argon2id (memory-hard; cost in the hash, at least 64 MiB
and 3 passes) over an HMAC of the PIN under the same pepper, so a stolen registry is worthless without it.

Hashes made before Argon2id (``scrypt$...``) are upgraded without knowing any PIN by wrapping: the old
scrypt digest is hashed again with Argon2id (``scrypt-argon2id$...``); signing in checks both in turn.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kiosk.errors import ConfigError

PEPPER_BYTES = 32
#: The credential's name in the unit's ``LoadCredentialEncrypted=`` and in ``$CREDENTIALS_DIRECTORY``.
CREDENTIAL_NAME = "kiosk-staff-pepper"
CARD_PREFIX = "hmac-sha256:"
WRAPPED_PREFIX = "scrypt-argon2id$"
#: RFC 9106's second recommended option: 64 MiB, 3 passes; one lane (a kiosk checks one PIN at a time).
_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)


@dataclass(frozen=True, repr=False)
class Pepper:
    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != PEPPER_BYTES:
            raise ConfigError(f"the district pepper is {PEPPER_BYTES} bytes, not {len(self.raw)}")

    def card_key(self, id_number: str) -> str:
        """How the registry names a member's card: HMAC-SHA256 of the normalised ID number."""
        digest = hmac.new(self.raw, id_number.strip().upper().encode("ascii", "replace"), hashlib.sha256)
        return CARD_PREFIX + digest.hexdigest()

    def _peppered(self, secret: bytes) -> bytes:
        return hmac.new(self.raw, b"pin\x1f" + secret, hashlib.sha256).digest()

    def hash_pin(self, pin: str, *, hasher: PasswordHasher | None = None) -> str:
        """The district's hash of a PIN. ``hasher``: another Argon2id cost, for tests that sign in thousands
        of times; a kiosk verifies with the cost the hash carries."""
        return (hasher or _HASHER).hash(self._peppered(pin.encode("utf-8")))

    def wrap_legacy(self, encoded: str) -> str:
        """An old ``scrypt$N$r$p$salt$digest`` hash, hashed again with Argon2id: no PIN needed."""
        prefix, n, r, p, salt_hex, digest_hex = encoded.split("$")
        if prefix != "scrypt":
            raise ValueError("not a scrypt PIN hash")
        inner = _HASHER.hash(self._peppered(bytes.fromhex(digest_hex)))
        return f"{WRAPPED_PREFIX}{n}${r}${p}${salt_hex}${inner}"

    def verify_pin(self, pin: str, encoded: str) -> bool:
        try:
            if encoded.startswith("$argon2id$"):
                return _HASHER.verify(encoded, self._peppered(pin.encode("utf-8")))
            if encoded.startswith(WRAPPED_PREFIX):
                n, r, p, salt_hex, inner = encoded[len(WRAPPED_PREFIX):].split("$", 4)
                digest = hashlib.scrypt(pin.encode("utf-8"), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r),
                                        p=int(p), dklen=32)
                return _HASHER.verify(inner, self._peppered(digest))
        except (VerifyMismatchError, VerificationError, InvalidHashError, ValueError, TypeError):
            return False
        return False  # an unknown or unpeppered format never signs anyone in

    def __repr__(self) -> str:
        return "Pepper(<hidden>)"


def pin_hash_parameters(encoded: str) -> dict[str, int | str]:
    """The Argon2 variant and cost a hash carries (for the district's list and the tests)."""
    from argon2 import extract_parameters

    inner = encoded.split("$", 5)[-1] if encoded.startswith(WRAPPED_PREFIX) else encoded
    params = extract_parameters(inner)
    return {"type": params.type.name.lower(), "memory_kib": params.memory_cost, "time_cost": params.time_cost,
            "parallelism": params.parallelism}
