"""Request errors, each with a stable ``REQUEST_*`` code."""

from __future__ import annotations

from kiosk.errors import DataError, KioskError, UsageError


class RequestInvalid(UsageError):
    """The request lacks something it must have (subject, owner, an agent's letter ...)."""

    code = "REQUEST_INVALID"
    message_key = "error.request.invalid"


class RequestNotFound(KioskError):
    code = "REQUEST_NOT_FOUND"
    message_key = "error.request.not_found"
    exit_code = 3


class RequestStateError(DataError):
    """The request is not in a state that allows this (completing a rejected request, twice ...)."""

    code = "REQUEST_STATE"
    message_key = "error.request.state"


class UnknownArchive(UsageError):
    code = "REQUEST_UNKNOWN_ARCHIVE"
    message_key = "error.request.unknown_archive"
