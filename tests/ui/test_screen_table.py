"""The window's screen table: every state the session can be in has exactly one screen, and only the
window puts a screen in place (no flow adds or swaps one while the kiosk runs)."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.session_states import State
from ui.screen_registry import SCREENS, STAFF_SCREENS

UI = Path(__file__).resolve().parents[2] / "ui"


def test_every_state_has_exactly_one_screen_line():
    states = [state for state, _factory in [*SCREENS, *STAFF_SCREENS]]
    assert sorted(states) == sorted(set(states)), "a state with two screens"
    assert set(states) == set(State), f"states without a screen: {set(State) - set(states)}"


def test_only_the_window_places_screens():
    placing = re.compile(r"\.screens\[[^\]]*\]\s*=|del\s+\S*\.screens\[|\.stack\.addWidget\(")
    found = [f"{path.relative_to(UI.parent)}:{n}"
             for path in sorted(UI.rglob("*.py")) if path.name != "main_window.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if placing.search(line)]
    assert found == []


def test_a_state_keeps_the_screen_it_was_given(qtbot, kiosk):
    from kiosk.errors import UsageError
    from ui.screens.goodbye import GoodbyeScreen

    window = kiosk.window
    before = window.screens[State.AGENT_LOGIN]
    try:
        window.add_screens({State.AGENT_LOGIN: GoodbyeScreen()})
    except UsageError as e:
        assert e.code == "UI_SCREEN_DUPLICATE"
    else:
        raise AssertionError("a second screen for AGENT_LOGIN was accepted")
    assert window.screens[State.AGENT_LOGIN] is before
