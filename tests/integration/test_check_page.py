"""The public certificate check in a real browser (Debian's chromium, headless, through selenium) at phone
size, against a real gateway over TLS on 127.0.0.1, without any client certificate (the public role):
a genuine paper's QR URL and its typed code say 真实有效 with what the paper prints, a revoked kiosk's
paper says 已撤销, a forged one says 无法核验; nothing but the printed (masked) texts is shown; the page
is rate-limited. The screenshots are kept with ``KIOSK_CHECK_SCREENSHOTS=DIR`` (the README's come from here).
"""

from __future__ import annotations

import hashlib
import os
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from selenium.webdriver.common.by import By

from kiosk.certify.certificate import RecordContent
from kiosk.certify.issue import Issuer, IssueRequest, ServicePoint
from kiosk.certify.kiosk_cert import issue_kiosk_certificate
from kiosk.certify.kiosk_certs import KIND as KIOSK_CERTS
from kiosk.certify.kiosk_certs import as_document, document_key
from kiosk.certify.registry import registration
from kiosk.certify.revocation import KIND as REVOCATIONS
from kiosk.certify.revocation import RevocationEntry, sign_revocation_list
from kiosk.crypto.keys import generate
from kiosk.gateway.store_sqlite import SqliteStore
from tests.browser import chromium  # noqa: F401 - the fixture
from tests.kiosk.sync.gateway_fixture import app_of, make_district, server_of

pytestmark = pytest.mark.integration
PHONE = (390, 844)
POINT = ServicePoint("330106", "西湖区文新街道社区档案便民服务点")
RECORD = RecordContent("330106-J001-2012-SO-0001", (hashlib.sha256(b"page 1").hexdigest(),))
REQUEST = IssueRequest([RECORD], "欧**英 3301**********2627", "办理退休手续")


def _kiosk(district, store: SqliteStore, kiosk_id: str, signer=None):
    key = generate("sm2")
    today = datetime.now(UTC).date()
    cert = issue_kiosk_certificate(signer or district.signer, kiosk_id, key, today - timedelta(days=1),
                                   today + timedelta(days=30))
    store.put_document(KIOSK_CERTS, document_key(cert), as_document(cert))
    return Issuer(key, cert, POINT)


@pytest.fixture
def gateway(tmp_path: Path):
    district = make_district(tmp_path / "district", "sm2")
    store = SqliteStore(tmp_path / "gateway.sqlite")
    app = app_of(store, district, feature_routers=("kiosk.gateway.verify_api", "kiosk.gateway.check_page"))
    genuine = _kiosk(district, store, "kiosk-01").issue(REQUEST)
    app.state.check.register(registration(genuine, [RECORD]))  # as the kiosk's outbox push delivers it
    revoked = _kiosk(district, store, "kiosk-02").issue(REQUEST)
    app.state.check.register(registration(revoked, [RECORD]))
    now = datetime.now(UTC)
    store.put_document(REVOCATIONS, "district", sign_revocation_list(
        district.signer, [RevocationEntry("kiosk-02", now.isoformat(), reason="stolen")], 1, now))
    forged = _kiosk(district, store, "kiosk-01", signer=generate("sm2")).issue(REQUEST)  # another "district"
    server = server_of(app, district)
    url = server.start()
    yield {"url": url, "genuine": genuine, "revoked": revoked, "forged": forged, "district": district, "app": app}
    server.stop()
    store.close()


class Shots:
    def __init__(self, tmp: Path):
        keep = os.environ.get("KIOSK_CHECK_SCREENSHOTS")
        self.folder = Path(keep) if keep else tmp

    def take(self, driver, name: str) -> Path:
        path = self.folder / f"check_{name}.png"
        assert driver.save_screenshot(str(path))
        return path


def _qr_url(base: str, issued) -> str:
    return f"{base}/C/{issued.payload}"


