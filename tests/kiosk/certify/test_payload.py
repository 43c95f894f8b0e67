"""The AKC1 payload of earlier papers, still read: one text per certificate, every changed character refused,
only typed errors."""

from __future__ import annotations

import base64

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.certify.errors import CertificateMalformed, Reason
from kiosk.certify.fields import FieldError, b64, unb64
from kiosk.certify.payload import FIELD_COUNT, decode_payload, encode_payload
from kiosk.certify.verify import CertificateVerifier, verify_payload


def test_payload_round_trips_and_is_small_enough_for_a_paper_qr(chain):
    issued = chain.issue_v1()
    text = issued.payload
    assert text.startswith("AKC1|") and text.count("|") == FIELD_COUNT - 1
    assert decode_payload(text) == issued.certificate and issued.certificate.version == 1
    assert encode_payload(decode_payload(text)) == text
    assert len(text.encode("utf-8")) < 500
    fields = text.split("|")
    assert fields[2] == "20261125T093012Z" and fields[5] == "kiosk-01" and fields[10] == chain.algorithm
    assert "欧**英 3301**********2627" in fields  # the subject, masked


def _replacements(ch: str) -> list[str]:
    """Two other characters of the same kind and one of another kind, for one position."""
    if ch.isdigit():
        return [str((int(ch) + 1) % 10), "A"]
    if ch.isascii() and ch.isalpha():
        return [chr(ord(ch) ^ 1), ch.swapcase(), "7"]
    if not ch.isascii():
        return ["档", "*"] if ch != "档" else ["案"]
    return ["_" if ch != "_" else "-", "a"]


def test_any_single_changed_character_is_refused(chain):
    text = chain.issue_v1().payload
    verifier = CertificateVerifier(chain.district)
    assert verifier.verify(text).valid
    refused = 0
    for i, ch in enumerate(text):
        for other in _replacements(ch):
            if other == ch:
                continue
            result = verifier.verify(text[:i] + other + text[i + 1:])
            assert not result.valid, (i, ch, other)
            refused += 1
    assert refused > 2 * len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_edits_anywhere_are_refused(sm2_chain, data):
    text = sm2_chain.issue_v1().payload
    i = data.draw(st.integers(0, len(text) - 1))
    ch = data.draw(st.characters(codec="utf-8").filter(lambda c: c != text[i]))
    edit = data.draw(st.sampled_from(["replace", "insert", "delete"]))
    changed = {"replace": text[:i] + ch + text[i + 1:], "insert": text[:i] + ch + text[i:],
               "delete": text[:i] + text[i + 1:]}[edit]
    assert not verify_payload(changed, sm2_chain.district).valid


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=600))
def test_arbitrary_text_gives_only_the_typed_error(text):
    with pytest.raises(CertificateMalformed):
        decode_payload(text)


_field = st.one_of(st.text(max_size=90), st.from_regex(r"[A-Za-z0-9_-]{0,90}", fullmatch=True),
                   st.from_regex(r"\d{8}(T\d{6}Z)?", fullmatch=True), st.sampled_from(["sm2", "ed25519", "", "AKC1"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_field, min_size=FIELD_COUNT - 1, max_size=FIELD_COUNT - 1))
def test_payload_shaped_garbage_gives_only_typed_errors(fields):
    text = "|".join(["AKC1", *fields])
    with pytest.raises(CertificateMalformed) as caught:
        decode_payload(text)
    assert caught.value.code == Reason.MALFORMED.value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(0, FIELD_COUNT - 1), value=st.text(max_size=100))
def test_one_field_replaced_by_anything_is_a_verdict_never_an_exception(sm2_chain, position, value):
    fields = sm2_chain.issue_v1().payload.split("|")
    original = fields[position]
    fields[position] = value
    result = verify_payload("|".join(fields), sm2_chain.district)
    assert result.valid == (value == original)
    assert result.valid or result.reason is not None


def test_another_format_version_is_named_as_such(chain):
    text = chain.issue_v1().payload.replace("AKC1|", "AKC7|", 1)
    result = verify_payload(text, chain.district)
    assert result.reason is Reason.UNSUPPORTED_VERSION and not result.valid


def test_base64_with_stray_low_bits_is_not_a_second_spelling():
    data = bytes(range(64))
    text = b64(data)  # 86 characters: the last one carries 2 bits of data and 4 unused ones
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    lax_twins = [text[:-1] + c for c in alphabet
                 if c != text[-1] and base64.urlsafe_b64decode(text[:-1] + c + "==") == data]
    assert len(lax_twins) == 15  # what a lenient decoder would take for the same signature
    assert unb64(text) == data
    for twin in lax_twins:
        with pytest.raises(FieldError):
            unb64(twin)


def test_every_field_problem_is_a_malformed_verdict(chain):
    fields = chain.issue_v1().payload.split("|")
    for position, bad in [(1, "lowercase-id"), (2, "2026-11-25"), (3, "33010"), (9, "short"),
                          (10, "rsa"), (11, b64(b"\x02" + b"\xff" * 32)), (12, "20261399"), (14, "XYZ"),
                          (6, ""), (7, "欧阳秀英 330106195203142627")]:
        changed = list(fields)
        changed[position] = bad
        result = verify_payload("|".join(changed), chain.district)
        assert result.reason is Reason.MALFORMED, (position, result)


@pytest.mark.parametrize("junk", ["\ud800", "AKC1|\ud800", None, b"AKC1|", "AKC1" + "|" * 16, "AKC1|" * 400])
def test_texts_no_encoder_would_write_are_malformed_verdicts(sm2_chain, junk):
    result = verify_payload(junk, sm2_chain.district)  # type: ignore[arg-type]
    assert not result.valid and result.reason is Reason.MALFORMED


@pytest.mark.parametrize("around", [("\r", ""), ("", " "), ("\n", "\n")])
def test_a_text_payload_with_characters_around_it_is_refused(sm2_chain, around):
    text = sm2_chain.issue_v1().payload
    assert verify_payload(text, sm2_chain.district).valid
    assert not verify_payload(around[0] + text + around[1], sm2_chain.district).valid
