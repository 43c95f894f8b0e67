"""`kiosk face verify | evaluate`: the JSON the issue asks for, exit 0 when decided, 3 when the live image
is unusable, 2 for bad input; evaluate's rates on the shared photos. The session's engine is lent to the
command so that each call does not spawn its own worker."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import cv2
import pytest

from hardware.camera.image_tools import card_crop
from kiosk.cli import main
from kiosk.identity.policy import DEFAULT_THRESHOLD
from tests.conftest import ROOT
from tests.hardware.camera.conftest import FACES, photo, small


@pytest.fixture
def lent_engine(engine, monkeypatch):
    class Lent:
        def __enter__(self):
            return engine

        def __exit__(self, *exc):
            return None

    monkeypatch.setattr("hardware.camera.faces.FaceEngine", lambda *a, **k: Lent())
    return engine


@pytest.fixture(scope="module")
def obama_card(engine, tmp_path_factory):
    """A 102x126 card-size crop of one public-domain test photo, as a file for the command line."""
    image = small(photo("obama_1.jpg"), 900)
    path = tmp_path_factory.mktemp("card") / "obama_card.png"
    cv2.imwrite(str(path), card_crop(image, engine.analyse_still(image, encode=False).box))
    return path


def run_json(capsys, *argv) -> tuple[int, dict]:
    code = main(list(argv))
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1, out
    return code, json.loads(out[0])


def test_verify_the_same_person_is_a_match(lent_engine, obama_card, capsys):
    code, out = run_json(capsys, "face", "verify", "--card", str(obama_card), "--live", str(FACES / "obama_2.jpg"),
                         "--json")
    assert code == 0
    assert out["match"] is True and out["distance"] < out["threshold"] == DEFAULT_THRESHOLD
    assert out["faces_in_live"] == 1 and out["quality"]["ok"] is True and out["quality"]["reasons"] == []


def test_verify_someone_else_is_decided_as_no_match(lent_engine, obama_card, capsys):
    code, out = run_json(capsys, "face", "verify", "--card", str(obama_card), "--live", str(FACES / "biden_2.jpg"),
                         "--json")
    assert code == 0
    assert out["match"] is False and out["distance"] >= DEFAULT_THRESHOLD


def test_verify_two_faces_in_the_live_image_exits_3_with_the_reason(lent_engine, obama_card, capsys):
    code, out = run_json(capsys, "face", "verify", "--card", str(obama_card),
                         "--live", str(FACES / "two_people_biden_obama.jpg"), "--json")
    assert code == 3
    assert out["error"]["code"] == "FACE_MULTIPLE" and out["faces_in_live"] == 2
    assert "match" not in out


def test_verify_a_file_that_is_no_image_is_a_usage_error(lent_engine, obama_card, tmp_path, capsys):
    not_image = tmp_path / "notes.jpg"
    not_image.write_text("hello")
    code, out = run_json(capsys, "face", "verify", "--card", str(obama_card), "--live", str(not_image), "--json")
    assert code == 2 and out["error"]["code"] == "USAGE" and "not an image" in out["error"]["message"]


def test_evaluate_reports_rates_and_both_distributions(lent_engine, tmp_path, capsys):
    for name in ("obama_1.jpg", "obama_2.jpg", "biden_1.jpg", "biden_2.jpg"):
        shutil.copy(FACES / name, tmp_path / name)
    code, out = run_json(capsys, "face", "evaluate", "--faces", str(tmp_path), "--json")
    assert code == 0
    assert out["threshold"] == DEFAULT_THRESHOLD and out["photos"] == ["biden_1", "biden_2", "obama_1", "obama_2"]
    # card of each photo vs the other photos' original + 3 degraded copies: 4 cards x 3 photos x 4 variants
    assert out["genuine_pairs"] + out["impostor_pairs"] + sum(out["refused"].values()) == 4 * 3 * 4
    assert out["fmr"] == 0.0 and out["fnmr"] == 0.0
    assert out["genuine_distances"]["max"] < DEFAULT_THRESHOLD <= out["impostor_distances"]["min"]


def test_evaluate_an_empty_folder_is_a_usage_error(tmp_path, capsys):
    code, out = run_json(capsys, "face", "evaluate", "--faces", str(tmp_path), "--json")
    assert code == 2 and "person_N.jpg" in out["error"]["message"]


def test_the_command_line_reports_a_missing_file_without_a_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "face", "verify", "--card", str(tmp_path / "no.png"),
                           "--live", str(tmp_path / "no.jpg"), "--json"], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"]["code"] == "USAGE"
    assert "Traceback" not in done.stderr
