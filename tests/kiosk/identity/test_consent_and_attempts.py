"""Consent before any frame, the agent path when declined, at most three attempts, all audited."""

from __future__ import annotations

import pytest

from kiosk.audit import AuditLog
from kiosk.identity.card import IdCard
from kiosk.identity.consent import ConsentRequired, FaceConsent
from kiosk.identity.face_outcome import apply_face_verdict
from kiosk.identity.policy import FaceVerdict
from kiosk.session import Session
from kiosk.session_states import State
from tests.kiosk.identity_proofs import AGENT, PIN, staff_gate
from tests.storage_key import TEST_KEY

CARD = IdCard("resident", "张建国", "110101195001011234")


def _session(tmp_path):
    audit = AuditLog(tmp_path / "audit.sqlite", key=TEST_KEY)
    s = Session(audit=audit, max_face_attempts=3, staff=staff_gate(audit=audit))
    s.card_presented()
    s.card_read(CARD, b"\x89PNG card photo bytes")
    assert s.state is State.CONSENT
    return s, audit


def _verdict(ok: bool) -> FaceVerdict:
    return FaceVerdict(matched=ok, live=ok, distance=0.31 if ok else 0.83, threshold=0.5,
                       reason="verified" if ok else "no_match", liveness={"challenge": "blink", "status": "passed"})


def test_declining_consent_leads_to_the_agent_path_not_a_dead_end(tmp_path):
    s, audit = _session(tmp_path)
    s.consent(False)
    assert s.state is State.ASSISTED_VERIFY
    assert s.data.consented_to_face is False
    s.authenticate_agent(AGENT, PIN)
    s.assisted_confirmed("identity checked against the card by staff")
    assert s.state is State.HOME and s.verified_by == "agent"
    confirmed = audit.rows("agent.identity_confirmed")[-1]
    assert confirmed["actor"] == "agent:A-007" and confirmed["detail"]["subject"] == "1101**********1234"
    moves = [(r["detail"]["from"], r["detail"]["to"]) for r in audit.rows("session.transition")]
    assert ("consent", "assisted_verify") in moves and ("assisted_verify", "home") in moves


def test_a_verified_face_opens_home_and_is_audited_without_images(tmp_path):
    s, audit = _session(tmp_path)
    s.consent(True)
    apply_face_verdict(s, _verdict(True), audit)
    assert s.state is State.HOME and s.verified_by == "face"
    row = audit.rows("identity.face_verdict")[-1]["detail"]
    assert row["decision"] == "verified" and row["distance"] == 0.31
    assert row["subject"] == "1101**********1234"
    assert "photo" not in row and "encoding" not in row


def test_three_failed_attempts_go_to_assisted_verify(tmp_path):
    s, audit = _session(tmp_path)
    s.consent(True)
    apply_face_verdict(s, _verdict(False), audit)
    apply_face_verdict(s, _verdict(False), audit)
    assert s.state is State.FACE_CHECK
    apply_face_verdict(s, _verdict(False), audit)
    assert s.state is State.ASSISTED_VERIFY
    attempts = [r["detail"]["attempt"] for r in audit.rows("identity.face_verdict")]
    assert attempts == [1, 2, 3]


def test_consent_is_given_only_by_a_yes_in_the_face_check(tmp_path):
    s, _ = _session(tmp_path)
    assert not FaceConsent.of(s).agreed  # card read, the question not yet answered
    with pytest.raises(ConsentRequired):
        FaceConsent.of(s).require()
    s.consent(True)
    assert FaceConsent.of(s).agreed
    FaceConsent.of(s).require()


def test_a_declined_consent_never_allows_the_face_check(tmp_path):
    s, _ = _session(tmp_path)
    s.consent(False)
    assert s.state is State.ASSISTED_VERIFY and not FaceConsent.of(s).agreed
