"""The ID-card reader's typed errors. Every one has a stable ``code``; the families live in kiosk.errors."""

from __future__ import annotations

from typing import Any

from kiosk.errors import CardDataError, CardReaderError, ConfigError, NoCard
from kiosk.identity.card import IdCard


class FrameError(CardReaderError):
    """Bytes on the line that are not a well-formed reply (or command) frame."""

    code = "IDCARD_FRAME"
    message_key = "error.idcard.line"


class FrameChecksumError(FrameError):
    code = "IDCARD_CHECKSUM"


class FrameLengthError(FrameError):
    code = "IDCARD_FRAME_LENGTH"


class FrameContentError(FrameError):
    """A frame whose checksum is right but whose content does not fit the command it answers."""

    code = "IDCARD_MALFORMED"


class SamStatusError(CardReaderError):
    """The SAM answered with a failure status (SW3). The instance ``code`` names the status."""

    code = "IDCARD_SAM_STATUS"
    message_key = "error.idcard.sam"

    def __init__(self, message: str, *, sw3: int, code: str, detail: dict[str, Any] | None = None):
        super().__init__(message, detail={"sw3": f"{sw3:02X}", **(detail or {})}, code=code)
        self.sw3 = sw3


class CardNotFound(NoCard):
    """No card within the time given (find failed until the deadline)."""


class ReaderTimeout(CardReaderError):
    code = "IDCARD_TIMEOUT"
    message_key = "error.idcard.timeout"


class ReaderUnavailable(CardReaderError):
    """The port cannot be opened or went away (reader unplugged, pty closed)."""

    code = "IDCARD_READER_LOST"
    message_key = "error.idcard.lost"


class PortOpenError(ReaderUnavailable):
    code = "IDCARD_PORT_OPEN"


class CardLifted(CardReaderError):
    code = "IDCARD_LIFTED_MID_READ"
    message_key = "error.idcard.lifted"


class CardValidationError(CardDataError):
    """The card's data fail a check. ``card`` holds what was decoded, so a screen can still say whose card."""

    def __init__(self, message: str, *, code: str | None = None, card: IdCard | None = None,
                 detail: dict[str, Any] | None = None):
        super().__init__(message, code=code, detail=detail)
        self.card = card


class BadCheckCharacter(CardValidationError):
    """The GB 11643 check character does not match: the card is unreadable or forged."""

    code = "IDCARD_BAD_CHECK_CHARACTER"
    message_key = "error.idcard.forged"


class BadCardDate(CardValidationError):
    code = "IDCARD_BAD_DATE"


class CardExpired(CardValidationError):
    code = "IDCARD_EXPIRED"
    message_key = "error.idcard.expired"


class BadCardText(CardValidationError):
    """The text block cannot be decoded or a field holds something no card holds."""

    code = "IDCARD_BAD_TEXT"


class UnknownCardType(CardValidationError):
    code = "IDCARD_UNKNOWN_CARD_TYPE"


class PhotoDecoderError(CardReaderError):
    code = "IDCARD_PHOTO_DECODER"
    message_key = "error.idcard.photo"


class PhotoDecoderConfigError(ConfigError):
    code = "IDCARD_PHOTO_DECODER_CONFIG"
