"""The district console in a real browser (Debian's chromium, headless, through selenium), against a real
gateway over mutual TLS on 127.0.0.1, with a kiosk at the command line on the other side:

a request filed at the kiosk appears in the archivist's queue; the archivist uploads a page scan and
completes it, and the kiosk's ``kiosk request status --refresh`` shows it completed and prints it; a
rejection with a reason reaches the kiosk; a technician finds the kiosk whose receipt printer is out of
paper at the top of the fleet; the manager's statistics show the visit. Each page is photographed; with
``KIOSK_CONSOLE_SCREENSHOTS=DIR`` the photographs are kept there (the README's come from this test).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from kiosk.cli import main as kiosk_main
from tests.browser import chromium  # noqa: F401 - the fixture
from tests.kiosk.gateway.console.helpers import RESIDENT_ID, RESIDENT_NAME, health_report, make_district, png
from tests.kiosk.sync.gateway_fixture import server_of
from tests.waiting import wait_until

pytestmark = pytest.mark.integration


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str]):
        self.capsys = capsys

    def __call__(self, *argv: str, ok: bool = True) -> dict[str, Any]:
        self.capsys.readouterr()
        code = kiosk_main(list(argv))
        out = self.capsys.readouterr().out
        assert (code == 0) is ok, out
        return json.loads(out)


@pytest.fixture
def served(tmp_path: Path):
    district = make_district(tmp_path / "district")
    server = server_of(district.app, district.keys)
    url = server.start()
    yield district, url
    server.stop()
    district.close()


def kiosk_config(folder: Path, url: str, credentials: Path, district_pub: Path) -> Path:
    cfg = folder / "config" / "kiosk.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(f"""
