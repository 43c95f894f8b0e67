"""Typed errors with stable codes.

Every error the kiosk can show carries:
- ``code``: a stable identifier (``IDCARD_CHECKSUM``), used in JSON output, logs, tests and the audit log;
- ``message_key``: the key the UI translates into words for the resident (``error.idcard.checksum``);
- ``exit_code``: what a ``kiosk`` subcommand exits with when this error ends it.

Subsystems add subclasses here or in their own package, always deriving from one of these families.
"""

from __future__ import annotations

from typing import Any, ClassVar


class KioskError(Exception):
    code: ClassVar[str] = "KIOSK_ERROR"
    message_key: ClassVar[str] = "error.generic"
    exit_code: ClassVar[int] = 1

    def __init__(self, message: str, *, detail: dict[str, Any] | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.detail = dict(detail or {})
        if code is not None:
            # A family may refine its code per instance (e.g. one SW3 status → one code).
            self.code = code  # type: ignore[misc]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.detail:
            out["detail"] = self.detail
        return out

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class UsageError(KioskError):
    code = "USAGE"
    message_key = "error.usage"
    exit_code = 2


class NotAvailableYet(UsageError):
    code = "NOT_AVAILABLE"
    message_key = "error.not_available"


class ConfigError(KioskError):
    code = "CONFIG_INVALID"
    message_key = "error.config"
    exit_code = 2


class IllegalTransition(KioskError):
    code = "SESSION_ILLEGAL_TRANSITION"
    message_key = "error.session.illegal"


class DeviceError(KioskError):
    """A device failed or is not ready. ``device`` names which one, for the screen and diagnostics."""

    code = "DEVICE_ERROR"
    message_key = "error.device"
    device: ClassVar[str] = "device"


class CardReaderError(DeviceError):
    code = "IDCARD_ERROR"
    message_key = "error.idcard"
    device = "idcard"


class CardDataError(CardReaderError):
    """The card answered but what it holds is unusable (bad check character, bad date, expired ...)."""

    code = "IDCARD_DATA"
    message_key = "error.idcard.data"


class NoCard(CardReaderError):
    code = "IDCARD_NO_CARD"
    message_key = "error.idcard.no_card"
    exit_code = 3


class CameraError(DeviceError):
    code = "CAMERA_ERROR"
    message_key = "error.camera"
    device = "camera"


class FaceQualityError(KioskError):
    code = "FACE_QUALITY"
    message_key = "error.face.quality"
    exit_code = 3


class PrinterError(DeviceError):
    code = "PRINTER_ERROR"
    message_key = "error.printer"
    device = "printer"
    exit_code = 6


class PrinterNotReady(PrinterError):
    """Nothing was sent: the printer said (or could not say) it is not ready. ``code`` names the reason:
    PRINTER_PAPER_OUT, PRINTER_COVER_OPEN, PRINTER_OFFLINE, PRINTER_STATUS_UNKNOWN, PRINTER_UNREACHABLE,
    DOCPRINTER_PAUSED, DOCPRINTER_JAMMED, DOCPRINTER_MEDIA_EMPTY, DOCPRINTER_DOOR_OPEN ..."""

    code = "PRINTER_NOT_READY"
    message_key = "error.printer.not_ready"


class PrintJobFailed(PrinterError):
    """The job was sent but did not finish (aborted, cancelled, jammed mid-way, paper ran out)."""

    code = "PRINT_JOB_FAILED"
    message_key = "error.printer.job_failed"


class PrintContentError(KioskError):
    """What was to be printed cannot be laid out (no pages, unreadable page image, no CJK font)."""

    code = "PRINT_CONTENT"
    message_key = "error.printer.content"


class DataError(KioskError):
    code = "DATA_ERROR"
    message_key = "error.data"


class CacheError(DataError):
    code = "CACHE_ERROR"
    message_key = "error.cache"


class CacheNotReady(CacheError):
    """The cache opens but cannot answer yet: never synced (CACHE_NOT_SYNCED) or a first sync cut off part
    way (CACHE_INCOMPLETE). An empty answer from it would tell a resident she has no archives."""

    code = "CACHE_NOT_READY"
    message_key = "error.cache.updating"


class StorageError(DataError):
    """A kiosk data file could not be opened, read or written."""

    code = "STORAGE_ERROR"
    message_key = "error.storage"


class StorageFull(StorageError):
    """The disk holding a data file is full: writes wait until there is room; what is stored still serves."""

    code = "STORAGE_FULL"
    message_key = "error.storage.full"


class StorageReadOnly(StorageError):
    """The filesystem holding a data file is mounted read-only (often after disk errors)."""

    code = "STORAGE_READ_ONLY"
    message_key = "error.storage.read_only"


class StoragePermission(StorageError):
    """The kiosk's user may not read or write a data file or its folder."""

    code = "STORAGE_PERMISSION"
    message_key = "error.storage.permission"


class StoragePathError(StorageError):
    """A data path names the wrong kind of thing: a folder under a regular file, a folder where a file is
    wanted (STORAGE_NOT_A_FILE) or a file where a folder is wanted (STORAGE_NOT_A_FOLDER)."""

    code = "STORAGE_PATH"
    message_key = "error.storage.path"


class StorageKeyInvalid(StorageError):
    """An encrypted data file does not open with the storage key given (wrong key, no key, or not ours)."""

    code = "STORAGE_KEY_INVALID"
    message_key = "error.storage.key"


class SyncError(KioskError):
    code = "SYNC_ERROR"
    message_key = "error.sync"


class SyncVerificationError(SyncError):
    code = "SYNC_VERIFICATION"
    message_key = "error.sync.verification"
    exit_code = 4


class GatewayUnreachable(SyncError):
    code = "GATEWAY_UNREACHABLE"
    message_key = "error.gateway.unreachable"


class GatewayTooSlow(GatewayUnreachable):
    """The gateway (or something posing as it) did not finish an answer by its deadline: a peer trickling
    bytes is cut off instead of holding the kiosk's sync for ever. Retried with backoff like an outage."""

    code = "GATEWAY_TOO_SLOW"
    message_key = "error.gateway.too_slow"


class GatewayRefused(SyncError):
    """The gateway (or the TLS handshake with it) refused this kiosk: revoked, wrong role, not trusted.
    ``code`` names why: AUTH_REVOKED, AUTH_WRONG_ROLE, AUTH_CERTIFICATE_REQUIRED, GATEWAY_TLS_FAILED ..."""

    code = "GATEWAY_REFUSED"
    message_key = "error.gateway.refused"
    exit_code = 4


class GatewayBusy(SyncError):
    """The gateway cannot take this request now (every database connection busy): try again shortly."""

    code = "GATEWAY_BUSY"
    message_key = "error.gateway.busy"


class CertificateError(KioskError):
    code = "CERTIFICATE_INVALID"
    message_key = "error.certificate"
    exit_code = 5


class AuditError(KioskError):
    code = "AUDIT_ERROR"
    message_key = "error.audit"


class AuthError(KioskError):
    code = "AUTH_FAILED"
    message_key = "error.auth"
