"""From a decoded text block to a checked :class:`IdCard`: check characters, dates, expiry. Pure.

A card that fails a check is refused with a typed error that still carries the decoded card, so the
screen can say "this card has expired" rather than "something went wrong".
"""

from __future__ import annotations

import datetime as dt
import re

from hardware.idcard.errors import BadCardDate, BadCardText, BadCheckCharacter, CardExpired
from hardware.idcard.textblock import decode_fields
from kiosk.identity.card import IdCard
from kiosk.identity.idnumber import check_character
from kiosk.privacy import mask_id

LONG_TERM = "长期"
_SEXES = {"0", "1", "2", "9"}
_DIGITS18 = re.compile(r"^\d{17}[\dX]$")
_FOREIGN_2017_NUMBER = re.compile(r"^[A-Z]{3}\d{12}$")
_EXTRA_FIELDS = ("issue_count", "version", "renewal_count", "old_card_link")


def card_from_fields(card_type: str, fields: dict[str, str]) -> IdCard:
    """The :class:`IdCard` for decoded fields (no checks yet)."""
    name = fields.get("name", "")
    if card_type == "foreign_pr_2017" and not name:
        name = fields.get("english_name", "")  # the Chinese name is optional on the 2017 card
    if card_type == "foreign_pr_2023" and not name:
        name = fields.get("english_name", "")
    return IdCard(
        card_type=card_type,  # type: ignore[arg-type]
        name=name,
        id_number=fields.get("id_number", "").upper(),
        sex=fields.get("sex", ""),
        nation=fields.get("nation", ""),
        birth=fields.get("birth", ""),
        address=fields.get("address", ""),
        authority=fields.get("authority", ""),
        valid_from=fields.get("valid_from", ""),
        valid_to=fields.get("valid_to", ""),
        english_name=fields.get("english_name", ""),
        country=fields.get("country", ""),
        pass_number=fields.get("pass_number", ""),
        extra={k: fields[k] for k in _EXTRA_FIELDS if fields.get(k)},
    )


def decode_card(block: bytes, *, today: dt.date) -> IdCard:
    """Decode and check a text block. Raises a typed :class:`CardDataError` subclass, nothing else."""
    card_type, fields = decode_fields(block)
    card = card_from_fields(card_type, fields)
    check_card(card, today=today)
    return card


def check_card(card: IdCard, *, today: dt.date) -> None:
    masked = mask_id(card.id_number)
    if not card.name:
        raise BadCardText("the card holds no name", card=card)
    if card.sex not in _SEXES:
        raise BadCardText(f"sex code {card.sex!r} is not one a card holds", card=card)
    if card.card_type == "foreign_pr_2017":
        if not _FOREIGN_2017_NUMBER.match(card.id_number):
            raise BadCardText(f"card number {masked} is not three letters and twelve digits", card=card)
    else:
        _check_gb11643(card, masked)
    birth = _date(card.birth, "birth", card)
    if card.card_type != "foreign_pr_2017" and card.id_number[6:14] != card.birth:
        raise BadCardText(f"ID number {masked} does not hold the birth date on the card", card=card,
                          code="IDCARD_BIRTH_MISMATCH")
    valid_from = _date(card.valid_from, "valid_from", card)
    if birth > valid_from:
        raise BadCardDate("the card is valid from before its holder's birth", card=card)
    if card.valid_to == LONG_TERM:
        return
    valid_to = _date(card.valid_to, "valid_to", card)
    if valid_to < valid_from:
        raise BadCardDate("the card's validity ends before it begins", card=card)
    if valid_to < today:
        raise CardExpired(f"the card expired on {valid_to.isoformat()}", card=card,
                          detail={"valid_to": card.valid_to})


def _check_gb11643(card: IdCard, masked: str) -> None:
    number = card.id_number
    if not _DIGITS18.match(number):
        raise BadCardText(f"ID number {masked} is not 17 digits and a check character", card=card,
                          detail={"length": len(number)})
    if check_character(number[:17]) != number[17]:
        raise BadCheckCharacter(f"ID number {masked} has a wrong check character: the card is unreadable or "
                                "forged", card=card)


def _date(value: str, field: str, card: IdCard) -> dt.date:
    if len(value) != 8 or not value.isdigit():
        raise BadCardDate(f"{field} is not a date YYYYMMDD", card=card, detail={"field": field})
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise BadCardDate(f"{field} is not a calendar date", card=card, detail={"field": field}) from None
