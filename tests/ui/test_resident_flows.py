"""The resident's flows on the simulators, driven by touches; every wait is on a signal or a condition."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.session_states import State
from tests.ui.conftest import with_ui
from tests.ui.helpers import (all_texts, assert_nothing_personal, click, click_named, identified, personal_strings,
                              pictures_left)


def screen(kiosk):
    return kiosk.window.current_screen()


def test_happy_path_card_face_records_view_certified_copy_receipt_rating_wipe(qtbot, kiosk):
    identified(qtbot, kiosk)
    s = kiosk.session
    assert s.verified_by == "face"
    click_named(qtbot, screen(kiosk), "type_only_child")
    assert s.state is State.RECORDS
    rows = screen(kiosk).rows
    assert len(rows) == 1 and rows[0].title_label.text() == "独生子女父母光荣证"
    qtbot.mouseClick(rows[0], Qt.MouseButton.LeftButton)  # anywhere on the row
    assert s.state is State.RECORD_VIEW
    view = screen(kiosk)
    qtbot.waitUntil(lambda: len(view.viewer.pages) == 1)
    assert view.reader.page_text_px >= 32  # readable as it opens
    click_named(qtbot, view, "reader_zoom_in")
    assert view.viewer.relative_zoom == 1.5 and view.reader.zoom_label.text() == "150%"

    click(qtbot, view, "open_print")
    assert s.state is State.PRINT
    options = screen(kiosk)
    assert not options.next.isEnabled()  # no purpose chosen yet
    click(qtbot, options, "copies_more")
    qtbot.mouseClick(options.purpose_buttons["pension"], Qt.MouseButton.LeftButton)
    assert kiosk.controller.view.print_options == {"copies": 2, "purpose": "pension"}
    assert options.purpose_buttons["pension"].text().startswith("✔")  # chosen, in words too
    click(qtbot, options, "preview_copy")
    assert s.state is State.CERTIFY
    qtbot.waitUntil(lambda: kiosk.controller.view.copy_preview is not None)
    click(qtbot, screen(kiosk), "print_copy")
    qtbot.waitUntil(lambda: len(s.data.printed) == 1)
    assert s.data.printed[0].copies == 2 and s.data.printed[0].verification_code

    personal = personal_strings(kiosk)
    click(qtbot, screen(kiosk), "checkout")
    assert s.state is State.CHECKOUT
    qtbot.waitUntil(lambda: kiosk.controller.view.receipt_status == "done")
    checkout = screen(kiosk)
    assert checkout.receipt.pixmap() is not None and not checkout.receipt.pixmap().isNull()
    click_named(qtbot, checkout, "rate_4")
    assert s.data.rating == 4 and checkout.thanks.text() == "✔ 谢谢您的评价：满意"
    assert checkout.summary.text() == "本次打印 2 份"
    assert kiosk.audit.rows("session.rating")[-1]["detail"] == {"stars": 4}
    assert {"receipt_preview", "page_canvas"} <= set(pictures_left(kiosk.window))  # what WIPE must clear
    with qtbot.waitSignal(kiosk.model.wiped):
        click(qtbot, checkout, "logout")
    qtbot.waitUntil(lambda: s.state is State.ATTRACT)
    assert_nothing_personal(kiosk.window, personal)
    assert checkout.receipt.pixmap() is None or checkout.receipt.pixmap().isNull()


def test_face_fails_three_times_goes_to_assisted(qtbot, kiosk):
    kiosk.services.simulators["face"].next_match = False
    kiosk.demo_panel.card_buttons["li_na"].click()
    qtbot.waitUntil(lambda: kiosk.session.state is State.CONSENT, timeout=10000)
    click(qtbot, screen(kiosk), "agree")
    qtbot.waitUntil(lambda: kiosk.session.state is State.ASSISTED_VERIFY, timeout=10000)
    assert kiosk.session.data.face_attempts == 3
    assert kiosk.services.simulators["face"].started == 3
    assert not kiosk.face_bridge.running
    assert "failed" in kiosk.session.data.assisted_reason
    # The preview is gone with the face check: no frame stays in a widget.
    preview = kiosk.window.screens[State.FACE_CHECK].preview
    assert preview.pixmap() is None or preview.pixmap().isNull()


def test_consent_declined_goes_to_assisted(qtbot, kiosk):
    kiosk.demo_panel.card_buttons["li_na"].click()
    qtbot.waitUntil(lambda: kiosk.session.state is State.CONSENT, timeout=10000)
    click(qtbot, screen(kiosk), "decline")
    assert kiosk.session.state is State.ASSISTED_VERIFY
    assert kiosk.services.simulators["face"].started == 0  # the camera never started


def test_idle_timeout_warns_then_wipes_leaving_nothing(qtbot, kiosk):
    k = kiosk
    # The session's 1 s tick, faster: the clock is real.
    k.model._timer.setInterval(50)
    identified(qtbot, k)
    # Short timeouts only once identified: the real face check itself takes longer than 0.3 s.
    k.session.idle_timeout_s = k.session.warning_s = 0.3
    click_named(qtbot, screen(k), "type_marriage")
    personal = personal_strings(k)
    qtbot.waitUntil(lambda: k.session.state is State.TIMEOUT_WARNING, timeout=5000)
    warning = screen(k)
    assert warning.objectName() == "TimeoutWarningScreen" and warning.more.isVisible()
    assert "秒" in warning.countdown.text()
    click(qtbot, warning, "more_time")
    assert k.session.state is State.RECORDS  # more time returns to where the resident was
    with qtbot.waitSignal(k.model.wiped, timeout=5000):
        pass
    qtbot.waitUntil(lambda: k.session.state is State.ATTRACT)
    assert k.session.data.card is None and k.session.data.records == []
    assert_nothing_personal(k.window, personal)
    reasons = [r["detail"].get("reason") for r in k.audit.rows("session.transition")]
    assert "timeout" in reasons


def test_paper_out_at_print_time_shows_error_and_the_job_waits(qtbot, kiosk):
    identified(qtbot, kiosk)
    s, printer = kiosk.session, kiosk.services.simulators["printer"]
    click_named(qtbot, screen(kiosk), "type_marriage")
    qtbot.mouseClick(screen(kiosk).rows[0].view_button, Qt.MouseButton.LeftButton)
    click(qtbot, screen(kiosk), "open_print")
    qtbot.mouseClick(screen(kiosk).purpose_buttons["housing"], Qt.MouseButton.LeftButton)
    click(qtbot, screen(kiosk), "preview_copy")
    printer.set_paper_out(True)
    with qtbot.waitSignal(kiosk.model.faultChanged):
        click(qtbot, screen(kiosk), "print_copy")
    error = screen(kiosk)
    assert error.objectName() == "ErrorScreen" and s.state is State.CERTIFY
    assert s.fault.code == "DOCPRINTER_MEDIA_EMPTY"  # the document printer's own word for it
    assert "缺纸" in error.what.text() and error.retry.isVisible()
    assert kiosk.controller.view.print_job["status"] == "waiting" and len(printer.waiting) == 1
    click(qtbot, error, "call_staff")
    assert "工作人员" in error.staff_called.text()
    printer.set_paper_out(False)
    click(qtbot, error, "fault_retry")
    qtbot.waitUntil(lambda: kiosk.controller.view.print_job["status"] == "done")
    assert screen(kiosk).objectName() == "CertifyScreen" and printer.waiting == []
    assert len(printer.printed) == 1  # the job that waited came out, once


def test_camera_lost_shows_error_and_leads_to_staff(qtbot, kiosk):
    kiosk.services.simulators["face"].lose_camera(True)
    kiosk.demo_panel.card_buttons["zhang_jianguo"].click()
    qtbot.waitUntil(lambda: kiosk.session.state is State.CONSENT, timeout=10000)
    with qtbot.waitSignal(kiosk.model.faultChanged):
        click(qtbot, screen(kiosk), "agree")
    error = screen(kiosk)
    assert error.objectName() == "ErrorScreen" and kiosk.session.fault.device == "camera"
    assert "摄像头" in error.what.text()
    # Staff read a short code; the raw one stays in the log.
    assert error.findChild(QLabel, "code").text().endswith("「C-01」")
    assert "CAMERA_LOST" not in all_texts(error)
    click(qtbot, error, "fault_assisted")
    assert kiosk.session.state is State.ASSISTED_VERIFY and kiosk.session.fault is None


def test_gateway_offline_shows_banner_and_local_records_are_served(qtbot, gateway_kiosk):
    kiosk = gateway_kiosk
    kiosk.services.simulators["network"].set_online(False)
    kiosk.parts.network.check()
    banner = kiosk.window.banner
    qtbot.waitUntil(banner.isVisible)
    assert "离线" in banner.text() and "⚠" in banner.text()
    identified(qtbot, kiosk)
    assert len(kiosk.session.data.records) == 5  # from the local cache
    assert banner.isVisible()
    kiosk.services.simulators["network"].set_online(True)
    kiosk.parts.network.check()
    qtbot.waitUntil(lambda: not banner.isVisible())


def test_language_and_elder_mode_switch_mid_session(qtbot, kiosk):
    identified(qtbot, kiosk)
    home, bar = screen(kiosk), kiosk.window.top_bar
    assert home.title.text() == "您的档案"
    assert "社会保险缴费记录  (1)" in all_texts(home)
    body_px = home.greeting.font().pixelSize()
    click_named(qtbot, bar, "bar_language")
    assert kiosk.appearance.language == "en"
    qtbot.waitUntil(lambda: home.title.text() == "Your archives")  # Qt posts LanguageChange
    assert "Social insurance payments  (1)" in all_texts(home)  # data re-rendered in the new language
    assert bar.language.text() == "中文"
    click_named(qtbot, bar, "bar_elder")
    qtbot.waitUntil(lambda: home.greeting.font().pixelSize() >= 48)
    assert home.greeting.font().pixelSize() > body_px
    assert "on" in bar.elder.text()  # the switch says its state in words
    assert kiosk.session.state is State.HOME and kiosk.session.data.card is not None  # the visit goes on
    click(qtbot, home, "checkout")
    click_named(qtbot, kiosk.window, "btn_finish_confirmed")  # nothing printed: asked once more
    click(qtbot, screen(kiosk), "logout")
    qtbot.waitUntil(lambda: kiosk.session.state is State.ATTRACT)
    # The next resident gets the configured look back.
    assert kiosk.appearance.language == "zh_CN" and not kiosk.appearance.elder


def test_search_shows_own_records_and_masked_hits_that_lead_to_a_request(qtbot, kiosk):
    identified(qtbot, kiosk)
    click(qtbot, screen(kiosk), "open_search")
    search = screen(kiosk)
    for key in ("z", "h", "a", "n", "g"):
        click_named(qtbot, search.keyboard, f"key_{key}")
    qtbot.waitUntil(lambda: search.keyboard.findChild(QPushButton, "key_cand_0") is not None
                    and search.keyboard.findChild(QPushButton, "key_cand_0").isVisible())
    click_named(qtbot, search.keyboard, "key_cand_0")
    assert search.query.text() == "张"
    click(qtbot, search, "search")
    qtbot.waitUntil(lambda: search.results.count() > 0)
    hits = kiosk.controller.view.search_hits
    assert hits and all(not h.openable and "张*国" in h.masked_names for h in hits)
    assert "张建国" not in all_texts(search)
    search.results.itemClicked.emit(search.results.item(0))
    assert kiosk.session.state is State.REQUEST
    click(qtbot, screen(kiosk), "submit_request")
    qtbot.waitUntil(lambda: bool(kiosk.session.data.requests))
    sent = screen(kiosk)
    assert sent.pickup.text().startswith("取件码")
    assert kiosk.session.data.requests[-1].request_id not in all_texts(sent)  # never the internal id


def test_speech_speaks_each_screen_and_mute_and_repeat_work(qtbot, kiosk):
    speaker, bar = kiosk.speaker, kiosk.window.top_bar
    speaker.set_muted(False)
    with qtbot.waitSignal(speaker.spoken) as spoken:
        click(qtbot, screen(kiosk), "open_guide")
    assert spoken.args[0] == "guide" and "办事指南" in spoken.args[1]
    assert speaker.recording("guide").is_file()
    with qtbot.waitSignal(speaker.spoken) as again:
        click_named(qtbot, bar, "bar_repeat")
    assert again.args[0] == "guide"
    click_named(qtbot, bar, "bar_mute")
    assert speaker.muted and "关" in bar.mute.text()
    with qtbot.assertNotEmitted(speaker.spoken):
        click_named(qtbot, bar, "bar_repeat")


def test_verify_a_certificate_from_the_attract_screen_shows_the_camera_and_back_closes_it(qtbot, kiosk):
    click(qtbot, screen(kiosk), "verify_certificate")
    verify = screen(kiosk)
    assert kiosk.session.state is State.VERIFY_CERTIFICATE and verify.objectName() == "VerifyCertificateScreen"
    qtbot.waitUntil(lambda: verify.preview.pixmap() is not None and not verify.preview.pixmap().isNull())
    assert "二维码" in verify.verdict.text()
    click(qtbot, verify, "back")
    assert kiosk.session.state is State.ATTRACT and screen(kiosk).objectName() == "AttractScreen"
    assert kiosk.parts.verify.feed is None  # the camera is closed with the screen


def test_the_hard_cap_ends_a_busy_visit_and_leaves_nothing(qtbot, kiosk_config):
    from kiosk.demo_setup import prepare_demo
    from ui.app import build_kiosk

    config = with_ui(kiosk_config, idle_timeout_s=1.0, warning_s=1.0, hard_cap_s=2.5)
    prepare_demo(config)
    k = build_kiosk(config, demo=True)
    qtbot.addWidget(k.window)
    k.window.show()
    try:
        k.model._timer.setInterval(50)  # the 1 s tick, faster: the clock is real
        k.demo_panel.card_buttons["ouyang_xiuying"].click()
        qtbot.waitUntil(lambda: k.session.state is State.CONSENT, timeout=10000)
        click(qtbot, screen(k), "decline")
        click(qtbot, screen(k), "agent_confirm")
        qtbot.waitUntil(lambda: len(k.session.data.records) == 5)
        personal = personal_strings(k)

        def busy_until_attract() -> bool:
            k.session.touch()  # the resident keeps tapping: the idle timeout never comes
            return k.session.state is State.ATTRACT

        qtbot.waitUntil(busy_until_attract, timeout=10000)
        reasons = [r["detail"].get("reason") for r in k.audit.rows("session.transition")]
        assert "session time limit" in reasons and "idle" not in reasons
        assert_nothing_personal(k.window, personal)
    finally:
        k.shutdown()


def test_finish_before_anything_printed_asks_once_more(qtbot, kiosk):
    identified(qtbot, kiosk)
    s = kiosk.session
    home = screen(kiosk)
    click(qtbot, home, "checkout")
    ask = kiosk.window.finish_confirm
    assert ask.isVisible() and ask.question.text() == "还没打印，确定结束吗？"
    assert s.state is State.HOME  # nothing ended yet
    click_named(qtbot, kiosk.window, "btn_finish_keep")
    assert not ask.isVisible() and s.state is State.HOME
    click(qtbot, home, "checkout")
    click_named(qtbot, kiosk.window, "btn_finish_confirmed")
    assert s.state is State.CHECKOUT and not ask.isVisible()
