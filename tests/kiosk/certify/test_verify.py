"""The chain of trust: genuine certificates pass; each broken link is refused with its own reason."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.certify.certificate import PrintedContent, RecordContent, printed_digest
from kiosk.certify.errors import CertificateFieldInvalid, CertificateInvalid, KioskKeyUnusable, Reason, \
    RevocationListInvalid
from kiosk.certify.issue import IssueRequest, Issuer, mask_subject
from kiosk.certify.kiosk_cert import issue_kiosk_certificate
from kiosk.certify.kiosk_certs import KioskCertificates
from kiosk.certify.revocation import RevocationEntry, Revocations, sign_revocation_list
from kiosk.certify.verify import CertificateVerifier, check_content, verify_payload
from kiosk.crypto.keys import generate, key_id
from tests.kiosk.certify.conftest import ISSUED_AT, POINT, REQUEST, make_chain


def _revocations(chain, *entries: RevocationEntry, signer=None) -> Revocations:
    document = sign_revocation_list(signer or chain.district, entries, 1, ISSUED_AT)
    return Revocations.checked([document], chain.district)


def test_a_genuine_certificate_verifies_and_says_what_it_certifies(chain):
    issued = chain.issue()
    result = verify_payload(issued.payload, chain.district, kiosks=chain.kiosks)
    assert result.valid and result.reason is None
    out = result.to_dict()
    assert out["certificate_id"] == issued.certificate.certificate_id
    assert out["issued_at"] == "2026-11-25T09:30:12+00:00" and out["kiosk_id"] == "kiosk-01"
    assert out["point_code"] == "330106" and out["format"] == 2 and out["kiosk_key_id"] == chain.kiosk.key_id
    assert "subject" not in out  # the compact QR carries no person at all, not even masked
    assert out["verification_code"] == issued.verification_code
    assert json.dumps(out)  # the JSON of kiosk verify and the gateway


def test_another_district_s_key_is_an_unknown_district(chain):
    other = make_chain(chain.algorithm)
    result = verify_payload(chain.issue().payload, other.district, kiosks=chain.kiosks)
    assert not result.valid and result.reason is Reason.UNKNOWN_DISTRICT


def test_a_kiosk_certificate_forged_under_the_district_s_key_id_is_refused(chain):
    impostor = generate(chain.algorithm)  # type: ignore[arg-type]
    forged = replace(issue_kiosk_certificate(impostor, "kiosk-01", chain.kiosk_key, chain.kiosk.valid_from,
                                             chain.kiosk.valid_until),
                     district_key_id=key_id(chain.district.public_hex))
    # planted among the kiosk certificates a verifier holds (a tampered sync, a folder handed in)
    result = verify_payload(chain.issue_unchecked(ISSUED_AT, kiosk=forged).payload, chain.district,
                            kiosks=KioskCertificates([forged]))
    assert result.reason is Reason.BAD_KIOSK_CERTIFICATE


def test_a_certificate_signed_by_another_key_than_the_certified_one_is_a_bad_signature(chain):
    thief = generate(chain.algorithm)  # type: ignore[arg-type]
    genuine = chain.issue()
    from kiosk.certify.payload import encode_payload, signed_part

    stolen = replace(genuine.certificate, signature=thief.sign(signed_part(genuine.certificate)))
    result = verify_payload(encode_payload(stolen), chain.district, kiosks=chain.kiosks)
    assert result.reason is Reason.BAD_SIGNATURE


def test_a_revoked_kiosk_is_refused(chain):
    revocations = _revocations(chain, RevocationEntry("kiosk-01", "2026-11-26T00:00:00+00:00", reason="stolen"))
    result = verify_payload(chain.issue().payload, chain.district, revocations, kiosks=chain.kiosks)
    assert not result.valid and result.reason is Reason.REVOKED and "stolen" in result.message


def test_a_revocation_from_a_later_date_or_of_another_key_leaves_older_certificates_valid(chain):
    later = RevocationEntry("kiosk-01", "2026-12-01T00:00:00+00:00", effective_from="2026-12-01T00:00:00+00:00")
    other_key = RevocationEntry("kiosk-01", "2026-11-26T00:00:00+00:00", key_id="0" * 16)
    other_kiosk = RevocationEntry("kiosk-02", "2026-11-26T00:00:00+00:00")
    revocations = _revocations(chain, later, other_key, other_kiosk)
    assert verify_payload(chain.issue().payload, chain.district, revocations, kiosks=chain.kiosks).valid
    after = chain.issue(at=datetime(2026, 12, 2, tzinfo=UTC))
    assert verify_payload(after.payload, chain.district, revocations, kiosks=chain.kiosks).reason is Reason.REVOKED


def test_revocation_lists_not_signed_by_the_district_are_refused_as_input(chain):
    impostor = generate(chain.algorithm)  # type: ignore[arg-type]
    entry = RevocationEntry("kiosk-02", "2026-11-26T00:00:00+00:00")
    with pytest.raises(RevocationListInvalid):
        _revocations(chain, entry, signer=impostor)
    document = sign_revocation_list(chain.district, [entry], 1, ISSUED_AT)
    tampered = {**document, "entries": []}  # someone quietly un-revokes a kiosk
    with pytest.raises(RevocationListInvalid):
        Revocations.checked([tampered], chain.district)
    for junk in ("", "[]", "{\"kind\": \"revocation\"}", b"\xff", {"kind": "revocation", "format": 1}):
        with pytest.raises(RevocationListInvalid):
            Revocations.checked([junk], chain.district)


def test_synced_documents_and_files_are_both_accepted(chain, tmp_path):
    from kiosk.certify.revocation import load_revocation_file

    document = sign_revocation_list(chain.district, [RevocationEntry("kiosk-01", "x")], 4, ISSUED_AT)
    path = tmp_path / "rev.json"
    path.write_text(json.dumps(document, ensure_ascii=False))
    from_file = load_revocation_file(path, chain.district)
    from_sync = Revocations.checked([json.loads(json.dumps(document))], chain.district)  # as the cache gives it
    assert from_file.serial == from_sync.serial == 4
    for revocations in (from_file, from_sync):
        result = verify_payload(chain.issue().payload, chain.district, revocations, kiosks=chain.kiosks)
        assert result.reason is Reason.REVOKED


@pytest.mark.parametrize(("issued_at", "reason"), [
    (datetime(2028, 1, 1, 0, 0, 0, tzinfo=UTC), Reason.KIOSK_EXPIRED),  # the day after valid_until
    (datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC), Reason.KIOSK_NOT_YET_VALID),
])
def test_a_kiosk_key_outside_its_validity_at_issue_time_is_refused(chain, issued_at, reason):
    result = verify_payload(chain.issue_unchecked(issued_at).payload, chain.district, kiosks=chain.kiosks)
    assert not result.valid and result.reason is reason


def test_the_validity_days_are_inclusive(chain):
    for moment in (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 12, 31, 23, 59, 59, tzinfo=UTC)):
        assert verify_payload(chain.issue_unchecked(moment).payload, chain.district, kiosks=chain.kiosks).valid


def test_the_issuer_refuses_to_sign_with_an_expired_or_foreign_key(chain):
    with pytest.raises(KioskKeyUnusable) as caught:
        chain.issue(at=datetime(2028, 3, 1, tzinfo=UTC))
    assert caught.value.detail["reason"] == Reason.KIOSK_EXPIRED.value
    with pytest.raises(KioskKeyUnusable):
        Issuer(generate(chain.algorithm), chain.kiosk, POINT)  # type: ignore[arg-type]


@pytest.mark.parametrize("subject", ["欧阳秀英 330106195203142627", "欧阳秀英", ""])
def test_only_masked_subjects_go_into_a_certificate(chain, subject):
    with pytest.raises(CertificateFieldInvalid):
        chain.issue(request=IssueRequest(REQUEST.records, subject, "办理退休手续"))


def test_mask_subject_masks_name_and_id():
    assert mask_subject("欧阳秀英", "330106195203142627") == "欧**英 3301**********2627"


@pytest.mark.parametrize("purpose", ["a|b", "退休,手续", " padded", "line\nbreak", "x" * 41])
def test_values_that_would_break_the_format_are_refused_when_issuing(chain, purpose):
    with pytest.raises(CertificateFieldInvalid):
        chain.issue(request=IssueRequest(REQUEST.records, REQUEST.subject, purpose))


def test_the_digest_covers_references_pages_and_printed_texts_and_not_the_pdf(chain):
    issued = chain.issue()
    records = tuple(REQUEST.records)
    printed = PrintedContent(POINT.name, records, REQUEST.subject, REQUEST.purpose)
    assert issued.certificate.digest == printed_digest(chain.algorithm, printed)  # stable: recomputable
    read = verify_payload(issued.payload, chain.district, kiosks=chain.kiosks).certificate
    assert read is not None and len(read.digest) == 16  # the QR carries it truncated
    for cert in (issued.certificate, read):
        check_content(cert, records, chain.algorithm, printed)
    other_page = [RecordContent(records[0].reference, ("0" * 64,))]
    other_ref = [RecordContent("330106-J001-2012-SO-0002", records[0].page_sha256)]
    for changed in (other_page, other_ref):
        with pytest.raises(CertificateInvalid) as caught:
            check_content(read, changed, chain.algorithm, printed)
        assert caught.value.reason is Reason.DIGEST_MISMATCH
    for texts in ({"purpose": "办理出国手续"}, {"subject": "王**明 3301**********1234"}, {"point_name": "别处"}):
        with pytest.raises(CertificateInvalid):  # a paper whose printed purpose or subject was altered
            check_content(read, records, chain.algorithm, replace(printed, **texts))


def test_a_compact_paper_whose_kiosk_certificate_is_unknown_gets_no_verdict_of_genuine(chain):
    result = verify_payload(chain.issue().payload, chain.district)
    assert not result.valid and result.reason is Reason.UNKNOWN_KIOSK
    assert result.to_dict()["certificate_id"] == result.certificate.certificate_id  # still says which paper


def test_of_two_certificates_for_one_key_the_one_covering_the_time_of_issue_is_used(chain):
    renewed = issue_kiosk_certificate(chain.district, "kiosk-01", chain.kiosk_key, date(2028, 1, 1),
                                      date(2029, 12, 31))
    kiosks = KioskCertificates([renewed, chain.kiosk])
    assert verify_payload(chain.issue().payload, chain.district, kiosks=kiosks).valid
    late = chain.issue_unchecked(datetime(2028, 6, 1, tzinfo=UTC))
    assert verify_payload(late.payload, chain.district, kiosks=kiosks).valid
    assert verify_payload(late.payload, chain.district, kiosks=chain.kiosks).reason is Reason.KIOSK_EXPIRED


def test_a_long_lived_verifier_judges_like_a_fresh_one_and_trusts_several_districts(chain):
    second = make_chain(chain.algorithm, kiosk_id="kiosk-09")
    verifier = CertificateVerifier([chain.district, second.district],
                                   kiosks=KioskCertificates([chain.kiosk, second.kiosk]))
    texts = [chain.issue().payload, second.issue().payload] * 3
    assert all(verifier.verify(t).valid for t in texts)
    broken = texts[0][:-2] + ("A" if texts[0][-2] != "A" else "B") + texts[0][-1]
    assert verifier.verify(broken).reason is Reason.BAD_SIGNATURE
    revoked = _revocations(chain, RevocationEntry("kiosk-01", "now"))
    assert verifier.verify(texts[0], revoked).reason is Reason.REVOKED
    assert verifier.verify(texts[0]).valid


def test_the_verification_code_is_short_readable_and_bound_to_the_payload(chain):
    a, b = chain.issue(), chain.issue()
    assert a.verification_code != b.verification_code
    code = a.verification_code
    assert len(code) == 14 and code[4] == code[9] == "-"
    assert not set(code.replace("-", "")) & set("ILOU")
    assert verify_payload(a.payload, chain.district, kiosks=chain.kiosks).verification_code == code


def test_kiosk_certificate_file_round_trip(chain, tmp_path):
    from kiosk.certify.kiosk_cert import check_kiosk_certificate, load_kiosk_certificate, save_kiosk_certificate

    save_kiosk_certificate(chain.kiosk, tmp_path / "kiosk.cert")
    loaded = load_kiosk_certificate(tmp_path / "kiosk.cert")
    assert loaded == chain.kiosk
    check_kiosk_certificate(loaded, chain.district)
    assert loaded.valid_from == date(2026, 1, 1)


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
                     max_leaves=20)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(st.sampled_from(["kind", "format", "serial", "entries", "signature", "district_key_id",
                                             "algorithm", "issued_at"]), _json),
       as_text=st.booleans())
def test_anything_offered_as_a_revocation_list_is_refused_with_the_typed_error(sm2_chain, body, as_text):
    document = json.dumps(body) if as_text else body
    with pytest.raises(RevocationListInvalid):
        Revocations.checked([document], sm2_chain.district)


def test_an_sm2_district_may_certify_an_ed25519_kiosk():
    district, kiosk_key = generate("sm2"), generate("ed25519")
    kiosk = issue_kiosk_certificate(district, "kiosk-05", kiosk_key, date(2026, 1, 1), date(2027, 1, 1))
    issued = Issuer(kiosk_key, kiosk, POINT, clock=lambda: ISSUED_AT).issue(REQUEST)
    assert verify_payload(issued.payload, district, kiosks=KioskCertificates([kiosk])).valid
