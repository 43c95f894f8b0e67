"""Point arithmetic on the SM2 recommended curve (GB/T 32918.5, sm2p256v1) with plain Python integers.

The gmssl package does the same arithmetic on hex strings, which costs about 8 ms a signature and 14 ms
a verification here. Integers in Jacobian coordinates, a fixed-base comb table for the generator and a
width-5 NAF for other points bring that to well under a millisecond or two, which is what lets a kiosk
verify a certificate chain (two verifications) while the resident holds the paper to the camera.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC  # = -3 mod P
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0

Affine = tuple[int, int]
Jacobian = tuple[int, int, int]  # (X, Y, Z) stands for (X/Z², Y/Z³); Z == 0 is the point at infinity
INFINITY: Jacobian = (1, 1, 0)

_COMB_BITS = 4  # 64 windows of 16 entries: 960 stored points, 64 additions per generator multiple


def is_on_curve(point: Affine) -> bool:
    x, y = point
    return 0 <= x < P and 0 <= y < P and (y * y - (x * x * x + A * x + B)) % P == 0


def double(p1: Jacobian) -> Jacobian:
    x1, y1, z1 = p1
    if z1 == 0 or y1 == 0:
        return INFINITY
    # dbl-2001-b, which uses a = -3 (true for SM2): 3 squarings fewer than the general formula.
    delta = z1 * z1 % P
    gamma = y1 * y1 % P
    beta = x1 * gamma % P
    alpha = 3 * (x1 - delta) * (x1 + delta) % P
    x3 = (alpha * alpha - 8 * beta) % P
    z3 = ((y1 + z1) * (y1 + z1) - gamma - delta) % P
    y3 = (alpha * (4 * beta - x3) - 8 * gamma * gamma) % P
    return x3, y3, z3


def add_affine(p1: Jacobian, p2: Affine) -> Jacobian:
    """``p1 + p2`` where ``p2`` is affine (z = 1): the cheap "mixed" addition (madd-2007-bl)."""
    x1, y1, z1 = p1
    x2, y2 = p2
    if z1 == 0:
        return x2, y2, 1
    z1z1 = z1 * z1 % P
    u2 = x2 * z1z1 % P
    s2 = y2 * z1 * z1z1 % P
    h = (u2 - x1) % P
    r = 2 * (s2 - y1) % P
    if h == 0:
        return double(p1) if r == 0 else INFINITY
    hh = h * h % P
    i = 4 * hh % P
    j = h * i % P
    v = x1 * i % P
    x3 = (r * r - j - 2 * v) % P
    y3 = (r * (v - x3) - 2 * y1 * j) % P
    z3 = ((z1 + h) * (z1 + h) - z1z1 - hh) % P
    return x3, y3, z3


def add(p1: Jacobian, p2: Jacobian) -> Jacobian:
    """General Jacobian addition (add-2007-bl), used once per verification to join two multiples."""
    if p1[2] == 0:
        return p2
    if p2[2] == 0:
        return p1
    x1, y1, z1 = p1
    x2, y2, z2 = p2
    z1z1, z2z2 = z1 * z1 % P, z2 * z2 % P
    u1, u2 = x1 * z2z2 % P, x2 * z1z1 % P
    s1, s2 = y1 * z2 * z2z2 % P, y2 * z1 * z1z1 % P
    h = (u2 - u1) % P
    r = 2 * (s2 - s1) % P
    if h == 0:
        return double(p1) if r == 0 else INFINITY
    i = 4 * h * h % P
    j = h * i % P
    v = u1 * i % P
    x3 = (r * r - j - 2 * v) % P
    y3 = (r * (v - x3) - 2 * s1 * j) % P
    z3 = ((z1 + z2) * (z1 + z2) - z1z1 - z2z2) * h % P
    return x3, y3, z3


def to_affine(p1: Jacobian) -> Affine | None:
    x, y, z = p1
    if z == 0:
        return None
    zi = pow(z, -1, P)
    zi2 = zi * zi % P
    return x * zi2 % P, y * zi2 * zi % P


def _batch_to_affine(points: Sequence[Jacobian]) -> list[Affine]:
    """Many points to affine with one modular inversion (Montgomery's trick); none may be infinity."""
    prefix = [1]
    for _, _, z in points:
        prefix.append(prefix[-1] * z % P)
    inv = pow(prefix[-1], -1, P)
    out: list[Affine] = [(0, 0)] * len(points)
    for k in range(len(points) - 1, -1, -1):
        x, y, z = points[k]
        zi = inv * prefix[k] % P
        inv = inv * z % P
        zi2 = zi * zi % P
        out[k] = (x * zi2 % P, y * zi2 * zi % P)
    return out


def _wnaf(k: int, width: int = 5) -> list[int]:
    """Width-w non-adjacent form, least significant digit first: few non-zero digits, all odd."""
    digits: list[int] = []
    full, half = 1 << width, 1 << (width - 1)
    while k:
        if k & 1:
            d = k & (full - 1)
            if d >= half:
                d -= full
            k -= d
        else:
            d = 0
        digits.append(d)
        k >>= 1
    return digits


def multiply(k: int, point: Affine) -> Jacobian:
    """``k·point`` for any point: 256 doublings and about 43 additions (wNAF, width 5)."""
    k %= N
    if k == 0:
        return INFINITY
    two_p = to_affine(double((point[0], point[1], 1)))
    odd: list[Jacobian] = [(point[0], point[1], 1)]
    for _ in range(7):  # point, 3·point, ..., 15·point
        odd.append(add_affine(odd[-1], two_p) if two_p else INFINITY)
    table = _batch_to_affine(odd)
    acc = INFINITY
    for d in reversed(_wnaf(k)):
        acc = double(acc)
        if d > 0:
            acc = add_affine(acc, table[d >> 1])
        elif d < 0:
            x, y = table[(-d) >> 1]
            acc = add_affine(acc, (x, P - y))
    return acc


@dataclass(frozen=True)
class FixedBase:
    """Multiples of one point prepared so that ``k·point`` needs 64 additions and no doubling.

    Row ``i`` holds ``j·16^i·point`` for ``j`` in 1..15, so ``k·point`` is the sum of one entry per
    4-bit window of ``k``. Building costs about 1,000 additions (~15 ms); worth it for the generator and for
    a key that verifies many times (the district key on a gateway).
    """

    point: Affine
    rows: list[list[Affine]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        windows = (N.bit_length() + _COMB_BITS - 1) // _COMB_BITS
        base: Jacobian = (self.point[0], self.point[1], 1)
        flat: list[Jacobian] = []
        for _ in range(windows):
            base_affine = to_affine(base)
            assert base_affine is not None  # a multiple below N of a point of order N is never infinity
            entry = base
            row = [entry]
            for _ in range((1 << _COMB_BITS) - 2):
                entry = add_affine(entry, base_affine)
                row.append(entry)
            flat.extend(row)
            base = add_affine(entry, base_affine)  # 16·base: the next window's unit
        affine = _batch_to_affine(flat)
        width = (1 << _COMB_BITS) - 1
        object.__setattr__(self, "rows", [affine[i:i + width] for i in range(0, len(affine), width)])

    def multiply(self, k: int) -> Jacobian:
        k %= N
        acc = INFINITY
        mask = (1 << _COMB_BITS) - 1
        for row in self.rows:
            digit = k & mask
            if digit:
                acc = add_affine(acc, row[digit - 1])
            k >>= _COMB_BITS
        return acc


@cache
def generator_table() -> FixedBase:
    """The generator's table: derived from the curve constants alone, so built once and shared."""
    return FixedBase((GX, GY))


def decompress(prefix: int, x: int) -> Affine | None:
    """The point with this x whose y has the parity ``prefix`` (2 even, 3 odd); None if there is none."""
    if prefix not in (2, 3) or not 0 <= x < P:
        return None
    rhs = (x * x * x + A * x + B) % P
    y = pow(rhs, (P + 1) // 4, P)  # P ≡ 3 (mod 4), so this is the square root if one exists
    if y * y % P != rhs:
        return None
    if y & 1 != prefix & 1:
        y = P - y
    return x, y
