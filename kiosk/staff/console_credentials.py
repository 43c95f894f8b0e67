"""A member of staff's credential for the district console: a password and a TOTP second factor.

Kept by the gateway only, never in the synced registry: kiosks sign staff in with card + PIN and have no
use for it. The password is hashed with Argon2id (argon2-cffi's RFC 9106 low-memory profile); the TOTP
secret is RFC 6238 (pyotp), 30-second steps, one step of clock drift either way. A code is accepted once:
the step it matched is remembered and a code of that step or an earlier one is refused, so a code read
over someone's shoulder cannot be replayed within its minute.
"""

from __future__ import annotations

import secrets

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 12
TOTP_STEP_S = 30
#: Steps either side of now a code may come from (phones drift; a code typed at the end of its step).
TOTP_DRIFT_STEPS = 1


def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id, t=3, m=64 MiB, p=4 (the library's RFC 9106 profile)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a console password has at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher().hash(password)


def verify_password(password: str, encoded: str) -> bool:
    try:
        return _hasher().verify(encoded, password)
    except (VerificationError, InvalidHashError):
        return False


def new_password() -> str:
    """A password handed to a member of staff once, on paper or screen: 16 URL-safe characters."""
    return secrets.token_urlsafe(12)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, staff_id: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from a QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=staff_id, issuer_name=issuer)


def totp_step(secret: str, code: str, *, at: float, last_step: int | None) -> int | None:
    """The time step ``code`` belongs to, if it is valid at ``at`` and newer than ``last_step``; else None."""
    code = code.strip()
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_STEP_S)
    now_step = int(at // TOTP_STEP_S)
    for step in range(now_step - TOTP_DRIFT_STEPS, now_step + TOTP_DRIFT_STEPS + 1):
        if secrets.compare_digest(totp.at(step * TOTP_STEP_S), code):
            return step if last_step is None or step > last_step else None
    return None
