"""Someone at the screen with another person's card: declining the face check and tapping "identity
confirmed" on the assisted screen opens nothing until a member of staff signs in there with their own card
and PIN. Driven through the real screens on the simulated reader."""

from __future__ import annotations

import pytest

from kiosk.errors import UsageError
from kiosk.session_states import State
from tests.ui.helpers import click, sign_in_on_assisted_screen

SOMEONE_ELSES_CARD = "ouyang_xiuying"


def decline_with(qtbot, kiosk, card: str = SOMEONE_ELSES_CARD):
    kiosk.card_sim.place(card)
    qtbot.waitUntil(lambda: kiosk.session.state is State.CONSENT, timeout=10000)
    click(qtbot, kiosk.window.current_screen(), "decline")
    assert kiosk.session.state is State.ASSISTED_VERIFY
    return kiosk.window.current_screen()


def test_decline_then_confirm_without_an_agent_stays_in_assisted_verify(qtbot, kiosk):
    verify = decline_with(qtbot, kiosk)
    assert verify.objectName() == "AgentVerifyScreen"
    # The screen asks for the agent's card and PIN; the reasons wait for them.
    assert verify.pin.isVisible() and not verify.choices["declined"].isVisible()
    click(qtbot, verify, "agent_confirm")
    assert kiosk.session.state is State.ASSISTED_VERIFY
    assert "请工作人员先登录" in verify.message.text()  # in the screen's language
    # Whatever a screen could emit, the session refuses: the action itself, "home", a direct call.
    kiosk.controller.on_action("agent_confirm", "checked against the card")
    kiosk.controller.on_action("home", None)
    assert kiosk.session.state is State.ASSISTED_VERIFY
    assert kiosk.session.verified_by is None and kiosk.session.agent_id is None
    assert kiosk.audit.rows("agent.identity_confirmed") == []
    assert not [r for r in kiosk.audit.rows("session.transition") if r["detail"]["to"] == "home"]
    assert all(not r["actor"].startswith("agent:") for r in kiosk.audit.rows())


def test_a_wrong_pin_on_the_assisted_screen_opens_nothing(qtbot, kiosk):
    verify = decline_with(qtbot, kiosk)
    sign_in_on_assisted_screen(qtbot, kiosk, pin="000000")
    assert kiosk.session.agent is None and verify.message.text()
    click(qtbot, verify, "agent_confirm")
    assert kiosk.session.state is State.ASSISTED_VERIFY
    assert kiosk.audit.rows("staff.bad_pin")[-1]["actor"] == "staff:A-007"


def test_a_resident_card_laid_as_a_staff_card_is_refused(qtbot, kiosk):
    verify = decline_with(qtbot, kiosk)
    sign_in_on_assisted_screen(qtbot, kiosk, card="zhang_jianguo")
    assert kiosk.session.agent is None and verify.message.text()
    assert kiosk.audit.rows("staff.login_refused")[-1]["detail"]["reason"] == "not staff"
    click(qtbot, verify, "agent_confirm")
    assert kiosk.session.state is State.ASSISTED_VERIFY


def test_with_an_agent_signed_in_on_the_assisted_screen_the_visit_proceeds_and_the_audit_names_them(qtbot, kiosk):
    verify = decline_with(qtbot, kiosk)
    sign_in_on_assisted_screen(qtbot, kiosk)
    assert kiosk.session.agent_id == "A-007"
    assert verify.card_line.text() == "已登录：李*" and verify.choices["declined"].isVisible()
    assert not verify.pin.isVisible()
    click(qtbot, verify, "agent_confirm")
    assert kiosk.session.state is State.HOME
    assert kiosk.session.verified_by == "agent"
    confirmed = kiosk.audit.rows("agent.identity_confirmed")[-1]
    assert confirmed["actor"] == "agent:A-007"  # the staff id, never a placeholder
    assert confirmed["detail"]["subject_name"] == "欧**英"
    home = [r for r in kiosk.audit.rows("session.transition") if r["detail"]["to"] == "home"]
    assert home[-1]["actor"] == "agent:A-007"
    # The next visit starts with nobody signed in.
    kiosk.controller.on_action("logout", None)
    qtbot.waitUntil(lambda: kiosk.session.state is State.ATTRACT, timeout=5000)
    assert kiosk.session.agent is None
    kiosk.card_sim.lift()
    decline_with(qtbot, kiosk)
    kiosk.controller.on_action("agent_confirm", "checked against the card")
    assert kiosk.session.state is State.ASSISTED_VERIFY


def test_an_action_is_handled_once_a_second_registration_is_refused(kiosk):
    before = kiosk.controller.actions["agent_confirm"]
    with pytest.raises(UsageError) as e:
        kiosk.controller.register("agent_confirm", lambda _p: kiosk.session.transition(State.HOME))
    assert e.value.code == "UI_ACTION_DUPLICATE"
    assert kiosk.controller.actions["agent_confirm"] is before
