"""Service guides (查档+办事) from config/guides: shown after viewing a record, with that record's type
first, printable on the receipt; public from the attract screen, without a receipt."""

from __future__ import annotations

from kiosk.demo_setup import project_root
from kiosk.guides.book import GuideBook
from kiosk.session_states import State
from ui.screens.service_guides import KEY_ROLE

from .helpers import click, click_named, identified

BOOK = GuideBook.load(project_root() / "config" / "guides")


def screen(kiosk):
    return kiosk.window.current_screen()


def open_only_child_record(qtbot, kiosk):
    identified(qtbot, kiosk)
    click_named(qtbot, screen(kiosk), "type_only_child")
    screen(kiosk).rows[0].click()  # the record's row
    assert kiosk.session.state is State.RECORD_VIEW


def pick(guides, key: str) -> None:
    """Touch the row of the guide ``key`` in the list."""
    rows = [guides.list.item(i) for i in range(guides.list.count())]
    (row,) = [r for r in rows if r.data(KEY_ROLE) == key]
    guides.list.itemClicked.emit(row)


def shown_text(guides) -> str:
    return "\n".join(guides.text.item(i).text() for i in range(guides.text.count()))


def test_after_viewing_a_record_its_guides_show_first_and_one_goes_on_the_receipt(qtbot, kiosk):
    open_only_child_record(qtbot, kiosk)
    click(qtbot, screen(kiosk), "back_to_records")
    click(qtbot, screen(kiosk), "home")
    click(qtbot, screen(kiosk), "open_guide")
    assert kiosk.session.state is State.GUIDE
    guides = screen(kiosk)
    assert guides.objectName() == "ServiceGuideScreen"
    only_child = BOOK.get("only_child", "pension")
    assert guides.shown == only_child  # the viewed record's type first, read from config/guides
    assert guides.list.item(0).data(KEY_ROLE) == only_child.key and guides.list.currentRow() == 0
    assert only_child.where in shown_text(guides) and only_child.bring[0] in shown_text(guides)
    assert guides.list.count() == len(BOOK.guides)

    # Another errand for another record type.
    inheritance = BOOK.get("real_estate", "inheritance")
    pick(guides, inheritance.key)
    assert guides.shown == inheritance and inheritance.where in shown_text(guides)
    assert guides.list.currentItem().data(KEY_ROLE) == inheritance.key

    click(qtbot, guides, "guide_to_receipt")
    assert kiosk.controller.view.guides_on_receipt == ["real_estate/inheritance"]
    assert not guides.receipt_button.isEnabled()  # once is enough
    assert kiosk.session.data.next_steps.count(f"【{inheritance.label}】") == 1
    click(qtbot, guides, "guide_back")
    click(qtbot, screen(kiosk), "checkout")
    click_named(qtbot, kiosk.window, "btn_finish_confirmed")  # nothing printed: asked once more
    lines = kiosk.parts.printing.receipt_summary().next_steps
    assert f"【{inheritance.label}】" in lines and any(inheritance.where[:6] in line for line in lines)
    assert all(sum(2 if ord(c) > 0x2E80 else 1 for c in line) <= 32 for line in kiosk.session.data.next_steps)
    qtbot.waitUntil(lambda: kiosk.controller.view.receipt_status == "done", timeout=5000)


def test_the_public_guide_has_no_receipt(qtbot, kiosk):
    assert kiosk.session.state is State.ATTRACT
    click(qtbot, screen(kiosk), "open_guide")
    assert kiosk.session.state is State.GUIDE
    guides = screen(kiosk)
    assert guides.shown is not None and guides.shown.proves in shown_text(guides)
    assert not guides.receipt_button.isVisible()
    kiosk.controller.on_action("guide_to_receipt", None)  # a stray action changes nothing
    assert kiosk.controller.view.guides_on_receipt == []
