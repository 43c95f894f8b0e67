"""The compact AKC2 payload: small enough for a QR a phone reads, one spelling, every change refused."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.certify import compact
from kiosk.certify.errors import CertificateMalformed, Reason
from kiosk.certify.issue import Issuer
from kiosk.certify.payload import decode_payload, encode_payload
from kiosk.certify.verify import CertificateVerifier, verify_payload
from kiosk.printing.certified_copy import qr_modules
from tests.kiosk.certify.conftest import ISSUED_AT, POINT, REQUEST

CHECK_URL = "https://check.archive.example.gov.cn"


def _version(text: str) -> int:
    return (len(qr_modules(text)) - 17) // 4


def test_the_payload_is_104_bytes_and_fits_a_version_8_qr_with_the_check_url(chain):
    issuer = Issuer(chain.kiosk_key, chain.kiosk, POINT, clock=lambda: ISSUED_AT, check_url=CHECK_URL)
    issued = issuer.issue(REQUEST)
    assert len(compact.from_text(issued.payload)) == compact.LENGTH == 104
    assert len(issued.payload) == compact.TEXT_LENGTH and set(issued.payload) <= set(compact.BASE32_ALPHABET)
    assert issued.qr == f"{CHECK_URL.upper()}/C/{issued.payload}" and len(issued.qr) <= 221  # v8-M alphanumeric
    assert _version(issued.payload) <= 7 and _version(issued.qr) <= 8
    assert _version(chain.issue_v1().payload) >= 15  # the format it replaces
    read = decode_payload(issued.qr)
    assert encode_payload(read) == issued.payload
    assert (read.certificate_id, read.issued_at, read.point_code, read.kiosk_key_id) == (
        issued.certificate.certificate_id, ISSUED_AT, "330106", chain.kiosk.key_id)
    assert read.digest == issued.certificate.digest[:16] and read.signature == issued.certificate.signature


@pytest.mark.parametrize("form", [
    "{url}/C/{p}", "{url}/c/{p}", "{url}/C/{p}/", "{url}/C/{p}?from=qr", " {p}\n", "{lower_url}/C/{lower_p}"])
def test_the_payload_is_found_in_every_way_a_check_url_is_written(chain, form):
    payload = chain.issue().payload
    text = form.format(url=CHECK_URL.upper(), p=payload, lower_url=CHECK_URL, lower_p=payload.lower())
    assert verify_payload(text, chain.district, kiosks=chain.kiosks).valid


def test_any_single_changed_character_is_refused(chain):
    text = chain.issue().payload
    verifier = CertificateVerifier(chain.district, kiosks=chain.kiosks)
    assert verifier.verify(text).valid
    refused = 0
    for i, ch in enumerate(text):
        for other in {"A", "Z", "7", "2"} - {ch}:
            assert not verifier.verify(text[:i] + other + text[i + 1:]).valid, (i, ch, other)
            refused += 1
    assert refused >= 3 * len(text)


def test_the_last_character_has_one_spelling(chain):
    """104 bytes are 832 bits in 167 characters (835 bits): the last character's 3 low bits must be zero."""
    text = chain.issue().payload
    twins = [text[:-1] + c for c in compact.BASE32_ALPHABET if c != text[-1]
             and compact.base64.b32decode(text[:-1] + c + "=") == compact.from_text(text)]
    assert len(twins) == 7
    for twin in twins:
        with pytest.raises(CertificateMalformed):
            decode_payload(twin)


def test_another_binary_version_is_named_as_such(chain):
    data = bytearray(compact.from_text(chain.issue().payload))
    data[0] = 3
    result = verify_payload(compact.to_text(bytes(data)), chain.district, kiosks=chain.kiosks)
    assert result.reason is Reason.UNSUPPORTED_VERSION


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=1, max_size=140))
def test_any_bytes_in_base32_give_a_verdict_or_the_typed_error(data):
    try:
        cert = decode_payload(compact.to_text(data))
    except CertificateMalformed as e:
        assert e.reason in (Reason.MALFORMED, Reason.UNSUPPORTED_VERSION)
    else:
        assert len(data) == compact.LENGTH and encode_payload(cert) == compact.to_text(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_edits_of_the_qr_text_are_refused(sm2_chain, data):
    text = compact.qr_text(sm2_chain.issue().payload, CHECK_URL)
    start = text.index("/C/") + 3
    i = data.draw(st.integers(start, len(text) - 1))
    ch = data.draw(st.characters(codec="utf-8").filter(lambda c: c.upper() != text[i]))
    edit = data.draw(st.sampled_from(["replace", "insert", "delete"]))
    changed = {"replace": text[:i] + ch + text[i + 1:], "insert": text[:i] + ch + text[i:],
               "delete": text[:i] + text[i + 1:]}[edit]
    assert not verify_payload(changed, sm2_chain.district, kiosks=sm2_chain.kiosks).valid
