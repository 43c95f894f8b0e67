"""The text block of every card type, and the checks a decoded card must pass."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hardware.idcard.errors import BadCardDate, BadCardText, BadCheckCharacter, CardExpired, UnknownCardType
from kiosk.commands.benches._idcard_fuzzing import text_block
from hardware.idcard.textblock import decode_fields, encode_fields
from hardware.idcard.validation import decode_card
from tests.hardware.idcard.helpers import TODAY, demo_fixtures


def block_of(name: str) -> bytes:
    return text_block(demo_fixtures(name)[name].card)


def utf16(s: str) -> bytes:
    return s.encode("utf-16-le")


def test_resident_card_fields_sit_at_the_documented_offsets():
    block = block_of("ouyang_xiuying")
    assert len(block) == 256
    assert block[0:8] == utf16("欧阳秀英") and block[8:30] == utf16(" " * 11)
    assert block[30:32] == utf16("2") and block[32:36] == utf16("01") and block[36:52] == utf16("19520314")
    assert block[122:158] == utf16("330106195203142627")
    assert block[188:204] == utf16("20120601") and block[204:208] == utf16("长期")
    assert block[248:250] == utf16(" ")
    card = decode_card(block, today=TODAY)
    assert (card.card_type, card.name, card.id_number, card.valid_to) == ("resident", "欧阳秀英",
                                                                          "330106195203142627", "长期")
    assert card.address == "浙江省杭州市西湖区文三路88号3幢2单元301室" and card.authority == "杭州市公安局西湖分局"


def test_hk_macau_taiwan_permit():
    block = block_of("chen_zhiming")
    assert block[248:250] == utf16("J") and block[220:238] == utf16("H60012345")
    card = decode_card(block, today=TODAY)
    assert card.card_type == "hk_mo_tw_permit" and card.pass_number == "H60012345"
    assert card.id_number.startswith("810000") and card.nation == "" and card.extra == {"issue_count": "02"}


def test_foreign_permanent_residence_card_2017():
    block = block_of("john_smith")
    assert block[248:250] == utf16("I") and block[0:38] == utf16("SMITH, JOHN WILLIAM")
    card = decode_card(block, today=TODAY)
    assert card.card_type == "foreign_pr_2017"
    assert (card.name, card.english_name, card.id_number, card.country) == ("史约翰", "SMITH, JOHN WILLIAM",
                                                                             "USA330078032901", "USA")
    assert (card.birth, card.valid_from, card.valid_to, card.authority) == ("19780329", "20180601", "20280601", "1500")
    assert card.extra == {"version": "01"}


def test_foreign_permanent_residence_card_2023_joins_the_two_english_name_parts():
    block = block_of("maria_santos")
    assert block[248:250] == utf16("Y")
    assert block[52:122] == utf16("SANTOS RODRIGUEZ, MARIA ISABEL DE L")  # part 1 full: 35 characters
    assert block[220:232] == utf16("A CRUZ")
    card = decode_card(block, today=TODAY)
    assert card.card_type == "foreign_pr_2023"
    assert card.english_name == "SANTOS RODRIGUEZ, MARIA ISABEL DE LA CRUZ"
    assert (card.name, card.id_number, card.country) == ("桑玛丽", "931724198506120021", "ESP")


def test_zeroed_reserved_bytes_still_mean_a_resident_card():
    block = bytearray(block_of("zhang_jianguo"))
    block[220:256] = bytes(36)
    assert decode_card(bytes(block), today=TODAY).card_type == "resident"


def test_unknown_card_type_flag():
    block = bytearray(block_of("zhang_jianguo"))
    block[248:250] = utf16("Q")
    with pytest.raises(UnknownCardType) as e:
        decode_card(bytes(block), today=TODAY)
    assert e.value.code == "IDCARD_UNKNOWN_CARD_TYPE"


def test_bad_check_character_is_refused_with_its_own_code():
    block = bytearray(block_of("zhang_jianguo"))
    block[156:158] = utf16("5")  # the 18th character: 4 on the card
    with pytest.raises(BadCheckCharacter) as e:
        decode_card(bytes(block), today=TODAY)
    assert e.value.code == "IDCARD_BAD_CHECK_CHARACTER"
    assert e.value.card is not None and e.value.card.name == "张建国"
    assert "110105196507081235" not in e.value.message  # the message masks the number


def test_expired_card_is_reported_as_expired_with_the_card():
    card = decode_card(block_of("li_na"), today=dt.date(2036, 9, 1))  # the last valid day
    assert card.valid_to == "20360901"
    with pytest.raises(CardExpired) as e:
        decode_card(block_of("li_na"), today=dt.date(2036, 9, 2))
    assert e.value.code == "IDCARD_EXPIRED" and e.value.card.id_number == "440304198802210043"


def test_long_term_card_never_expires():
    assert decode_card(block_of("ouyang_xiuying"), today=dt.date(2099, 1, 1)).valid_to == "长期"


@pytest.mark.parametrize("field, value, error, code", [
    ("valid_to", "20261332", BadCardDate, "IDCARD_BAD_DATE"),
    ("valid_to", "2026013", BadCardDate, "IDCARD_BAD_DATE"),
    ("valid_from", "19000101", BadCardDate, "IDCARD_BAD_DATE"),  # before the birth
    ("valid_to", "20100101", BadCardDate, "IDCARD_BAD_DATE"),  # before valid_from
    ("birth", "19650709", BadCardText, "IDCARD_BIRTH_MISMATCH"),
    ("sex", "5", BadCardText, "IDCARD_BAD_TEXT"),
    ("id_number", "11010519650708123", BadCardText, "IDCARD_BAD_TEXT"),
    ("name", "", BadCardText, "IDCARD_BAD_TEXT"),
])
def test_field_checks(field, value, error, code):
    card = dataclasses.replace(demo_fixtures("zhang_jianguo")["zhang_jianguo"].card, **{field: value})
    with pytest.raises(error) as e:
        decode_card(text_block(card), today=TODAY)
    assert e.value.code == code


def test_text_that_is_not_ucs2_is_refused():
    block = bytearray(block_of("zhang_jianguo"))
    block[0:2] = b"\x00\xd8"  # a lone surrogate
    with pytest.raises(BadCardText):
        decode_card(bytes(block), today=TODAY)
    block = bytearray(block_of("zhang_jianguo"))
    block[2:4] = utf16("\x07")
    with pytest.raises(BadCardText):
        decode_card(bytes(block), today=TODAY)
    with pytest.raises(BadCardText):
        decode_card(bytes(255), today=TODAY)


def test_a_field_too_long_for_the_card_cannot_be_encoded():
    with pytest.raises(BadCardText):
        encode_fields("resident", {"name": "名" * 16})


def test_encode_then_decode_gives_the_fields_back():
    fields = {"name": "李四", "sex": "1", "nation": "03", "birth": "20000101", "address": "某地",
              "id_number": "11010520000101003X", "authority": "某局", "valid_from": "20100101", "valid_to": "20300101"}
    assert decode_fields(encode_fields("resident", fields)) == ("resident", fields)
