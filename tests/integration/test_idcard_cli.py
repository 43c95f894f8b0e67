"""`kiosk idcard read | sam | simulate` against the pty simulator: output, masking, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hardware.idcard.errors import CardNotFound
from hardware.idcard.reading import wait_for_card
from hardware.idcard.simulator import CardSimulator
from kiosk.cli import main
from tests.hardware.idcard.helpers import DEMO_CARDS, ROOT, demo_fixtures

pytestmark = pytest.mark.integration
KIOSK = [sys.executable, "-m", "kiosk.cli"]


@pytest.fixture
def sim():
    s = CardSimulator(demo_fixtures())
    s.start()
    yield s
    s.stop()


def run_json(capsys, *argv) -> tuple[int, dict]:
    try:
        code = main(list(argv))
    except SystemExit as e:  # refused by argparse, before the command runs
        code = int(e.code)
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1, out
    return code, json.loads(out[0])


def test_read_prints_one_masked_json_object(sim, capsys):
    sim.place("ouyang_xiuying")
    code, out = run_json(capsys, "idcard", "read", "--port", sim.port, "--timeout", "3", "--json")
    assert code == 0
    assert list(out)[:10] == ["card_type", "name", "sex", "nation", "birth", "address", "id_number", "authority",
                              "valid_from", "valid_to"]
    assert out["card_type"] == "resident" and out["name"] == "欧**英" and out["id_number"] == "3301**********2627"
    assert out["valid_to"] == "长期" and len(out["photo_wlt_sha256"]) == 64 and out["elapsed_ms"] > 0
    assert "english_name" not in out


def test_read_reveal_and_the_optional_fields(sim, capsys):
    sim.place("maria_santos")
    code, out = run_json(capsys, "idcard", "read", "--port", sim.port, "--reveal", "--json",
                         "--photo-decoder", "fixture")
    assert code == 0
    assert out["card_type"] == "foreign_pr_2023" and out["name"] == "桑玛丽" and out["id_number"] == "931724198506120021"
    assert out["english_name"] == "SANTOS RODRIGUEZ, MARIA ISABEL DE LA CRUZ" and out["country"] == "ESP"
    assert out["nation"] == "" and out["address"] == "" and out["photo_decoded"] is False  # no image for her


def test_read_permit_shows_the_pass_number_masked(sim, capsys):
    sim.place("chen_zhiming")
    code, out = run_json(capsys, "idcard", "read", "--port", f"serial://{sim.port}?baud=115200", "--json")
    assert code == 0 and out["card_type"] == "hk_mo_tw_permit" and out["pass_number"] == "H6*****45"


def test_photo_decodes_with_the_fixture_decoder(sim, capsys):
    sim.place("li_na")
    code, out = run_json(capsys, "idcard", "read", "--port", sim.port, "--json", "--photo-decoder", "fixture")
    assert code == 0 and out["photo_decoded"] is True


def test_no_card_within_the_timeout_exits_3(sim, capsys):
    code, out = run_json(capsys, "idcard", "read", "--port", sim.port, "--timeout", "0.4", "--json")
    assert code == 3 and out == {"error": {"code": "IDCARD_NO_CARD", "message": "no card on the reader within 0.4 s"}}


def test_expired_card_exits_1_with_its_code(sim, capsys):
    sim.place("wang_fang_expired")
    code, out = run_json(capsys, "idcard", "read", "--port", sim.port, "--json")
    assert code == 1 and out["error"]["code"] == "IDCARD_EXPIRED"


def test_sam_refusing_exits_1_with_its_code(sim, capsys):
    sim.inject_fault("sam_unauthorised", times=None)
    code, out = run_json(capsys, "idcard", "sam", "--port", sim.port, "--json")
    assert code == 1 and out["error"]["code"] == "IDCARD_SAM_UNAUTHORISED"
    sim.place("zhang_jianguo")
    code, out = run_json(capsys, "idcard", "read", "--port", sim.port, "--json")
    assert code == 1 and out["error"]["code"] == "IDCARD_SAM_UNAUTHORISED"


def test_silent_reader_exits_1_with_a_timeout(sim, capsys):
    sim.inject_fault("no_answer", times=None)
    code, out = run_json(capsys, "idcard", "sam", "--port", sim.port, "--json")
    assert code == 1 and out["error"]["code"] == "IDCARD_TIMEOUT"


def test_sam_reports_status_and_id(sim, capsys):
    code, out = run_json(capsys, "idcard", "sam", "--port", sim.port, "--json")
    assert code == 0 and out["status"] == "ok" and out["sam_id"] == "05.01-20096017-0000766117-0000001234"


def test_device_error_in_a_real_process_is_one_line_no_traceback():
    done = subprocess.run(KIOSK + ["idcard", "read", "--port", "/dev/nonexistent-reader", "--json"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 1 and done.stderr == ""
    assert json.loads(done.stdout)["error"]["code"] == "IDCARD_PORT_OPEN"
    done = subprocess.run(KIOSK + ["idcard", "read", "--port", "/dev/nonexistent-reader"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 1 and done.stdout == "" and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_simulate_serves_a_tty_that_read_uses(capsys):
    proc = subprocess.Popen(KIOSK + ["idcard", "simulate", "--card", str(DEMO_CARDS / "john_smith.toml"),
                                     "--fault", "fragments=2@read", "--json"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)
    try:
        started = json.loads(proc.stdout.readline())
        assert started["placed"] == "john_smith" and started["tty"].startswith("/dev/pts/")
        assert started["faults"] == ["fragments@read"]
        code, out = run_json(capsys, "idcard", "read", "--port", started["port"], "--json", "--reveal")
        assert code == 0 and out["card_type"] == "foreign_pr_2017" and out["english_name"] == "SMITH, JOHN WILLIAM"
        proc.stdin.write("lift\nplace nobody\n")
        proc.stdin.flush()
        assert json.loads(proc.stdout.readline()) == {"ok": True, "command": "lift", "tty": started["tty"],
                                                     "card": None}
        assert json.loads(proc.stdout.readline())["ok"] is False
        proc.stdin.write("quit\n")
        proc.stdin.flush()
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert "Traceback" not in proc.stderr.read()


@pytest.mark.parametrize("timeout", ["nan", "-1", "inf"])
def test_a_timeout_that_is_no_span_of_time_is_a_usage_error(sim, capsys, timeout):
    code, out = run_json(capsys, "idcard", "read", "--port", sim.port, "--timeout", timeout, "--json")
    assert code == 2 and out["error"]["code"] == "USAGE" and "--timeout" in out["error"]["message"]
    assert sim.commands_seen == []  # refused before the reader is touched


def test_waiting_for_a_card_with_a_timeout_that_is_not_a_number_ends():
    class EmptyReader:
        finds = 0

        def find(self) -> bool:
            self.finds += 1
            return False

    reader = EmptyReader()
    with pytest.raises(CardNotFound):
        wait_for_card(reader, timeout_s=float("nan"), pause=lambda s: False)  # type: ignore[arg-type]
    assert reader.finds == 1
