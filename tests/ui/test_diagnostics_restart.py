"""A restart (a crash, the watchdog, a power cut) in the middle of a resident's session: the new run lands
on the attract screen with nothing of that session left, and the print jobs it left open are settled."""

from __future__ import annotations

from kiosk.diag import test_prints
from kiosk.printing.journal import JobState, PrintJournal
from kiosk.session_states import State
from tests.ui.helpers import assert_nothing_personal, identified, personal_strings
from kiosk.storage import storage_key_for


def _start(qtbot, config):
    from ui.app import build_kiosk

    k = build_kiosk(config, demo=True)
    qtbot.addWidget(k.window)
    k.window.show()
    return k


def test_a_restart_mid_session_lands_on_attract_wiped_with_print_jobs_settled(qtbot, kiosk_config):
    from kiosk.demo_setup import prepare_demo

    prepare_demo(kiosk_config)
    data_dir = kiosk_config.resolve(kiosk_config.data.dir)
    first = _start(qtbot, kiosk_config)
    identified(qtbot, first)
    cut_at = first.session.state.value
    personal = personal_strings(first)
    journal = PrintJournal.open(data_dir, key=storage_key_for(kiosk_config))
    pdf, title = test_prints.test_page_pdf("test-01", "测试服务点")
    receipt = journal.enqueue("receipt", kiosk_config.devices.receipt, "凭条", b"\x1b@")
    copy = journal.enqueue("certified_copy", kiosk_config.devices.docprinter, title, pdf, certificate_id="C-9")
    journal.close()
    # The process ends with the resident at HOME: no WIPE, no goodbye.
    first.parts.field.shutdown()
    first.shutdown()
    first.window.close()

    second = _start(qtbot, kiosk_config)
    field = second.parts.field
    field.start()  # as run_app does
    try:
        qtbot.waitUntil(lambda: len(second.audit.rows("print.recovered_at_start")) == 1, timeout=20000)
        assert second.session.state is State.ATTRACT
        assert second.window.current_screen().objectName() == "AttractScreen"
        assert second.session.data.card is None and not second.session.data.records
        assert_nothing_personal(second.window, personal)
        assert [r["detail"] for r in second.audit.rows("session.ended_by_restart")] == [{"state": cut_at}]
        journal = PrintJournal.open(data_dir, key=storage_key_for(kiosk_config))
        assert journal.get(receipt.id).state is JobState.VOIDED
        assert journal.get(copy.id).state is JobState.DONE
        journal.close()
        assert len(list((kiosk_config.resolve(kiosk_config.devices.sim_paper_dir) / "out").glob("*.pdf"))) == 1
    finally:
        field.shutdown()
        second.shutdown()
