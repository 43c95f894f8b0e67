"""What staff do in the console, checked at the gateway: a completed request carries a certificate the
district key verifies over the uploaded pages, a rejection its reason, every act in the audit log under the
staff id; staff changes are published for the kiosks' sync; statistics and fleet read what kiosks sent."""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image

from kiosk.crypto.keys import load_verifier
from kiosk.requests.certificate import pages_of, verify
from kiosk.staff.registry import StaffRegistry

from .helpers import RESIDENT_ID, RESIDENT_NAME, csrf_of, file_request, health_report, png, sign_in


def _pdf(pages: int) -> bytes:
    buf = io.BytesIO()
    images = [Image.new("RGB", (400, 560), (255, 255, 255)) for _ in range(pages)]
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:])
    return buf.getvalue()


def test_an_archivist_completes_a_request_with_a_png_and_a_pdf(browser_client, district):
    rid = file_request(district)
    sign_in(browser_client, district, "archivist")
    queue = browser_client.get("/console/requests")
    assert rid in queue.text and "婚姻登记" in queue.text
    detail = browser_client.get(f"/console/requests/{rid}")
    r = browser_client.post(f"/console/requests/{rid}/complete",
                            data={"csrf": csrf_of(detail.text), "title": "结婚登记档案", "reference": "330106-HY-1975-0042",
                                  "year": "1975"},
                            files=[("pages", ("p1.png", png(), "image/png")),
                                   ("pages", ("p2-3.pdf", _pdf(2), "application/pdf"))], follow_redirects=False)
    assert r.status_code == 303
    row = district.parts.federation.store.get(rid)
    assert row["status"] == "completed" and row["handled_by"] == "D-101"
    cert = row["certificate"]
    # Signed by the gateway's key, which the district root certified: checked against the root alone.
    assert verify(cert, load_verifier(district.folder / "district.pub"))
    assert cert["payload"] and district.parts.issuing_signer().certificate.kiosk_id == "feed-330106"
    assert len(pages_of(cert)) == 3 and cert["reference"] == "330106-HY-1975-0042"
    [done] = district.audit("request.completed")
    assert done["actor"] == "staff:D-101" and done["detail"]["certificate_id"] == cert["certificate_id"]
    # The paper's code is answered by the district's public check (the register and the issuing key known).
    check = browser_client.get(f"/check?code={cert['verification_code']}")
    assert check.status_code == 200 and "真实有效" in check.text and "330106-HY-1975-0042" in check.text
    # Done requests leave the open queue and show under "done".
    assert rid not in browser_client.get("/console/requests").text
    assert rid in browser_client.get("/console/requests?show=done").text


def test_a_file_that_is_not_a_scan_is_refused_with_a_message(browser_client, district):
    rid = file_request(district)
    sign_in(browser_client, district, "archivist")
    csrf = csrf_of(browser_client.get(f"/console/requests/{rid}").text)
    r = browser_client.post(f"/console/requests/{rid}/complete",
                            data={"csrf": csrf, "title": "t", "reference": "r"},
                            files={"pages": ("evil.png", b"<script>alert(1)</script>", "image/png")})
    assert r.status_code == 422 and "evil.png" in r.text and "<script>alert" not in r.text
    assert district.parts.federation.store.get(rid)["status"] == "received"


def test_a_rejection_takes_a_written_reason_over_the_list_and_needs_one(browser_client, district):
    rid = file_request(district)
    sign_in(browser_client, district, "archivist")
    csrf = csrf_of(browser_client.get(f"/console/requests/{rid}").text)
    empty = browser_client.post(f"/console/requests/{rid}/reject", data={"csrf": csrf})
    assert empty.status_code == 422 and district.parts.federation.store.get(rid)["status"] == "received"
    browser_client.post(f"/console/requests/{rid}/reject", data={"csrf": csrf, "reason_choice": "经查，本馆未保存该档案。",
                                                                 "reason_text": "1975 年以前的婚姻档案在市档案馆。"})
    row = district.parts.federation.store.get(rid)
    assert row["status"] == "rejected" and row["reason"] == "1975 年以前的婚姻档案在市档案馆。"
    assert district.audit("request.rejected")[-1]["actor"] == "staff:D-101"


