"""SM2 signatures with SM3 (GB/T 32918.2, the "SM3withSM2" that GB/T 38540 electronic seals use).

Signatures are the 64 bytes ``r || s``; the signer's identity hash Z_A uses the default user ID
``1234567812345678`` (GB/T 35276), so gmssl's ``verify_with_sm3`` accepts our signatures and we accept
its. Public keys are kept as uncompressed SEC1 hex (``04 || x || y``); ``compact_public`` gives the
33-byte compressed form that certificates carry.

Nonces come from :mod:`secrets`: gmssl draws its default nonce from :mod:`random`, which is predictable,
and a predictable SM2 nonce gives the private key away.
"""

from __future__ import annotations

import secrets

from kiosk.crypto import sm2_curve as curve
from kiosk.crypto.sm3 import sm3
from kiosk.errors import ConfigError

DEFAULT_USER_ID = b"1234567812345678"

#: A verifier that has checked this many signatures builds a table for its key (~15 ms) that makes each
#: further check about twice as fast: cheap for one-off keys, a clear gain for a long-lived district key.
_PREPARE_AFTER = 3


def _int32(b: bytes) -> int:
    return int.from_bytes(b, "big")


def _b32(n: int) -> bytes:
    return n.to_bytes(32, "big")


def parse_public(public: str | bytes) -> curve.Affine:
    """An SM2 public point from hex or bytes: ``04||x||y``, ``x||y`` (gmssl's form) or compressed."""
    try:
        raw = bytes.fromhex(public) if isinstance(public, str) else bytes(public)
    except ValueError:
        raise ConfigError("SM2 public key is not hex") from None
    if len(raw) == 65 and raw[0] == 4:
        raw = raw[1:]
    if len(raw) == 64:
        point: curve.Affine | None = (_int32(raw[:32]), _int32(raw[32:]))
        if not curve.is_on_curve(point):
            point = None
    elif len(raw) == 33:
        point = curve.decompress(raw[0], _int32(raw[1:]))
    else:
        point = None
    if point is None:
        raise ConfigError("SM2 public key is not a point on the SM2 curve")
    return point


def _public_hex(point: curve.Affine) -> str:
    return (b"\x04" + _b32(point[0]) + _b32(point[1])).hex()


def _identity_hash(point: curve.Affine, user_id: bytes) -> bytes:
    entl = (len(user_id) * 8).to_bytes(2, "big")
    return sm3(entl + user_id + _b32(curve.A) + _b32(curve.B) + _b32(curve.GX) + _b32(curve.GY)
               + _b32(point[0]) + _b32(point[1]))


class SM2Verifier:
    algorithm = "sm2"

    def __init__(self, public_hex: str, user_id: bytes = DEFAULT_USER_ID):
        self._point = parse_public(public_hex)
        self.public_hex = _public_hex(self._point)
        self._z = _identity_hash(self._point, user_id)
        self._table: curve.FixedBase | None = None
        self._checks = 0

    def _message_hash(self, data: bytes) -> int:
        return _int32(sm3(self._z + data))

    def _key_multiple(self, k: int) -> curve.Jacobian:
        self._checks += 1
        if self._table is None and self._checks > _PREPARE_AFTER:
            self._table = curve.FixedBase(self._point)
        if self._table is not None:
            return self._table.multiply(k)
        return curve.multiply(k, self._point)

    def verify(self, data: bytes, signature: bytes) -> bool:
        if len(signature) != 64:
            return False
        r, s = _int32(signature[:32]), _int32(signature[32:])
        if not (1 <= r < curve.N and 1 <= s < curve.N):
            return False
        t = (r + s) % curve.N
        if t == 0:
            return False
        e = self._message_hash(data)
        total = curve.to_affine(curve.add(curve.generator_table().multiply(s), self._key_multiple(t)))
        if total is None:
            return False
        return (e + total[0]) % curve.N == r

    def compact_public(self) -> bytes:
        x, y = self._point
        return bytes([2 + (y & 1)]) + _b32(x)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SM2Verifier) and other.public_hex == self.public_hex

    def __hash__(self) -> int:
        return hash(self.public_hex)

    def __repr__(self) -> str:
        return f"SM2Verifier(public={self.public_hex[:18]}…)"


class SM2Signer(SM2Verifier):
    def __init__(self, public_hex: str, private_hex: str, user_id: bytes = DEFAULT_USER_ID):
        super().__init__(public_hex, user_id)
        try:
            d = int(private_hex, 16)
        except ValueError:
            raise ConfigError("SM2 private key is not hex") from None
        if not 1 <= d < curve.N - 1:
            raise ConfigError("SM2 private key is out of range")
        if curve.to_affine(curve.generator_table().multiply(d)) != self._point:
            raise ConfigError("SM2 private key does not belong to its public key")
        self._d = d
        self._inv_one_plus_d = pow(1 + d, -1, curve.N)

    @property
    def private_hex(self) -> str:
        return _b32(self._d).hex()

    def sign(self, data: bytes) -> bytes:
        e = self._message_hash(data)
        while True:  # the retries below happen with probability ~2^-255
            k = 1 + secrets.randbelow(curve.N - 1)
            kg = curve.to_affine(curve.generator_table().multiply(k))
            assert kg is not None
            r = (e + kg[0]) % curve.N
            if r == 0 or r + k == curve.N:
                continue
            s = self._inv_one_plus_d * (k - r * self._d) % curve.N
            if s:
                return _b32(r) + _b32(s)

    def __repr__(self) -> str:  # never show a private key
        return f"SM2Signer(public={self.public_hex[:18]}…)"


def public_of(private_hex: str) -> str:
    """The uncompressed public key (hex) of a private key."""
    try:
        d = int(private_hex, 16)
    except ValueError:
        raise ConfigError("SM2 private key is not hex") from None
    if not 1 <= d < curve.N - 1:
        raise ConfigError("SM2 private key is out of range")
    point = curve.to_affine(curve.generator_table().multiply(d))
    assert point is not None
    return _public_hex(point)


def generate() -> SM2Signer:
    d = 1 + secrets.randbelow(curve.N - 2)
    point = curve.to_affine(curve.generator_table().multiply(d))
    assert point is not None
    return SM2Signer(_public_hex(point), _b32(d).hex())