[point]
name = "翠苑社区服务点"
archive_code = "330106"
kiosk_id = "test-01"
[devices]
docprinter = "sim://docprinter?dir={folder / 'printer'}"
[cache]
path = "var/cache.sqlite"
[data]
dir = "var"
[logging]
dir = "var/log"
[gateway]
url = "{url}"
credentials = "{credentials}"
district_pub = "{district_pub}"
timeout_s = 5
""", encoding="utf-8")
    return cfg


class Shots:
    def __init__(self, tmp: Path):
        keep = os.environ.get("KIOSK_CONSOLE_SCREENSHOTS")
        self.folder = Path(keep) if keep else tmp / "shots"
        self.folder.mkdir(parents=True, exist_ok=True)

    def take(self, driver: Any, name: str) -> Path:
        """Photograph the page, after checking it fits the office screen and a tablet held upright (wide
        tables scroll inside their own box; the page itself never scrolls sideways)."""
        for width, height in ((1366, 768), (820, 1180)):
            driver.set_window_size(width, height)
            overflow = driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} is {overflow} px too wide at {width} px"
        path = self.folder / f"console-{name}.png"
        # The whole page at the office screen's width: the height the content needs.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1366, max(768, min(int(height) + 20, 2400)))
        assert driver.save_screenshot(str(path))
        driver.set_window_size(1366, 768)
        return path


def sign_in(driver: Any, url: str, district: Any, role: str) -> None:
    driver.get(f"{url}/console/requests")  # any page: without a session it is the sign-in page
    assert driver.current_url.endswith("/console/sign-in")
    cred = district.credentials[role]
    driver.find_element(By.ID, "staff_id").send_keys(cred.staff_id)
    driver.find_element(By.ID, "password").send_keys(cred.password)
    driver.find_element(By.ID, "code").send_keys(district.next_code(role))
    driver.find_element(By.ID, "sign-in").click()
    wait_until(lambda: "/sign-in" not in driver.current_url, timeout=15, what="sign-in to finish")


def row_of(driver: Any, request_id: str) -> Any:
    return driver.find_element(By.CSS_SELECTOR, f'tr[data-request="{request_id}"]')


def test_staff_work_a_kiosks_requests_fleet_and_statistics_in_a_browser(served, chromium, tmp_path, capsys,  # noqa: F811
                                                                       monkeypatch):
    district, url = served
    kiosk = Cli(capsys)
    shots = Shots(tmp_path)
    # The kiosk keeps its own copy of its credentials, which it encrypts under its storage key on first use;
    # the test's own kiosk-role client below reads the district's plain copy.
    kiosk_tls = tmp_path / "kiosk-tls"
    shutil.copytree(district.keys.kiosk_tls, kiosk_tls)
    cfg = str(kiosk_config(tmp_path / "kiosk", url, kiosk_tls, district.keys.pub))
    browser = chromium(trust=[district.keys.gateway_tls / "cert.pem"])

    # Anonymous: the sign-in page, and nothing else.
    browser.get(f"{url}/console/fleet")
    assert browser.current_url.endswith("/console/sign-in") and "工作人员登录" in browser.page_source
    shots.take(browser, "sign-in")

    # A resident's request, filed at the kiosk and pushed to the gateway.
    filed = kiosk("request", "submit", "--config", cfg, "--record-type", "marriage", "--purpose", "inheritance",
                  "--owner", "330106", "--subject-id", RESIDENT_ID, "--subject-name", RESIDENT_NAME, "--push",
                  "--json")
    rid = filed["request_id"]
    assert filed["push"]["pushed"] == 1

    sign_in(browser, url, district, "archivist")
    assert browser.current_url.endswith("/console/requests")
    row = row_of(browser, rid)
    assert "婚姻登记" in row.text and "test-01" in row.text and RESIDENT_ID not in browser.page_source
    shots.take(browser, "requests")

    # The archivist opens it, uploads the page scan and completes it.
    row.find_element(By.TAG_NAME, "a").click()
    wait_until(lambda: f"/console/requests/{rid}" in browser.current_url, what="the request's page")
    assert "3301**********2627" in browser.find_element(By.ID, "subject-id").text
    shots.take(browser, "request")
    scan = tmp_path / "page-1.png"
    scan.write_bytes(png(245, (600, 840)))
    browser.find_element(By.ID, "pages").send_keys(str(scan))
    browser.find_element(By.ID, "title").send_keys("欧阳秀英、王建华结婚登记档案")
    browser.find_element(By.ID, "reference").send_keys("330106-HY-1975-0042")
    browser.find_element(By.ID, "year").send_keys("1975")
    browser.find_element(By.ID, "complete").click()
    wait_until(lambda: "done=" in browser.current_url, timeout=30, what="the completion")
    assert "已办结" in browser.page_source

    # The kiosk learns it at its next refresh, and prints the certificate.
    status = wait_until(lambda: (s := kiosk("request", "status", rid, "--config", cfg, "--refresh", "--json"))
                        ["status"] == "completed" and s, timeout=30, what="the kiosk to see the completion")
    [completed] = district.audit("request.completed")
    assert completed["actor"] == "staff:D-101"
    assert status["certificate"]["verification_code"] == completed["detail"]["verification_code"]
    printed = kiosk("request", "print", rid, "--config", cfg, "--json")
    assert printed["printed"] and printed["status"] == "printed"
    assert len(list((tmp_path / "kiosk" / "printer" / "out").glob("*.pdf"))) == 1

    # The kiosk's receipt printer runs out of paper; its health report waits in the outbox and goes with the
    # next push. Then a second request, rejected with a reason from the list: the reason reaches the kiosk.
    monkeypatch.setenv("KIOSK_DEVICES__RECEIPT", "sim://receipt?paper=out")
    diag = kiosk("diag", "--config", cfg, "--device", "receipt", "--push", "--json", ok=False)
    assert diag["pushed"]
    monkeypatch.delenv("KIOSK_DEVICES__RECEIPT")
    second = kiosk("request", "submit", "--config", cfg, "--record-type", "real_estate", "--purpose",
                   "property_transfer", "--owner", "330106", "--subject-id", RESIDENT_ID, "--subject-name",
                   RESIDENT_NAME, "--push", "--json")["request_id"]
    browser.get(f"{url}/console/requests/{second}")
    reason = "经查，本馆未保存该档案。"
    Select(browser.find_element(By.ID, "reason_choice")).select_by_value(reason)
    browser.find_element(By.ID, "reject").click()
    wait_until(lambda: browser.current_url.endswith("/console/requests"), what="the rejection")
    refused = wait_until(lambda: (s := kiosk("request", "status", second, "--config", cfg, "--refresh", "--json"))
                         ["status"] == "rejected" and s, timeout=30, what="the kiosk to see the rejection")
    assert refused["reason"] == reason
    assert [r["actor"] for r in district.audit("request.rejected")] == ["staff:D-101"]

    # A technician: the kiosk out of receipt paper is at the top of the fleet, above two that are fine.
    board = district.parts.health
    now = dt.datetime.now(dt.timezone.utc)
    for kiosk_id in ("a-kiosk", "b-kiosk"):
        board.record(health_report(kiosk_id, at=now))
    technician = chromium(trust=[district.keys.gateway_tls / "cert.pem"])
    sign_in(technician, url, district, "technician")
    assert technician.current_url.endswith("/console/fleet")
    first = technician.find_elements(By.CSS_SELECTOR, "#fleet tbody tr")[0]
    assert first.get_attribute("data-kiosk") == "test-01" and "收据打印机缺纸" in first.text
    shots.take(technician, "fleet")
    technician.get(f"{url}/console/requests/{rid}")
    assert "无权访问" in technician.page_source  # a technician does not work requests
    technician.get(f"{url}/console/fleet/test-01")
    shots.take(technician, "kiosk")

    # A manager: the statistics show the kiosk's visit, pushed through its outbox as a closed hour.
    hour = (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H")
    report = {"point": "翠苑社区服务点", "kiosk": "test-01", "hour": hour,
              "metrics": {"sessions": 1, "session_seconds": 240, "viewed/marriage": 1, "prints/certified_copy": 1,
                          "ratings/5": 1}}
    with district.keys.client(base_url=url) as as_kiosk:
        pushed = as_kiosk.post("/outbox", json={"items": [{"key": f"stats:test-01:{hour}", "kind": "stats",
                                                           "payload": report}]})
        assert pushed.json()["results"][0]["status"] == "accepted"
    manager = chromium(trust=[district.keys.gateway_tls / "cert.pem"])
    sign_in(manager, url, district, "manager")
    manager.get(f"{url}/console/stats")
    assert manager.find_element(By.ID, "visits").text == "1"
    assert "婚姻登记" in manager.find_element(By.ID, "top").text
    shots.take(manager, "stats")
    manager.get(f"{url}/console/staff")
    assert "D-101" in manager.find_element(By.ID, "staff").text
    shots.take(manager, "staff")
