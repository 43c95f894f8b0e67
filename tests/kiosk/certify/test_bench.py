"""`kiosk bench certify`, run small: sign + verify for both algorithms, figures that add up."""

from __future__ import annotations

import json

from kiosk.cli import main


def test_certify_bench_reports_sign_and_verify_for_both_algorithms(capsys):
    assert main(["bench", "certify", "--count", "3", "--no-reference", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["algorithms"]) == {"sm2", "ed25519"} and out["chosen"] == "sm2" and out["goal_ms"] == 5.0
    for figures in out["algorithms"].values():
        assert figures["count"] == 3 and 0 < figures["payload_bytes"] < 500
        assert figures["sign_plus_verify_ms"] == round(figures["sign"]["mean_ms"] + figures["verify_cold"]["mean_ms"], 3)
        assert figures["sign"]["mean_ms"] > 0 and figures["verify_cold"]["mean_ms"] > 0
        assert figures["sign_plus_verify_p50_ms"] == round(figures["sign"]["p50_ms"] + figures["verify_cold"]["p50_ms"], 3)
    assert out["chosen_sign_plus_verify_ms"] == out["algorithms"]["sm2"]["sign_plus_verify_ms"]
    assert out["meets_goal"] == (out["chosen_sign_plus_verify_ms"] <= 5.0)
    assert "gmssl_reference_sm2" not in out


def test_certify_bench_sets_sm2_against_gmssl_measured_in_the_same_run(capsys):
    assert main(["bench", "certify", "--count", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    reference = out["gmssl_reference_sm2"]
    assert reference["rounds"] == 5 and reference["sign"]["mean_ms"] > 0 and reference["verify"]["mean_ms"] > 0
    ours = out["algorithms"]["sm2"]["sign_plus_verify_warm_ms"]
    expected = round((reference["sign"]["mean_ms"] + reference["verify"]["mean_ms"]) / ours, 1)
    assert out["sm2_speedup_vs_gmssl"] == expected
