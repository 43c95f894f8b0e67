"""Masking and redaction, and the logging filter that applies them."""

from __future__ import annotations

import logging

from hypothesis import given
from hypothesis import strategies as st

from kiosk.identity.idnumber import complete, is_valid
from kiosk.logs import configure_logging
from kiosk.privacy import mask_id, mask_id_numbers_in, mask_name, redact


def test_masks_match_the_design():
    assert mask_id("310101199001012628") == "3101**********2628"
    assert mask_name("欧阳英") == "欧*英"
    assert mask_name("张英") == "张*"
    assert mask_name("欧阳秀英") == "欧**英"


def test_redact_declared_keys_deeply():
    out = redact({"card": {"name": "李娜", "id_number": "440304198802210043", "photo": b"x"},
                  "note": "holder 440304198802210043 called", "names": ["王小明"]})
    assert out["card"] == {"name": "李*", "id_number": "4403**********0043", "photo": "**REDACTED**"}
    assert "440304198802210043" not in out["note"]
    assert out["names"] == ["王*明"]


@given(st.from_regex(r"[1-6][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}", fullmatch=True))
def test_any_id_number_in_text_is_masked(first17):
    number = complete(first17)
    assert is_valid(number)
    assert number not in mask_id_numbers_in(f"card {number}, again:{number}.")


def test_log_files_hold_masked_values_only(tmp_path):
    mask = configure_logging(tmp_path, "INFO")
    mask.protect(["欧阳秀英"])
    lg = logging.getLogger("kiosk.test")
    lg.info("read card of %s, id %s", "欧阳秀英", "330106195203142627")
    try:
        raise ValueError("bad id 330106195203142627")
    except ValueError:
        lg.exception("failure")
    for h in lg.handlers:
        h.flush()
    text = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert "欧**英" in text and "3301**********2627" in text
    assert "欧阳秀英" not in text and "330106195203142627" not in text
    mask.forget()
    lg.info("after wipe %s", "欧阳秀英")
    for h in lg.handlers:
        h.flush()
    assert "after wipe" in (tmp_path / "kiosk.log").read_text(encoding="utf-8")
