"""Driving the kiosk like a resident: touches on named buttons, and what the widget tree shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QLabel, QLineEdit, QListWidget, QPlainTextEdit,
                               QPushButton, QTextEdit, QWidget)

from kiosk.session_states import State


def click(qtbot, screen, action):
    btn = screen.findChild(QPushButton, f"btn_{action}")
    assert btn is not None and btn.isVisible(), f"no visible button {action} on {screen.objectName()}"
    qtbot.mouseClick(btn, Qt.MouseButton.LeftButton)


def click_named(qtbot, root, name):
    btn = root.findChild(QAbstractButton, name)
    assert btn is not None and btn.isVisible(), f"no visible button {name}"
    qtbot.mouseClick(btn, Qt.MouseButton.LeftButton)


def all_texts(widget) -> str:
    """Every text held anywhere in the widget tree, shown or not: labels, buttons, fields, text boxes, list
    rows and combo items, and what screen readers and tooltips would say of any widget."""
    parts = [w.text() for w in widget.findChildren(QLabel)]
    parts += [w.text() for w in widget.findChildren(QAbstractButton)]
    parts += [w.text() for w in widget.findChildren(QLineEdit)]
    parts += [w.toPlainText() for w in widget.findChildren(QPlainTextEdit)]
    parts += [w.toPlainText() for w in widget.findChildren(QTextEdit)]
    for lst in widget.findChildren(QListWidget):
        parts += [lst.item(i).text() for i in range(lst.count())]
    for box in widget.findChildren(QComboBox):
        parts += [box.itemText(i) for i in range(box.count())]
    for w in [widget, *widget.findChildren(QWidget)]:
        parts += [w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.windowTitle()]
    return "\n".join(parts)


def pictures_left(widget) -> list[str]:
    """Labels still holding a picture (a card photo, a camera frame, a receipt, a copy), and page readers still
    holding a record's pages."""
    from ui.widgets.page_canvas import PageCanvas

    labels = [w.objectName() or type(w).__name__ for w in widget.findChildren(QLabel)
              if w.pixmap() is not None and not w.pixmap().isNull()]
    return labels + [w.objectName() for w in widget.findChildren(PageCanvas) if w.pages]


def identified(qtbot, kiosk, card="ouyang_xiuying"):
    """Card → consent → face match → HOME with the records loaded."""
    kiosk.demo_panel.card_buttons[card].click()
    qtbot.waitUntil(lambda: kiosk.session.state is State.CONSENT, timeout=10000)
    click(qtbot, kiosk.window.current_screen(), "agree")
    # The face check runs the real engine in its worker process: on a loaded two-core machine a verdict
    # can take several seconds, and the wait ends as soon as HOME is reached.
    qtbot.waitUntil(lambda: kiosk.session.state is State.HOME, timeout=30000)
    qtbot.waitUntil(lambda: not kiosk.controller.view.records_loading)


def personal_strings(kiosk) -> list[str]:
    """What must not survive WIPE: names (full and masked), the ID number, every record title and 档号."""
    from kiosk.privacy import mask_id, mask_name

    data = kiosk.session.data
    card = data.card
    assert card is not None
    found = [card.name, mask_name(card.name), card.id_number, mask_id(card.id_number), card.id_number[-4:]]
    for r in data.records:
        found += [r.title, r.reference]
    return found


def assert_nothing_personal(window, personal: list[str]) -> None:
    everything = all_texts(window)
    left = [p for p in personal if p and p in everything]
    assert not left, f"still in the widget tree after WIPE: {left}"
    assert not pictures_left(window), f"pictures still held after WIPE: {pictures_left(window)}"


#: The demo district's agent (assets/demo/district.toml): 李娜's card and her PIN.
DEMO_AGENT_CARD, DEMO_AGENT_PIN = "li_na", "246810"


def sign_in_on_assisted_screen(qtbot, kiosk, card: str = DEMO_AGENT_CARD, pin: str = DEMO_AGENT_PIN) -> None:
    """The agent lifts the resident's card, lays their own and types their PIN on the assisted screen."""
    screen = kiosk.window.current_screen()
    assert screen.objectName() == "AgentVerifyScreen"
    kiosk.card_sim.lift()
    kiosk.card_sim.place(card)
    qtbot.waitUntil(lambda: "*" in screen.card_line.text(), timeout=10000)
    for digit in pin:
        click_named(qtbot, screen, f"key_{digit}")
    click(qtbot, screen, "assisted_sign_in")
    qtbot.waitUntil(lambda: kiosk.session.agent is not None or bool(screen.message.text()), timeout=5000)
