"""The support bundle holds logs, config in force, diagnosis and versions, with nothing personal."""

from __future__ import annotations

import json
import zipfile

from kiosk.config import load_config
from kiosk.diag.config_view import config_in_force
from kiosk.diag.export import export_bundle
from kiosk.diag.model import failed, passed
from kiosk.diag.versions import versions


def test_config_in_force_hides_secrets_in_urls(tmp_config_file, monkeypatch):
    monkeypatch.setenv("KIOSK_GATEWAY__URL", "https://kiosk:hunter2@gw.example/api?token=abc&region=330106")
    view = config_in_force(load_config(tmp_config_file))
    url = view["gateway"]["url"]
    assert "hunter2" not in url and "abc" not in url
    assert "gw.example" in url and "region=330106" in url
    assert view["point"]["kiosk_id"] == "test-01"
    assert view["point"]["address"] == "**REDACTED**"


def test_bundle_has_every_part_and_no_id_number(tmp_path, config):
    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    (log_dir / "kiosk.log").write_text("2026-11-25 INFO kiosk.session: card 330106195203142628 read\n",
                                       encoding="utf-8")
    (log_dir / "kiosk.log.2026-11-24").write_text("2026-11-24 INFO kiosk: started\n", encoding="utf-8")
    (log_dir / "cache.sqlite").write_bytes(b"not a log")
    results = [passed("idcard", "ready", "SAM ok"), failed("receipt", "paper_out", "paper out")]
    out = export_bundle(tmp_path / "out", kiosk_id="test-01", results=results, config_view=config_in_force(config),
                        versions=versions(), log_dir=log_dir)
    names = set(zipfile.ZipFile(out["zip"]).namelist())
    prefix = out["folder"].rsplit("/", 1)[1]
    for part in ("manifest.json", "diag.json", "config.json", "versions.json", "logs/kiosk.log",
                 "logs/kiosk.log.2026-11-24"):
        assert f"{prefix}/{part}" in names
    assert not any(n.endswith("cache.sqlite") for n in names)
    everything = "".join(zipfile.ZipFile(out["zip"]).read(n).decode("utf-8") for n in names if not n.endswith("/"))
    assert "330106195203142628" not in everything and "3301**********2628" in everything
    diag = json.loads(zipfile.ZipFile(out["zip"]).read(f"{prefix}/diag.json"))
    assert [d["device"] for d in diag["devices"]] == ["idcard", "receipt"]
    assert out["ok"] is False