def test_the_resident_is_masked_until_the_archivist_opens_the_request_which_is_audited(browser_client, district):
    rid = file_request(district, proxy=True)
    sign_in(browser_client, district, "archivist")
    detail = browser_client.get(f"/console/requests/{rid}")
    assert RESIDENT_ID not in detail.text and RESIDENT_NAME not in detail.text and "data:image" not in detail.text
    assert "3301**********2627" in detail.text and "欧**英" in detail.text
    opened = browser_client.post(f"/console/requests/{rid}/reveal", data={"csrf": csrf_of(detail.text),
                                                                          "why": "核对授权委托书"})
    assert RESIDENT_ID in opened.text and RESIDENT_NAME in opened.text
    assert opened.text.count("data:image/png;base64,") == 2  # the letter and the ID photo
    [audit] = district.audit("console.request_opened")
    assert audit["actor"] == "staff:D-101" and audit["detail"] == {"request_id": rid, "why": "核对授权委托书"}
    # Once decided, the photos are gone from the gateway; the decision keeps only what they were.
    browser_client.post(f"/console/requests/{rid}/reject", data={"csrf": csrf_of(detail.text),
                                                                 "reason_text": "授权委托书未签字。"})
    payload = district.parts.federation.store.get(rid, with_payload=True)["payload"]
    assert [a["kind"] for a in payload["attachments"]] == ["authorisation_letter", "id_photo"]
    assert not any("data_b64" in a for a in payload["attachments"])
    reopened = browser_client.post(f"/console/requests/{rid}/reveal", data={"csrf": csrf_of(detail.text)})
    assert "data:image" not in reopened.text and "照片已在办结" in reopened.text


def test_the_queue_puts_overdue_requests_first_and_filters_by_kiosk_and_type(browser_client, district):
    fresh = file_request(district, kiosk="kiosk-1", record_type="marriage")
    old = file_request(district, kiosk="kiosk-2", record_type="real_estate")
    store = district.parts.federation.store
    # Filed a week ago: past its one working day, whatever today is.
    week_ago = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=7)).isoformat(timespec="seconds")
    store._db.execute("UPDATE federation_requests SET created_at = ? WHERE request_id = ?", (week_ago, old))
    sign_in(browser_client, district, "archivist")
    page = browser_client.get("/console/requests").text
    assert page.index(old) < page.index(fresh) and "超时" in page
    only = browser_client.get("/console/requests?kiosk=kiosk-1").text
    assert fresh in only and old not in only
    typed = browser_client.get("/console/requests?record_type=real_estate").text
    assert old in typed and fresh not in typed
    aged = browser_client.get("/console/requests?age=72h").text
    assert old in aged and fresh not in aged


def test_a_manager_enrols_resets_and_disables_staff_for_the_kiosks_sync(browser_client, district):
    sign_in(browser_client, district, "manager")
    csrf = csrf_of(browser_client.get("/console/staff").text)
    head = district.store.changes(0, 0).head
    r = browser_client.post("/console/staff/enrol", data={"csrf": csrf, "staff_id": "A-050", "display_name": "陈*",
                                                          "id_number": "330106199001011111", "roles": ["agent"]})
    pin = r.text.split('id="new-pin"')[1].split("<code>")[1].split("</code>")[0]
    assert len(pin) == 6 and pin.isdigit()
    # What a kiosk gets from the feed: the card's key and the PIN's hash, never the PIN or the ID number.
    changes = district.store.changes(head, 100).changes
    [doc] = [c for c in changes if c.kind == "staff" and c.key == "A-050"]
    assert pin not in doc.body_json and "330106199001011111" not in doc.body_json
    pepper = district.parts.staff.pepper  # the district's, which its kiosks hold and the feed does not carry
    registry = StaffRegistry.from_documents([doc.body_json], pepper)
    member = registry.by_id_number("330106199001011111")
    assert member is not None and registry.check_pin(member, pin)
    # The PIN is shown once: the page afterwards does not hold it.
    assert pin not in browser_client.get("/console/staff").text
    reset = browser_client.post("/console/staff/A-050/reset-pin", data={"csrf": csrf})
    new_pin = reset.text.split('id="new-pin"')[1].split("<code>")[1].split("</code>")[0]
    assert registry.check_pin(district.parts.staff.get("A-050"), new_pin)
    browser_client.post("/console/staff/A-050/active", data={"csrf": csrf, "active": "0"})
    disabled = district.store.get("staff", "A-050")
    assert disabled["active"] is False
    assert StaffRegistry.from_documents([disabled], pepper).by_id_number("330106199001011111") is None
    kinds = [r["kind"] for r in district.parts.audit.rows() if r["actor"] == "staff:M-301"]
    assert {"console.staff_enrolled", "console.staff_pin_reset", "console.staff_disabled"} <= set(kinds)


def test_a_disabled_member_is_signed_out_everywhere(browser_client, district):
    from fastapi.testclient import TestClient

    archivist = TestClient(district.app, base_url="https://testserver")
    sign_in(archivist, district, "archivist")
    assert archivist.get("/console/requests").status_code == 200
    sign_in(browser_client, district, "manager")
    csrf = csrf_of(browser_client.get("/console/staff").text)
    browser_client.post("/console/staff/D-101/active", data={"csrf": csrf, "active": "0"})
    assert archivist.get("/console/requests", follow_redirects=False).status_code == 303
    # Disabled behind the console's back (straight in the registry the kiosks sync): the same.
    sign_in(archivist, district, "technician")
    assert archivist.get("/console/fleet").status_code == 200
    district.parts.staff.set_active("T-201", False)
    assert archivist.get("/console/fleet", follow_redirects=False).status_code == 303


