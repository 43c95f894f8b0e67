"""Document jobs through the journal on sim://docprinter: jams, paused queues, at-most-once copies,
and start-up recovery of every state a crash can leave."""

from __future__ import annotations

import pytest

from hardware.registry import open_docprinter
from kiosk.errors import PrinterNotReady
from kiosk.printing.jobs import print_document, print_receipt
from kiosk.printing.journal import JobState, PrintJournal
from kiosk.printing.receipt_content import compose_receipt, demo_summary
from kiosk.printing.recovery import recover
from tests.storage_key import TEST_KEY

PDF = b"%PDF-1.4 certified copy"


@pytest.fixture
def journal(tmp_path):
    j = PrintJournal.open(tmp_path / "data", key=TEST_KEY)
    yield j
    j.close()


@pytest.fixture
def printer(tmp_path):
    return open_docprinter(f"sim://docprinter?dir={tmp_path / 'printer'}")


def test_a_copy_is_printed_and_lands_in_the_output_folder(journal, printer):
    outcome = print_document(journal, printer.driver, PDF, title="档案证明", certificate_id="c-1", timeout_s=2)
    assert outcome.printed and outcome.job.device_job_id
    (out,) = printer.simulator.printed()
    assert out.read_bytes() == PDF and outcome.job.device_title in out.name


def test_the_same_certificate_is_never_printed_twice(journal, printer):
    print_document(journal, printer.driver, PDF, title="t", certificate_id="c-2", timeout_s=2)
    again = print_document(journal, printer.driver, PDF, title="t", certificate_id="c-2", timeout_s=2)
    assert again.printed and again.already_in_journal and len(printer.simulator.printed()) == 1


def test_a_jam_during_the_job_fails_it_with_the_reason_and_nothing_comes_out(journal, printer):
    printer.simulator.jam(now=False)
    outcome = print_document(journal, printer.driver, PDF, title="t", certificate_id="c-3", timeout_s=2)
    assert outcome.job.state is JobState.FAILED and outcome.job.reason == "DOCPRINTER_JAMMED"
    assert printer.simulator.printed() == []
    assert printer.driver.status().reason.value == "DOCPRINTER_JAMMED"


def test_a_jammed_printer_gets_no_job(journal, printer):
    printer.simulator.jam()
    with pytest.raises(PrinterNotReady) as e:
        print_document(journal, printer.driver, PDF, title="t", timeout_s=2)
    assert e.value.code == "DOCPRINTER_JAMMED" and e.value.exit_code == 6
    (job,) = journal.jobs()
    assert job.state is JobState.QUEUED and job.reason == "DOCPRINTER_JAMMED"


def test_a_paused_queue_gets_no_job(journal, printer):
    printer.simulator.pause()
    with pytest.raises(PrinterNotReady) as e:
        print_document(journal, printer.driver, PDF, title="t", certificate_id="c-4", timeout_s=30)
    assert e.value.code == "DOCPRINTER_PAUSED" and printer.simulator.printed() == []


def test_a_queue_paused_mid_job_is_reported_not_waited_on_and_the_job_is_kept(journal, printer):
    printer.simulator.hold = True  # the printer is slow: the job is still on it when the queue pauses
    outcome = print_document(journal, printer.driver, PDF, title="t", certificate_id="c-5", timeout_s=0.05)
    assert outcome.job.state is JobState.PRINTING
    printer.simulator.pause()
    seen = printer.driver.wait(outcome.job.device_job_id, timeout_s=30)  # returns at once
    assert not seen.state.finished and "DOCPRINTER_PAUSED" in seen.reasons
    printer.simulator.pause(False)
    printer.simulator.release()
    again = print_document(journal, printer.driver, PDF, title="t", certificate_id="c-5", timeout_s=2)
    assert again.printed and again.already_in_journal and len(printer.simulator.printed()) == 1


def test_an_empty_tray_mid_job_keeps_the_job_and_it_finishes_after_paper_is_in(journal, printer):
    from kiosk.printing.jobs import resume_queued

    printer.simulator.hold = True
    outcome = print_document(journal, printer.driver, PDF, title="t", certificate_id="c-6", timeout_s=0.05)
    printer.simulator.set_media_empty()
    printer.simulator.hold = False
    (waiting,) = resume_queued(journal, docprinter=printer.driver, timeout_s=30)
    assert waiting.job.state is JobState.PRINTING and waiting.job.reason == "DOCPRINTER_MEDIA_EMPTY"
    printer.simulator.set_media_empty(False)
    (done,) = resume_queued(journal, docprinter=printer.driver, timeout_s=2)
    assert done.job.id == outcome.job.id and done.printed and len(printer.simulator.printed()) == 1


def _crash_in(journal, printer, state: JobState, on_printer: bool) -> str:
    job = journal.enqueue("certified_copy", printer.driver.name, "档案证明", PDF, certificate_id=f"c-{state}")
    journal.transition(job.id, JobState.SENT)
    if on_printer:
        printer.simulator.hold = True
        device_id = printer.driver.submit(PDF, job.device_title)
        if state is JobState.PRINTING:
            journal.transition(job.id, JobState.PRINTING, device_job_id=device_id)
        printer.simulator.hold = False
    return job.id


@pytest.mark.parametrize("state, on_printer", [(JobState.SENT, False), (JobState.SENT, True),
                                               (JobState.PRINTING, True), (JobState.QUEUED, False)])
def test_recovery_finishes_each_open_copy_exactly_once(journal, printer, state, on_printer):
    if state is JobState.QUEUED:
        job_id = journal.enqueue("certified_copy", printer.driver.name, "t", PDF, certificate_id="c-q").id
    else:
        job_id = _crash_in(journal, printer, state, on_printer)
    report = recover(journal, printer.driver, timeout_s=2)
    assert [j.id for j in report.finished] == [job_id]
    assert journal.get(job_id).state is JobState.DONE
    assert len(printer.simulator.printed()) == 1


def test_recovery_voids_receipts_of_the_session_that_crashed(journal, printer):
    from hardware.registry import open_receipt

    receipt = open_receipt("sim://receipt?paper=out")
    with pytest.raises(PrinterNotReady):
        print_receipt(journal, receipt.driver, compose_receipt(demo_summary()))
    report = recover(journal, printer.driver)
    assert [j.state for j in report.voided] == [JobState.VOIDED] and report.voided[0].reason == "RECOVERY_SESSION_ENDED"
