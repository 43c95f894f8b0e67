"""The console's doors, tried as an attacker would: no session, the wrong role, a forged form, guessed codes."""

from __future__ import annotations

import pytest

from kiosk.gateway.console.accounts import MAX_FAILURES

from .helpers import RESIDENT_ID, csrf_of, file_request, png, sign_in

PAGES = ["/console", "/console/requests", "/console/fleet", "/console/stats", "/console/staff", "/console/stats.csv"]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_gets_only_the_sign_in_page(browser_client, district, path):
    rid = file_request(district)
    r = browser_client.get(path, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/sign-in"
    page = browser_client.get(path)
    assert page.url.path == "/console/sign-in" and 'name="password"' in page.text
    assert rid not in page.text and RESIDENT_ID[-4:] not in page.text


def test_anonymous_posts_are_refused_and_change_nothing(browser_client, district):
    rid = file_request(district)
    for path, data in ((f"/console/requests/{rid}/reject", {"reason_text": "no"}),
                       ("/console/staff/enrol", {"staff_id": "X-1", "id_number": RESIDENT_ID, "roles": "manager"}),
                       (f"/console/requests/{rid}/reveal", {"csrf": "guess"})):
        r = browser_client.post(path, data=data, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/console/sign-in"
    assert district.parts.federation.store.get(rid)["status"] == "received"
    assert district.parts.staff.get("X-1") is None


def test_a_technician_cannot_open_or_complete_a_request(browser_client, district):
    rid = file_request(district)
    assert sign_in(browser_client, district, "technician").headers["location"] == "/console/fleet"
    assert browser_client.get("/console/requests").status_code == 403
    assert browser_client.get(f"/console/requests/{rid}").status_code == 403
    csrf = csrf_of(browser_client.get("/console/fleet").text)  # a valid token of the technician's own session
    r = browser_client.post(f"/console/requests/{rid}/complete", data={"csrf": csrf, "title": "结婚登记",
                                                                       "reference": "R-1"},
                            files={"pages": ("p1.png", png(), "image/png")})
    assert r.status_code == 403
    assert district.parts.federation.store.get(rid)["status"] == "received"
    refused = district.audit("console.refused")
    assert refused and refused[-1]["actor"] == "staff:T-201"
    # The manager's pages are not the technician's either.
    assert browser_client.get("/console/staff").status_code == 403


def test_a_form_without_the_sessions_csrf_token_is_refused(browser_client, district):
    rid = file_request(district)
    sign_in(browser_client, district, "archivist")
    detail = browser_client.get(f"/console/requests/{rid}")
    assert detail.status_code == 200
    for data in ({"reason_choice": "经查，本馆未保存该档案。"}, {"reason_choice": "经查，本馆未保存该档案。", "csrf": "x" * 43}):
        r = browser_client.post(f"/console/requests/{rid}/reject", data=data)
        assert r.status_code == 403
    assert district.parts.federation.store.get(rid)["status"] == "received"
    # With the token, the same form goes through.
    ok = browser_client.post(f"/console/requests/{rid}/reject", data={
        "reason_choice": "经查，本馆未保存该档案。", "csrf": csrf_of(detail.text)}, follow_redirects=False)
    assert ok.status_code == 303 and district.parts.federation.store.get(rid)["status"] == "rejected"


def test_another_sessions_csrf_token_does_not_work(browser_client, district):
    from fastapi.testclient import TestClient

    rid = file_request(district)
    other = TestClient(district.app, base_url="https://testserver")  # no lifespan: the app stays up
    sign_in(other, district, "manager")
    foreign = csrf_of(other.get("/console/staff").text)
    sign_in(browser_client, district, "archivist")
    r = browser_client.post(f"/console/requests/{rid}/reject", data={"reason_text": "x", "csrf": foreign})
    assert r.status_code == 403


def test_a_wrong_totp_is_refused_counted_and_locks_the_account(browser_client, district):
    staff_id = district.credentials["archivist"].staff_id
    good = district.next_code("archivist")
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    r = sign_in(browser_client, district, "archivist", code=wrong)
    assert r.status_code == 401 and "console_session" not in r.headers.get("set-cookie", "")
    [refusal] = district.audit("console.sign_in_refused")
    assert refusal["actor"] == f"staff:{staff_id}"
    assert refusal["detail"] == {"reason": "code", "attempts_left": MAX_FAILURES - 1}
    for _ in range(MAX_FAILURES - 1):
        sign_in(browser_client, district, "archivist", code="000000")
    assert [r["detail"]["attempts_left"] for r in district.audit("console.sign_in_refused")] == [4, 3, 2, 1, 0]
    # Locked: even the right password and a fresh right code are refused now, and the page says why.
    locked = sign_in(browser_client, district, "archivist")
    assert locked.status_code == 401 and "锁定" in locked.text
    assert district.audit("console.sign_in_refused")[-1]["detail"]["reason"] == "locked"
    assert district.parts.accounts.locked() == [staff_id]
    # A technician sees the lockout among the fleet's alerts.
    sign_in(browser_client, district, "technician")
    assert staff_id in browser_client.get("/console/fleet").text
    # Fifteen minutes on, the account opens again.
    district.clock.advance(15 * 60)
    assert sign_in(browser_client, district, "archivist").status_code == 303


def test_a_wrong_password_counts_too_and_a_code_is_good_once(browser_client, district):
    assert sign_in(browser_client, district, "archivist", password="not the password").status_code == 401
    code = district.next_code("archivist")
    assert sign_in(browser_client, district, "archivist", code=code).status_code == 303
    # The same code again (read over a shoulder, replayed within its 30 s): refused.
    assert sign_in(browser_client, district, "archivist", code=code).status_code == 401
    assert [r["detail"]["reason"] for r in district.audit("console.sign_in_refused")] == ["password", "code"]


def test_an_unknown_id_or_a_kiosk_only_member_gets_no_session(browser_client, district):
    parts = district.parts
    parts.staff.enrol("A-900", "代办", "330106198001019999", ["agent"])
    cred = parts.accounts.issue("A-900")
    page = browser_client.get("/console/sign-in")
    token = page.text.split('name="sign_in_token" value="')[1].split('"')[0]
    import pyotp

    district.clock.advance(30)
    r = browser_client.post("/console/sign-in", data={"staff_id": "A-900", "password": cred.password,
                                                      "code": pyotp.TOTP(cred.totp_secret).at(district.clock()),
                                                      "sign_in_token": token}, follow_redirects=False)
    assert r.status_code == 401
    assert district.audit("console.sign_in_refused")[-1]["detail"]["reason"] == "not_console_staff"


def test_sign_in_without_the_pages_own_token_is_refused(browser_client, district):
    cred = district.credentials["manager"]
    r = browser_client.post("/console/sign-in", data={"staff_id": cred.staff_id, "password": cred.password,
                                                      "code": district.next_code("manager"), "sign_in_token": "forged"})
    assert r.status_code == 403 and "console_session" not in r.headers.get("set-cookie", "")


def test_the_session_cookie_is_secure_httponly_samesite_and_ends_at_sign_out(browser_client, district):
    r = sign_in(browser_client, district, "manager")
    cookie = [c for c in r.headers.get_list("set-cookie") if c.startswith("console_session=")][0]
    for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/console"):
        assert attribute in cookie
    assert browser_client.get("/console/staff").status_code == 200
    csrf = csrf_of(browser_client.get("/console/staff").text)
    browser_client.post("/console/sign-out", data={"csrf": csrf})
    assert browser_client.get("/console/staff", follow_redirects=False).status_code == 303
    assert district.audit("console.sign_out")[-1]["actor"] == "staff:M-301"


def test_pages_are_not_cached_or_framed(browser_client, district):
    sign_in(browser_client, district, "manager")
    r = browser_client.get("/console/stats")
    assert r.headers["cache-control"] == "no-store" and r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