def test_the_fleet_puts_a_kiosk_out_of_paper_first_and_keeps_its_history(browser_client, district):
    board = district.parts.health
    now = dt.datetime.now(dt.timezone.utc)
    board.record(health_report("kiosk-a", at=now))
    board.record(health_report("kiosk-z", at=now - dt.timedelta(minutes=5)))
    board.record(health_report("kiosk-z", receipt="paper_out", at=now))
    sign_in(browser_client, district, "technician")
    page = browser_client.get("/console/fleet").text
    assert page.index('data-kiosk="kiosk-z"') < page.index('data-kiosk="kiosk-a"')
    assert "收据打印机缺纸" in page and "0.1.0" in page
    history = browser_client.get("/console/fleet/kiosk-z").text
    assert history.count("<tr><td>") >= 2 and "收据打印机缺纸" in history
    assert 'id="revoke"' not in history  # revoking is a manager's act


def test_a_manager_revokes_a_kiosk_and_the_gateway_refuses_it_at_its_next_request(browser_client, district):
    from kiosk.tls.identity import Caller, Role

    district.parts.health.record(health_report("kiosk-lost"))
    caller = Caller(Role.KIOSK, "kiosk-lost", "330106")
    assert not district.app.state.revoked(caller)
    sign_in(browser_client, district, "manager")
    page = browser_client.get("/console/fleet/kiosk-lost").text
    browser_client.post("/console/fleet/kiosk-lost/revoke", data={"csrf": csrf_of(page), "reason": "被盗"})
    assert district.app.state.revoked(caller)
    assert not district.app.state.revoked(Caller(Role.KIOSK, "kiosk-other", "330106"))
    after = browser_client.get("/console/fleet/kiosk-lost").text
    assert 'id="revoked-note"' in after and "kiosk keys revoke --kiosk-id kiosk-lost" in after
    assert district.audit("console.kiosk_revoked")[-1]["actor"] == "staff:M-301"


def test_statistics_show_visits_top_types_and_export_csv(browser_client, district):
    stats = district.parts.federation.stats
    stats.ingest({"point": "翠苑社区", "kiosk": "kiosk-1", "hour": "2026-11-02T09",
                  "metrics": {"sessions": 3, "viewed/marriage": 2, "viewed/real_estate": 5, "ratings/5": 2}})
    stats.ingest({"point": "文新社区", "kiosk": "kiosk-2", "hour": "2026-12-01T14",
                  "metrics": {"sessions": 4, "viewed/real_estate": 1, "prints/certified_copy": 2}})
    sign_in(browser_client, district, "manager")
    page = browser_client.get("/console/stats").text
    assert '<div class="n" id="visits">7</div>' in page
    top = page.split('id="top"')[1].split("</section>")[0]
    assert top.index("不动产登记") < top.index("婚姻登记")
    assert "<svg" in page and "翠苑社区" in page
    month = browser_client.get("/console/stats?month=2026-12").text
    assert '<div class="n" id="visits">4</div>' in month
    csv = browser_client.get("/console/stats.csv?point=翠苑社区")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0] == "point,kiosk,hour_utc,metric,value" and "翠苑社区,kiosk-1,2026-11-02T09,sessions,3" in lines
    assert not any("文新社区" in line for line in lines)
    assert district.audit("console.stats_exported")[-1]["actor"] == "staff:M-301"


def test_times_are_the_districts_local_time(browser_client, district):
    # Friday 23:30 UTC is Saturday 07:30 in Hangzhou: filed on a weekend, due at the end of Monday.
    rid = file_request(district)
    district.parts.federation.store._db.execute(
        "UPDATE federation_requests SET created_at = '2026-12-04T23:30:00+00:00' WHERE request_id = ?", (rid,))
    sign_in(browser_client, district, "archivist")
    detail = browser_client.get(f"/console/requests/{rid}").text
    assert "2026-12-05 07:30" in detail and "2026-12-07 17:00" in detail
    # A visit at 01:00 UTC on 1 December counts at 09 o'clock; one at 20:00 UTC on 30 November is December's.
    stats = district.parts.federation.stats
    stats.ingest({"point": "翠苑社区", "kiosk": "k1", "hour": "2026-12-01T01", "metrics": {"sessions": 2}})
    stats.ingest({"point": "翠苑社区", "kiosk": "k1", "hour": "2026-11-30T20", "metrics": {"sessions": 5}})
    sign_in(browser_client, district, "manager")
    december = browser_client.get("/console/stats?month=2026-12").text
    assert '<div class="n" id="visits">7</div>' in december
    hours = december.split('Visits by hour of day</span></h2>')[1].split("</section>")[0]
    assert "<title>09: 2</title>" in hours and "<title>04: 5</title>" in hours
