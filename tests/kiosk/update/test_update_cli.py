"""`kiosk update` as an operator runs it: the district publishes, a kiosk checks over mutual TLS, and a
rollback without a previous release is a typed error, not a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from tests.kiosk.sync.gateway_fixture import kiosk, make_district, serve
from tests.kiosk.update.test_updates import tiny_wheel

pytestmark = pytest.mark.integration


def last_json(done) -> dict:
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_publish_then_check_from_the_command_line(tmp_path: Path):
    keys = ("--repo", str(tmp_path / "repo"), "--offline-keys", str(tmp_path / "offline"),
            "--online-keys", str(tmp_path / "online"))
    init = kiosk("update", "init", *keys, "--json")
    assert init.returncode == 0, init.stderr
    assert set(last_json(init)["key_ids"]) == {"root", "targets", "snapshot", "timestamp"}
    assert (tmp_path / "offline" / "root.key").stat().st_mode & 0o077 == 0
    published = kiosk("update", "publish", *keys, "--file", str(tiny_wheel(tmp_path / "build", "2.0.0")),
                      "--version", "2.0.0", "--percent", "0", "--kiosk", "test-01", "--json")
    assert published.returncode == 0, published.stderr
    assert last_json(published)["rollout"] == {"percent": 0, "kiosks": ["test-01"]}

    district = make_district(tmp_path / "district")
    state = tmp_path / "state"
    (state / "metadata").mkdir(parents=True)
    (state / "metadata" / "root.json").write_bytes((tmp_path / "repo" / "metadata" / "1.root.json").read_bytes())
    app = FastAPI()
    app.mount("/", StaticFiles(directory=tmp_path / "repo"))
    with serve(app, district) as url:
        check = kiosk("update", "check", "--url", url, "--state", str(state), "--kiosk-id", "test-01",
                      "--credentials", str(district.kiosk_tls), "--running", "1.0.0", "--json")
    assert check.returncode == 0, check.stderr
    answer = last_json(check)
    assert answer["release"]["version"] == "2.0.0" and answer["release"]["for_this_kiosk"] and answer["update"]


def test_rollback_without_a_previous_release_is_a_typed_error(tmp_path: Path):
    done = kiosk("update", "rollback", "--releases", str(tmp_path / "opt"), "--json")
    assert done.returncode == 7 and "Traceback" not in done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip().splitlines()[-1])["error"]["code"] == "UPDATE_NO_PREVIOUS"
