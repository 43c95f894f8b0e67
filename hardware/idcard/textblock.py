"""The 256-byte text block of every card type: UCS-2 little-endian fields, space padded. Pure.

The card type is the character at bytes 248–249: a space for the resident card, 'J' for the Hong Kong /
Macau / Taiwan residence permit, 'I' for the 2017 and 'Y' for the 2023 foreigner's permanent residence
card. :func:`decode_fields` gives the raw trimmed fields; :func:`encode_fields` is its inverse (the
simulator builds its replies with it).
"""

from __future__ import annotations

from collections.abc import Mapping

from hardware.idcard.errors import BadCardText, UnknownCardType

TEXT_LENGTH = 256
FLAG_OFFSET = 248

#: field name → (byte offset, byte length). Reserved bytes are simply not named.
_COMMON_HEAD = {
    "name": (0, 30), "sex": (30, 2), "nation": (32, 4), "birth": (36, 16), "address": (52, 70),
    "id_number": (122, 36), "authority": (158, 30), "valid_from": (188, 16), "valid_to": (204, 16),
}
LAYOUTS: dict[str, dict[str, tuple[int, int]]] = {
    "resident": _COMMON_HEAD,
    "hk_mo_tw_permit": {**{k: v for k, v in _COMMON_HEAD.items() if k != "nation"},
                        "pass_number": (220, 18), "issue_count": (238, 4)},
    "foreign_pr_2017": {
        "english_name": (0, 120), "sex": (120, 2), "id_number": (122, 30), "country": (152, 6),
        "name": (158, 30), "valid_from": (188, 16), "valid_to": (204, 16), "birth": (220, 16),
        "version": (236, 4), "authority": (240, 8),
    },
    "foreign_pr_2023": {
        "name": (0, 30), "sex": (30, 2), "renewal_count": (32, 4), "birth": (36, 16),
        "english_name_1": (52, 70), "id_number": (122, 36), "valid_from": (188, 16), "valid_to": (204, 16),
        "english_name_2": (220, 22), "country": (242, 6), "old_card_link": (250, 6),
    },
}
FLAGS = {"resident": " ", "hk_mo_tw_permit": "J", "foreign_pr_2017": "I", "foreign_pr_2023": "Y"}
_TYPE_BY_FLAG = {flag: card_type for card_type, flag in FLAGS.items()}
_PADDING = " \x00"


def card_type_of(block: bytes) -> str:
    _check_length(block)
    flag = _decode(block[FLAG_OFFSET:FLAG_OFFSET + 2], "card type flag")
    if flag == "\x00":
        flag = " "  # some SAMs leave the resident card's reserved bytes zeroed
    try:
        return _TYPE_BY_FLAG[flag]
    except KeyError:
        raise UnknownCardType(f"card type flag {flag!r} is not a known card type",
                              detail={"flag": flag.encode("unicode_escape").decode("ascii")}) from None


def decode_fields(block: bytes) -> tuple[str, dict[str, str]]:
    """(card type, field name → trimmed text). Typed errors only."""
    card_type = card_type_of(block)
    fields = {name: _decode(block[off:off + size], name).strip(_PADDING)
              for name, (off, size) in LAYOUTS[card_type].items()}
    if card_type == "foreign_pr_2023":
        # The English name runs on from part 1 into part 2 when it does not fit: join before trimming.
        off1, size1 = LAYOUTS[card_type]["english_name_1"]
        off2, size2 = LAYOUTS[card_type]["english_name_2"]
        joined = _decode(block[off1:off1 + size1], "english_name") + _decode(block[off2:off2 + size2], "english_name")
        fields.pop("english_name_1")
        fields.pop("english_name_2")
        fields["english_name"] = joined.strip(_PADDING)
    return card_type, fields


def encode_fields(card_type: str, fields: Mapping[str, str]) -> bytes:
    """The text block holding ``fields`` for a card of ``card_type`` (inverse of :func:`decode_fields`)."""
    if card_type not in LAYOUTS:
        raise UnknownCardType(f"card type {card_type!r} has no text layout")
    layout = dict(LAYOUTS[card_type])
    values = {k: str(v) for k, v in fields.items() if v not in (None, "")}
    if card_type == "foreign_pr_2023" and "english_name" in values:
        size1 = layout["english_name_1"][1] // 2
        english = values.pop("english_name")
        values["english_name_1"], values["english_name_2"] = english[:size1], english[size1:]
    block = bytearray(" ".encode("utf-16-le") * (TEXT_LENGTH // 2))
    for name, value in values.items():
        if name not in layout:
            continue
        off, size = layout[name]
        raw = value.encode("utf-16-le")
        if len(raw) > size:
            raise BadCardText(f"field {name} holds {len(value)} characters; the card has room for {size // 2}",
                              detail={"field": name})
        block[off:off + len(raw)] = raw
    block[FLAG_OFFSET:FLAG_OFFSET + 2] = FLAGS[card_type].encode("utf-16-le")
    return bytes(block)


def _check_length(block: bytes) -> None:
    if len(block) != TEXT_LENGTH:
        raise BadCardText(f"text block of {len(block)} bytes (expected {TEXT_LENGTH})",
                          detail={"length": len(block)})


def _decode(raw: bytes, field: str) -> str:
    try:
        # UCS-2: every character is one 16-bit unit, so a surrogate (half of a pair) is never valid text.
        text = raw.decode("utf-16-le")
    except UnicodeDecodeError:
        raise BadCardText(f"field {field} is not UCS-2 text", detail={"field": field}) from None
    if any(ch < " " and ch != "\x00" for ch in text):
        raise BadCardText(f"field {field} holds control characters", detail={"field": field})
    return text
