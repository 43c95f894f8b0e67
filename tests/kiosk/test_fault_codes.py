"""Short fault codes: stable, unique per fault, and never the raw code."""

from __future__ import annotations

from kiosk.fault_codes import SHORT, full_codes, short_code


def test_each_listed_fault_has_its_own_short_code_and_back():
    assert len(set(SHORT.values())) == len(SHORT)
    for code, short in SHORT.items():
        assert full_codes(short) == [code]
    assert short_code("DOCPRINTER_MEDIA_EMPTY", "docprinter") == "P-01"


def test_an_unknown_fault_gets_its_parts_letter_never_the_raw_code():
    assert short_code("DOCPRINTER_SOMETHING_NEW", "docprinter") == "P-00"
    assert short_code("WEIRD", "camera") == "C-00"
    assert short_code("WEIRD", "toaster") == "X-00"
    for device in ("docprinter", "camera", "idcard", "network", "toaster"):
        assert "_" not in short_code("SOME_RAW_CODE", device)
