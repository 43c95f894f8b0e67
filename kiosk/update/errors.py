"""Typed errors of software updates, each with a stable code."""

from __future__ import annotations

from kiosk.errors import KioskError


class UpdateError(KioskError):
    code = "UPDATE_ERROR"
    message_key = "error.update"
    exit_code = 7


class UpdateRefused(UpdateError):
    """The repository's answer failed verification: UPDATE_TAMPERED, UPDATE_EXPIRED, UPDATE_ROLLBACK,
    UPDATE_BAD_SIGNATURE, or a release older than the running one (UPDATE_OLDER_VERSION)."""

    code = "UPDATE_REFUSED"
    exit_code = 5