def test_a_phone_checks_genuine_revoked_and_forged_papers(gateway, chromium, tmp_path):  # noqa: F811
    phone = chromium(trust=[gateway["district"].gateway_tls / "cert.pem"], size=PHONE)
    # A phone's screen: headless chromium keeps its windows at least 500 px wide, a phone is narrower.
    phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": PHONE[0], "height": PHONE[1],
                                                                 "deviceScaleFactor": 2, "mobile": True})
    shots = Shots(tmp_path)
    base = gateway["url"]
    genuine = gateway["genuine"]

    phone.get(f"{base}/check")
    shots.take(phone, "ask")
    field = phone.find_element(By.ID, "code")
    assert field.size["height"] >= 48  # a finger's target
    assert phone.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]  # no sideways scrolling
    field.send_keys(genuine.verification_code.lower().replace("-", " "))  # as someone types it from the paper
    phone.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    verdict = phone.find_element(By.ID, "verdict")
    assert verdict.text.startswith("✓ 真实有效")
    page = phone.find_element(By.TAG_NAME, "main").text
    for printed in (genuine.verification_code, POINT.name, RECORD.reference, "欧**英 3301**********2627", "办理退休手续",
                    "kiosk-01"):
        assert printed in page
    assert int(phone.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize)", verdict)) >= 40
    shots.take(phone, "genuine")

    phone.get(_qr_url(base, genuine).upper())  # what a phone's camera app opens from the QR
    assert phone.find_element(By.ID, "verdict").text.startswith("✓ 真实有效")
    assert "办理退休手续" in phone.find_element(By.TAG_NAME, "main").text

    phone.get(_qr_url(base, gateway["revoked"]))
    assert phone.find_element(By.ID, "verdict").text.startswith("✗ 已撤销")
    revoked_page = phone.find_element(By.TAG_NAME, "main").text
    assert "撤销" in revoked_page and "欧**英" not in revoked_page  # a revoked paper's claims are not repeated
    shots.take(phone, "revoked")

    phone.get(_qr_url(base, gateway["forged"]))
    assert phone.find_element(By.ID, "verdict").text.startswith("? 无法核验")
    assert "欧**英" not in phone.find_element(By.TAG_NAME, "main").text
    shots.take(phone, "forged")

    phone.get(f"{base}/check?code=0000-0000-0000")
    assert phone.find_element(By.ID, "verdict").text.startswith("? 无法核验")


def test_the_page_reveals_nothing_beyond_the_paper_and_is_rate_limited(gateway):
    anonymous = ssl.create_default_context(cafile=str(gateway["district"].folder / "ca.pem"))
    with httpx.Client(base_url=gateway["url"], verify=anonymous) as client:  # no client certificate
        page = client.get(f"/C/{gateway['genuine'].payload}")
        assert page.status_code == 200 and "真实有效" in page.text
        assert "330106195203142627" not in page.text and "欧阳" not in page.text
        assert client.get("/feed").status_code == 401  # the public role reaches the check only
        codes = [client.get("/check", params={"code": "0000-0000-0000"}).status_code for _ in range(30)]
        assert codes.count(429) >= 5 and "过于频繁" in client.get("/check", params={"code": "x"}).text


def test_a_kiosk_registers_what_it_printed_through_its_outbox_and_a_typed_code_then_finds_it(gateway, tmp_path):
    district = gateway["district"]
    issuer = _kiosk(district, gateway["app"].state.check.store, "kiosk-05")
    issued = issuer.issue(REQUEST)
    entry = registration(issued, [RECORD])
    tampered = {**entry, "purpose": "办理出国手续"}  # a kiosk (or someone with its certificate) lying
    with httpx.Client(base_url=gateway["url"], verify=district.kiosk_context()) as kiosk:
        pushed = kiosk.post("/outbox", json={"items": [
            {"key": "certificate:tampered", "kind": "certificate", "payload": tampered},
            {"key": "certificate:1", "kind": "certificate", "payload": entry}]}).json()["results"]
    assert [r["status"] for r in pushed] == ["rejected", "accepted"]
    anonymous = ssl.create_default_context(cafile=str(district.folder / "ca.pem"))
    with httpx.Client(base_url=gateway["url"], verify=anonymous) as client:
        page = client.get("/check", params={"code": issued.verification_code}).text
    assert "真实有效" in page and "办理退休手续" in page and "出国" not in page
