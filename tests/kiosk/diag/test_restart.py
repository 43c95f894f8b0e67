"""A restart closes the session the last run left open and settles every open print job, once."""

from __future__ import annotations

import pytest

from hardware.docprinter.simulator import DocPrinterSimulator
from kiosk.audit import AuditLog
from kiosk.diag.restart import session_cut_short, settle_after_restart
from kiosk.diag import test_prints
from kiosk.errors import KioskError
from kiosk.printing.journal import JobState, PrintJournal
from kiosk.session import Session
from tests.kiosk.identity_proofs import step
from kiosk.session_states import State
from tests.storage_key import TEST_KEY


@pytest.fixture
def audit(tmp_path):
    log = AuditLog(tmp_path / "audit.sqlite", key=TEST_KEY)
    yield log
    log.close()


def _leave_session_in(audit: AuditLog, *path: State) -> None:
    session = Session(audit=audit)
    for state in path:
        step(session, state)  # with the card where the move needs one


def _open_jobs(data_dir):
    journal = PrintJournal.open(data_dir, key=TEST_KEY)
    pdf, title = test_prints.test_page_pdf("test-01", "测试服务点")
    receipt = journal.enqueue("receipt", "sim://receipt", "凭条", b"\x1b@receipt")
    copy = journal.enqueue("certified_copy", "sim://docprinter", title, pdf, certificate_id="C-1")
    journal.close()
    return receipt.id, copy.id


def test_a_session_cut_short_is_named_and_one_at_rest_is_not(audit):
    assert session_cut_short(audit) is None  # a kiosk's first start
    _leave_session_in(audit, State.READING_CARD)
    assert session_cut_short(audit) == "reading_card"
    Session(audit=audit).transition(State.OUT_OF_SERVICE, "test")
    assert session_cut_short(audit) is None


def test_a_session_cut_short_is_found_even_when_the_new_run_already_moved(audit):
    _leave_session_in(audit, State.READING_CARD, State.CONSENT)  # the crash
    _leave_session_in(audit, State.READING_CARD)  # the new run: a card laid on the reader at once
    assert session_cut_short(audit, this_run_moved=True) == "consent"
    assert session_cut_short(audit) == "reading_card", "read as if the new run had not moved"


def test_a_clean_end_before_the_new_run_moved_is_no_cut(audit):
    _leave_session_in(audit, State.READING_CARD, State.CONSENT, State.WIPE, State.ATTRACT)
    _leave_session_in(audit, State.READING_CARD)
    assert session_cut_short(audit, this_run_moved=True) is None


def test_settling_closes_the_session_voids_receipts_and_prints_promised_copies_once(audit, tmp_path):
    _leave_session_in(audit, State.READING_CARD)
    receipt_id, copy_id = _open_jobs(tmp_path / "data")
    printer = DocPrinterSimulator(tmp_path / "printer")

    report = settle_after_restart(audit, tmp_path / "data", lambda: printer,
                                  interrupted_state=session_cut_short(audit), timeout_s=10, key=TEST_KEY)

    assert report.to_dict() == {"interrupted_state": "reading_card",
                                "print_jobs": {"finished": 1, "voided": 1, "waiting": 0}}
    journal = PrintJournal.open(tmp_path / "data", key=TEST_KEY)
    assert journal.get(receipt_id).state is JobState.VOIDED
    assert journal.get(copy_id).state is JobState.DONE
    assert journal.open_jobs() == []
    journal.close()
    assert len(printer.printed()) == 1
    assert [r["detail"] for r in audit.rows("session.ended_by_restart")] == [{"state": "reading_card"}]
    assert [r["detail"] for r in audit.rows("print.recovered_at_start")] == [
        {"finished": 1, "voided": 1, "waiting": 0}]

    again = settle_after_restart(audit, tmp_path / "data", lambda: printer, interrupted_state=None, timeout_s=10, key=TEST_KEY)
    assert again.to_dict()["print_jobs"] == {"finished": 0, "voided": 0, "waiting": 0}
    assert len(printer.printed()) == 1, "a second start prints nothing twice"
    assert len(audit.rows("print.recovered_at_start")) == 1


def test_a_printer_that_cannot_be_opened_leaves_copies_waiting_and_the_kiosk_starts(audit, tmp_path):
    _, copy_id = _open_jobs(tmp_path / "data")

    def unreachable():
        raise KioskError("no printer here")

    report = settle_after_restart(audit, tmp_path / "data", unreachable, interrupted_state=None, timeout_s=1, key=TEST_KEY)
    assert report.to_dict()["print_jobs"] == {"finished": 0, "voided": 1, "waiting": 1}
    journal = PrintJournal.open(tmp_path / "data", key=TEST_KEY)
    assert journal.get(copy_id).state is JobState.QUEUED
    journal.close()
    assert audit.rows("session.ended_by_restart") == []


def test_a_paused_printer_keeps_the_copy_in_the_journal(audit, tmp_path):
    _, copy_id = _open_jobs(tmp_path / "data")
    printer = DocPrinterSimulator(tmp_path / "printer")
    printer.pause(True)
    report = settle_after_restart(audit, tmp_path / "data", lambda: printer, interrupted_state=None, timeout_s=1, key=TEST_KEY)
    assert [j.id for j in report.print_jobs.waiting] == [copy_id]
    assert printer.printed() == []
