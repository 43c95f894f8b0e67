"""The print journal's state machine, its durability setting, and at-most-once certificates."""

from __future__ import annotations

import pytest

from kiosk.printing.journal import IllegalJobTransition, JobState, PrintJournal
from tests.storage_key import TEST_KEY


@pytest.fixture
def journal(tmp_path):
    j = PrintJournal.open(tmp_path, key=TEST_KEY)
    yield j
    j.close()


def test_every_state_change_is_durable_before_the_next_device_call(journal):
    assert journal.synchronous_mode() == 2  # FULL


def test_the_happy_path_and_its_history(journal):
    job = journal.enqueue("certified_copy", "sim://docprinter", "档案证明", b"%PDF", certificate_id="c-1")
    journal.transition(job.id, JobState.SENT)
    journal.transition(job.id, JobState.PRINTING, device_job_id="42")
    done = journal.transition(job.id, JobState.DONE)
    assert done.state is JobState.DONE and done.device_job_id == "42" and done.attempts == 1
    assert journal.history(job.id) == [(None, "queued"), ("queued", "sent"), ("sent", "printing"),
                                       ("printing", "done")]


@pytest.mark.parametrize("path, illegal", [
    ((), JobState.DONE),                                     # queued cannot be done without being sent
    ((), JobState.PRINTING),
    ((JobState.SENT, JobState.PRINTING, JobState.DONE), JobState.QUEUED),  # done is final
    ((JobState.VOIDED,), JobState.SENT),                     # voided is final
])
def test_illegal_moves_are_refused(journal, path, illegal):
    job = journal.enqueue("document", "d", "t", b"x")
    for state in path:
        journal.transition(job.id, state)
    with pytest.raises(IllegalJobTransition):
        journal.transition(job.id, illegal)


def test_a_certificate_is_in_the_journal_once(journal):
    first = journal.enqueue("certified_copy", "d", "t", b"%PDF-1", certificate_id="c-9")
    again = journal.enqueue("certified_copy", "d", "t", b"%PDF-2", certificate_id="c-9")
    assert again.id == first.id and journal.payload(first.id) == b"%PDF-1" and len(journal.jobs()) == 1


def test_the_journal_survives_reopening(tmp_path):
    j = PrintJournal.open(tmp_path, key=TEST_KEY)
    job = j.enqueue("receipt", "sim://receipt", "凭条", b"{}")
    j.transition(job.id, JobState.SENT)
    j.close()
    again = PrintJournal.open(tmp_path, key=TEST_KEY)
    assert [(x.id, x.state) for x in again.open_jobs()] == [(job.id, JobState.SENT)]
    again.close()


def test_nothing_personal_in_the_job_rows(journal):
    from kiosk.printing.receipt_content import compose_receipt, demo_summary

    journal.enqueue("receipt", "sim://receipt", "凭条", compose_receipt(demo_summary()).to_json().encode())
    row = journal.jobs()[0].to_dict()
    assert "张秀英" not in str(row) and "payload" not in row
