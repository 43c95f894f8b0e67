"""The records screen: one large card row per record (title, the office holding it, the year) with a
"查看 ›" button, the whole row touchable, pages instead of a scroll bar; in English no Chinese catalogue
words reach the row."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTranslator
from PySide6.QtWidgets import QAbstractScrollArea

from kiosk.archive.demo_records import demo_records
from kiosk.archive.record_words import record_office, record_title
from kiosk.paths import TRANSLATIONS
from ui import theme
from ui.screens.records import RecordsScreen
from ui.widgets.card_rows import CardPages

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture
def language(qapp, request):
    translator = QTranslator()
    if request.param == "zh_CN":
        assert translator.load(str(TRANSLATIONS / "kiosk_zh_CN.qm"))
        QCoreApplication.installTranslator(translator)
    yield request.param
    QCoreApplication.removeTranslator(translator)


def _shown(qtbot, widget, elder=False):
    widget.setStyleSheet(theme.stylesheet(theme.ELDER if elder else theme.NORMAL))
    widget.resize(1824, 760)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _records_screen(qtbot, record_type, elder=False):
    screen = RecordsScreen()
    screen.view.record_type = record_type
    _shown(qtbot, screen, elder)
    opened = []
    screen.action.connect(lambda action, payload: opened.append((action, payload)))
    records = demo_records()
    screen.enter(SimpleNamespace(data=SimpleNamespace(records=records)))
    return screen, opened, [r for r in records if r.record_type == record_type]


@pytest.mark.parametrize("language", ["zh_CN"], indirect=True)
def test_each_record_is_a_card_row_with_a_view_button_and_the_whole_row_opens_it(qtbot, language):
    screen, opened, mine = _records_screen(qtbot, "marriage", elder=True)
    assert len(screen.rows) == len(mine) == 2
    for row, record in zip(screen.rows, mine, strict=True):
        assert row.isVisible() and row.view_button.isVisible()
        assert row.view_button.text() == "查看 ›"
        assert row.title_label.text() == record.title
        assert row.facts_label.text() == f"{record.office} · {record.year}年"
        assert row.height() >= theme.MIN_TARGET_PX and row.width() > 1400  # a card across the screen
        # The "查看 ›" sits at the row's right end.
        assert row.view_button.geometry().right() > row.width() - 60
    # A touch on the title's words opens the record, as does the button.
    first, second = screen.rows
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton, pos=first.title_label.geometry().center())
    qtbot.mouseClick(second.view_button, Qt.MouseButton.LeftButton)
    assert opened == [("open_record", mine[0].record_id), ("open_record", mine[1].record_id)]
    assert not screen.findChildren(QAbstractScrollArea)  # no list with a scroll bar


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_english_rows_name_the_record_and_its_office_in_english(qtbot, language):
    screen, _opened, mine = _records_screen(qtbot, "social_insurance")
    texts = [t for row in screen.rows for t in (row.title_label.text(), row.facts_label.text(),
                                                 row.view_button.text())]
    assert texts and not [t for t in texts if CJK.search(t)], texts
    assert screen.rows[0].view_button.text() == "View ›"
    assert screen.rows[0].title_label.text() == mine[0].extra["title_en"]


def test_a_record_without_english_forms_is_named_by_its_type_and_office_kind():
    record = demo_records()[0]
    bare = type(record)(**{**record.__dict__, "extra": {}})
    assert record_title(bare, "en") == "Social insurance payments"
    assert record_office(bare, "en") == "Social insurance agency"
    assert record_title(bare, "zh_CN") == record.title and record_office(bare, "zh_CN") == record.office


def test_rows_that_do_not_fit_go_on_pages_never_cut(qtbot):
    pages = _shown(qtbot, CardPages(name="records"), elder=True)
    pages.set_rows([(f"记录 {i}", f"某某档案馆 · {1990 + i}年") for i in range(9)], "查看 ›")
    assert pages.pages > 1 and pages.next.isVisible() and not pages.prev.isEnabled()
    seen = []
    for _ in range(pages.pages):
        shown = [r for r in pages.rows if r.isVisible()]
        assert shown
        for r in shown:  # every row on a page is whole
            top = r.mapTo(pages, QPoint(0, 0)).y()
            assert top >= 0 and top + r.height() <= pages.next.mapTo(pages, QPoint(0, 0)).y()
        seen += [pages.rows.index(r) for r in shown]
        qtbot.mouseClick(pages.next, Qt.MouseButton.LeftButton)
    assert seen == list(range(9))  # each row on exactly one page, in order
