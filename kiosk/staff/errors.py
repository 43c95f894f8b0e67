"""Why a member of staff was not let in. Each refines :class:`kiosk.errors.AuthError` with a stable code."""

from __future__ import annotations

from kiosk.errors import AuthError


class NotStaff(AuthError):
    """The card on the reader belongs to nobody in the staff registry (or not in the needed role)."""

    code = "AUTH_NOT_STAFF"
    message_key = "error.auth.not_staff"


class BadPin(AuthError):
    code = "AUTH_BAD_PIN"
    message_key = "error.auth.bad_pin"


class Locked(AuthError):
    code = "AUTH_LOCKED"
    message_key = "error.auth.locked"
