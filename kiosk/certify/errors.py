"""Why a certificate is refused: stable reason codes, and the typed errors that carry them."""

from __future__ import annotations

from enum import StrEnum

from kiosk.errors import CertificateError, ConfigError, UsageError


class Reason(StrEnum):
    """Reason codes in ``kiosk verify --json``, the gateway's answers, logs and the verify screen."""

    MALFORMED = "CERT_MALFORMED"
    UNSUPPORTED_VERSION = "CERT_UNSUPPORTED_VERSION"
    UNKNOWN_DISTRICT = "CERT_UNKNOWN_DISTRICT"
    UNKNOWN_KIOSK = "CERT_UNKNOWN_KIOSK"
    BAD_KIOSK_CERTIFICATE = "CERT_BAD_KIOSK_CERTIFICATE"
    BAD_SIGNATURE = "CERT_BAD_SIGNATURE"
    KIOSK_NOT_YET_VALID = "CERT_KIOSK_NOT_YET_VALID"
    KIOSK_EXPIRED = "CERT_KIOSK_EXPIRED"
    REVOKED = "CERT_REVOKED"
    DIGEST_MISMATCH = "CERT_DIGEST_MISMATCH"


class CertificateInvalid(CertificateError):
    """A certificate that must not be trusted; ``code`` is one :class:`Reason`."""

    message_key = "error.certificate.invalid"

    def __init__(self, reason: Reason, message: str, *, detail: dict[str, object] | None = None):
        super().__init__(message, detail=detail, code=reason.value)
        self.reason = reason


class CertificateMalformed(CertificateInvalid):
    """The text is no certificate payload at all (or not one this version can read)."""

    def __init__(self, message: str, *, reason: Reason = Reason.MALFORMED,
                 detail: dict[str, object] | None = None):
        super().__init__(reason, message, detail=detail)


class QrNotFound(CertificateError):
    """A picture or PDF in which no QR code could be read: there is nothing to give a verdict on."""

    code = "CERT_QR_NOT_FOUND"
    message_key = "error.certificate.no_qr"


class RevocationListInvalid(ConfigError):
    """A revocation list that is unreadable or not signed by the district: the input is wrong, so no
    verdict on any certificate can be given with it."""

    code = "CERT_REVOCATION_LIST_INVALID"
    message_key = "error.certificate.revocations"


class CertificateFieldInvalid(UsageError):
    """A value that cannot go into a certificate (a separator in a title, an unmasked ID number ...)."""

    code = "CERT_FIELD_INVALID"
    message_key = "error.certificate.field"


class KioskKeyUnusable(CertificateError):
    """The kiosk's own key or certificate cannot issue now (expired, not yet valid, not matching)."""

    code = "CERT_KIOSK_KEY_UNUSABLE"
    message_key = "error.certificate.kiosk_key"
