"""Match policy: consecutive frames agree, unusable frames break the run, verdicts keep only plain figures."""

from __future__ import annotations

import json
import math

from kiosk.identity.evaluation import Pair, Sample, make_pairs, rates
from kiosk.identity.policy import DEFAULT_THRESHOLD, FaceVerdict, MatchPolicy, MatchTracker, face_distance
from kiosk.identity.quality import (
    BLURRED,
    MULTIPLE,
    NO_FACE,
    NOT_FRONTAL,
    PARTIAL,
    TOO_DARK,
    TOO_SMALL,
    FaceMeasures,
    QualityLimits,
    judge,
)


def test_the_threshold_is_stricter_than_face_recognitions_default():
    assert DEFAULT_THRESHOLD < 0.6


def test_three_consecutive_frames_below_the_threshold_match():
    t = MatchTracker(MatchPolicy(threshold=0.5, frames_to_agree=3))
    assert t.add(0.41) is None and t.add(0.39) is None
    d = t.add(0.44)
    assert d is not None and d.matched and d.distance == 0.41 and d.reason == "agreed"


def test_a_frame_on_the_other_side_restarts_the_run():
    t = MatchTracker(MatchPolicy(threshold=0.5, frames_to_agree=3))
    for x in (0.4, 0.45, 0.55, 0.4, 0.42):
        assert t.add(x) is None
    assert t.agreeing == 2
    assert t.add(0.3).matched


def test_an_unusable_frame_breaks_the_run():
    t = MatchTracker(MatchPolicy(threshold=0.5, frames_to_agree=3))
    t.add(0.4)
    t.add(0.4)
    t.unusable()
    assert t.add(0.4) is None
    assert t.agreeing == 1


def test_three_frames_above_the_threshold_do_not_match():
    t = MatchTracker(MatchPolicy(threshold=0.5, frames_to_agree=3))
    decisions = [t.add(x) for x in (0.8, 0.7, 0.9)]
    assert decisions[-1] is not None and not decisions[-1].matched


def test_no_agreement_within_the_frame_budget_is_no_match():
    t = MatchTracker(MatchPolicy(threshold=0.5, frames_to_agree=3, max_frames=6))
    decisions = [t.add(x) for x in (0.45, 0.55, 0.45, 0.55, 0.45, 0.55)]
    assert decisions[-1] is not None and not decisions[-1].matched and decisions[-1].reason == "no_agreement"


def test_face_distance_is_euclidean():
    assert math.isclose(face_distance([0.0] * 127 + [3.0], [4.0] + [0.0] * 127), 5.0)


def test_the_audit_detail_holds_only_the_decision_and_rounded_figures():
    v = FaceVerdict(matched=True, live=True, distance=0.412345678, threshold=0.5, reason="verified",
                    liveness={"challenge": "blink", "status": "passed", "min_eye_share": 0.41},
                    quality_reasons=(NO_FACE,))
    detail = v.audit_detail()
    assert detail["decision"] == "verified" and detail["distance"] == 0.41
    text = json.dumps(detail)
    assert len(text) < 400
    numbers = [x for x in detail.values() if isinstance(x, float)]
    assert all(len(repr(x)) <= 5 for x in numbers)


def test_quality_reasons_most_fundamental_first():
    limits = QualityLimits()
    good = FaceMeasures(faces=1, face_px=200, brightness=120, sharpness=300, yaw=0.0, roll_deg=0.0)
    assert judge(good, limits).ok
    assert judge(FaceMeasures(faces=0), limits).reasons == (NO_FACE,)
    assert judge(FaceMeasures(faces=2, face_px=200), limits).reasons == (MULTIPLE,)
    bad = FaceMeasures(faces=1, face_px=40, brightness=20, sharpness=5, yaw=0.4, cut_by_edge=True)
    assert judge(bad, limits).reasons == (PARTIAL, TOO_SMALL, TOO_DARK, BLURRED, NOT_FRONTAL)
    assert judge(bad, limits).as_error().code == PARTIAL
    assert judge(bad, limits).as_error().exit_code == 3


def test_rates_count_false_matches_and_non_matches_at_the_threshold():
    e = [0.0] * 128
    cards = [Sample("a", "a_1", "card", e), Sample("b", "b_1", "card", [1.0] + [0.0] * 127)]
    lives = [Sample("a", "a_2", "original", [0.3] + [0.0] * 127), Sample("a", "a_3", "dark", [0.7] + [0.0] * 127),
             Sample("b", "b_2", "blurred", None, (BLURRED,))]
    pairs = make_pairs(cards, lives)
    r = rates(pairs, 0.5)
    # a_1 vs a_2 (0.3 genuine), a_1 vs a_3 (0.7 genuine: a false non-match), b_1 vs a_2 (0.7 impostor),
    # b_1 vs a_3 (0.3 impostor: a false match); a_1 and b_1 vs the blurred b_2 refused.
    assert (r["genuine_pairs"], r["impostor_pairs"]) == (2, 2)
    assert r["fnmr"] == 0.5 and r["fmr"] == 0.5
    assert r["refused"] == {BLURRED: 2}
    assert r["false_matches"] == ["b_1~a_3:dark"]
    assert isinstance(pairs[0], Pair)
