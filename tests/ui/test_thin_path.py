"""The walking skeleton end to end: attract → card → staff hand-off → records → finish → wipe → attract."""

from __future__ import annotations

from kiosk.session_states import State
from ui.view_model import VisitView
from tests.ui.helpers import (all_texts, assert_nothing_personal, click, click_named, personal_strings,
                              sign_in_on_assisted_screen)


def test_card_to_records_and_back_to_attract(qtbot, kiosk):
    w = kiosk.window
    assert w.current_screen().objectName() == "AttractScreen"
    kiosk.demo_panel.card_buttons["ouyang_xiuying"].click()
    qtbot.waitUntil(lambda: kiosk.session.state is State.CONSENT, timeout=10000)
    click(qtbot, w.current_screen(), "decline")
    assert kiosk.session.state is State.ASSISTED_VERIFY
    # The agent signs in on the assisted screen with their own card and PIN, then confirms.
    sign_in_on_assisted_screen(qtbot, kiosk)
    click(qtbot, w.current_screen(), "agent_confirm")
    assert kiosk.session.state is State.HOME
    qtbot.waitUntil(lambda: len(kiosk.session.data.records) == 5)
    home = w.current_screen()
    qtbot.waitUntil(lambda: len(home.type_buttons) == 5)
    assert "独生子女证  (1)" in all_texts(home)
    assert "欧**英" in all_texts(w)

    personal = personal_strings(kiosk)
    click(qtbot, home, "checkout")
    click_named(qtbot, kiosk.window, "btn_finish_confirmed")  # nothing printed: asked once more
    click(qtbot, w.current_screen(), "logout")
    qtbot.waitUntil(lambda: kiosk.session.state is State.ATTRACT)
    assert kiosk.session.data.card is None
    assert kiosk.controller.view == VisitView()  # what the screens were shown went with the visit
    assert_nothing_personal(w, personal)
    kinds = [r["detail"]["to"] for r in kiosk.audit.rows("session.transition")]
    assert kinds == ["reading_card", "consent", "assisted_verify", "home", "checkout", "wipe", "attract"]
    assert kiosk.audit.rows("agent.identity_confirmed")[-1]["actor"] == "agent:A-007"
