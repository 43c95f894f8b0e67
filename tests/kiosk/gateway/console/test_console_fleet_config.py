"""The fleet page shows what each kiosk runs: its version and signed release, and the configuration in force
(the district documents it was read with, their digest, a refused one) — from a real kiosk's health report."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.config_docs import KIND, sign_document
from kiosk.config_remote import DistrictConfig
from kiosk.crypto.keys import generate, save_pair
from kiosk.diag.health_report import build_health_report
from kiosk.diag.in_force import config_report, running_versions
from kiosk.diag.model import CheckResult

from .helpers import sign_in


class FeedDocuments:
    """The documents a sync left in the cache (what DistrictConfig reads after a run)."""

    def __init__(self, docs: dict[str, Any]):
        self.docs = docs

    def document(self, kind: str, key: str) -> Any | None:
        return self.docs.get(key) if kind == KIND else None


def _kiosk_report(folder: Path, kiosk_id: str, *, documents: dict[str, Any], release: str | None,
                  district_pub: Path) -> dict[str, Any]:
    """A health report as the kiosk builds it, after its sync brought ``documents``."""
    releases = folder / "opt"
    (releases / "releases" / (release or "none")).mkdir(parents=True)
    if release:
        os.symlink(Path("releases") / release, releases / "current")
    config_file = folder / "config" / "kiosk.toml"
    config_file.parent.mkdir(parents=True)
    config_file.write_text(f'[point]\nkiosk_id = "{kiosk_id}"\n[gateway]\ndistrict_pub = "{district_pub}"\n'
                           f'[data]\ndir = "{folder / "var"}"\n[update]\nreleases = "{releases}"\n', encoding="utf-8")
    running = load_config(config_file, env={})
    DistrictConfig(running, _verifier(district_pub)).refresh(FeedDocuments(documents))
    config = load_config(config_file, env={})  # the kiosk's next start
    results = [CheckResult("idcard", True, "ready", "SAM ok")]
    return build_health_report(kiosk_id, config.point.name, results, running_versions(config),
                               at=dt.datetime.now(dt.timezone.utc), config=config_report(config))


def _verifier(pub: Path):
    from kiosk.crypto.keys import load_verifier

    return load_verifier(pub)


def test_the_fleet_shows_each_kiosks_release_and_district_configuration(browser_client, district, tmp_path: Path):
    signer = generate("ed25519")
    save_pair(signer, tmp_path / "district.key", tmp_path / "district.pub")
    configured = _kiosk_report(tmp_path / "a", "kiosk-a", release="1.4.0", district_pub=tmp_path / "district.pub",
                               documents={
        "point:330106": sign_document(signer, "point:330106", 2, {"session": {"idle_timeout_s": 45.0}}),
        "kiosk:kiosk-a": sign_document(signer, "kiosk:kiosk-a", 3, {"ui": {"elder_mode": True}})})
    refusing = _kiosk_report(tmp_path / "b", "kiosk-b", release=None, district_pub=tmp_path / "district.pub",
                             documents={
        "kiosk:kiosk-b": sign_document(signer, "kiosk:kiosk-b", 1, {"session": {"warning_s": -1}})})
    assert configured["versions"]["release"] == "1.4.0"
    assert [d["version"] for d in configured["config"]["documents"]] == [2, 3]
    assert configured["config"]["digest"] != refusing["config"]["digest"]
    board = district.parts.health
    board.record(configured)
    board.record(refusing)

    sign_in(browser_client, district, "technician")
    page = browser_client.get("/console/fleet").text
    row_a = page.split('data-kiosk="kiosk-a"')[1].split("</tr>")[0]
    row_b = page.split('data-kiosk="kiosk-b"')[1].split("</tr>")[0]
    assert "1.4.0" in row_a and "point:330106 v2" in row_a and "kiosk:kiosk-a v3" in row_a
    assert configured["config"]["digest"] in row_a and "配置被拒" not in row_a
    assert "本地" in row_b and "配置被拒" in row_b and "CONFIG_INVALID" in row_b
    detail = browser_client.get("/console/fleet/kiosk-b").text
    config_fact = detail.split('id="config"')[1].split("</dd>")[0]
    assert "kiosk:kiosk-b v1: CONFIG_INVALID (session.warning_s)" in config_fact
    detail_a = browser_client.get("/console/fleet/kiosk-a").text
    assert "1.4.0" in detail_a.split('id="version"')[1].split("</dd>")[0]
