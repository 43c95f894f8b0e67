"""The walking skeleton end to end: attract → card → identity → records → finish → wipe → attract."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton

from kiosk.session_states import State


def click(qtbot, screen, action):
    btn = screen.findChild(QPushButton, f"btn_{action}")
    assert btn is not None and btn.isVisible(), f"no visible button {action} on {screen.objectName()}"
    qtbot.mouseClick(btn, Qt.MouseButton.LeftButton)


def visible_texts(widget) -> str:
    parts = [lbl.text() for lbl in widget.findChildren(QLabel)]
    for lst in widget.findChildren(QListWidget):
        parts += [lst.item(i).text() for i in range(lst.count())]
    return "\n".join(parts)


def test_card_to_records_and_back_to_attract(qtbot, kiosk):
    w = kiosk.window
    assert w.current_screen().objectName() == "AttractScreen"
    kiosk.demo_panel.card_buttons["ouyang_xiuying"].click()
    qtbot.waitUntil(lambda: kiosk.session.state is State.CONSENT)
    assert w.current_screen().objectName() == "ConsentScreen"

    click(qtbot, w.current_screen(), "decline")
    assert kiosk.session.state is State.ASSISTED_VERIFY
    click(qtbot, w.current_screen(), "agent_confirm")
    assert kiosk.session.state is State.HOME
    qtbot.waitUntil(lambda: len(kiosk.session.data.records) == 5)
    # The list was filled when HOME was entered or is refreshed: re-enter to render what was loaded.
    w.current_screen().enter(kiosk.session)
    records = w.current_screen().findChild(QListWidget, "records")
    assert records.count() == 5
    assert any("独生子女" in records.item(i).text() for i in range(records.count()))
    assert "欧**英" in visible_texts(w)

    click(qtbot, w.current_screen(), "logout")
    qtbot.waitUntil(lambda: kiosk.session.state is State.ATTRACT)
    assert kiosk.session.data.card is None
    everything = visible_texts(w)
    assert "欧" not in everything and "独生子女" not in everything
    kinds = [r["detail"]["to"] for r in kiosk.audit.rows("session.transition")]
    assert kinds == ["reading_card", "consent", "assisted_verify", "home", "wipe", "attract"]


def test_lifting_the_card_while_reading_returns_to_attract(qtbot, kiosk):
    kiosk.card_sim.lift()
    kiosk.session.card_presented()
    assert kiosk.session.state is State.READING_CARD
    kiosk.card_sim.lift()
    qtbot.waitUntil(lambda: kiosk.session.state is State.ATTRACT)
