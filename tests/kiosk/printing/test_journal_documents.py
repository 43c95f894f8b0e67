"""A print job's document is kept only while the job may need it: gone from the journal when the job ends."""

from __future__ import annotations

import hashlib
import os

import pytest

from kiosk.printing.journal import DocumentGone, JobState, PrintJournal
from tests.storage_key import TEST_KEY, decrypted

# Incompressible, so found in a page only if the document itself is there.
PDF = b"%PDF-1.7\n" + os.urandom(20_000) + b"\n%%EOF"
SLICES = [PDF[i:i + 32] for i in range(100, 20_000, 3000)]


def holds_document(path) -> bool:
    pages = decrypted(path)  # every page the key opens, free pages and log frames included
    return any(s in pages for s in SLICES)


@pytest.fixture
def journal(tmp_path):
    j = PrintJournal.open(tmp_path, key=TEST_KEY)
    yield j
    j.close()


def _through(journal: PrintJournal, job_id: str, *states: JobState) -> None:
    for state in states:
        journal.transition(job_id, state, device_job_id="7" if state is JobState.PRINTING else None)


@pytest.mark.parametrize("end", [(JobState.SENT, JobState.PRINTING, JobState.DONE),
                                 (JobState.SENT, JobState.PRINTING, JobState.FAILED),
                                 (JobState.VOIDED,)])
def test_the_document_is_dropped_when_the_job_ends_and_its_digest_kept(journal, end):
    job = journal.enqueue("certified_copy", "sim://docprinter", "档案证明", PDF, certificate_id="C-1")
    assert journal.payload(job.id) == PDF and holds_document(journal.path)  # waiting: kept (encrypted)
    _through(journal, job.id, *end)
    ended = journal.get(job.id)
    assert ended.state is end[-1] and ended.certificate_id == "C-1"
    assert journal.payload(job.id) == b""
    assert journal.digest(job.id) == hashlib.sha256(PDF).hexdigest()
    assert not holds_document(journal.path)


def test_a_failed_copy_goes_again_only_with_its_document_given_again(journal):
    job = journal.enqueue("certified_copy", "sim://docprinter", "档案证明", PDF, certificate_id="C-2")
    _through(journal, job.id, JobState.SENT, JobState.PRINTING, JobState.FAILED)
    with pytest.raises(DocumentGone) as caught:
        journal.transition(job.id, JobState.QUEUED)
    assert caught.value.code == "PRINT_JOB_DOCUMENT_GONE" and journal.get(job.id).state is JobState.FAILED
    journal.transition(job.id, JobState.QUEUED, payload=PDF)
    assert journal.payload(job.id) == PDF and journal.get(job.id).state is JobState.QUEUED


def test_a_journal_that_kept_ended_documents_drops_them_when_opened(tmp_path):
    journal = PrintJournal.open(tmp_path, key=TEST_KEY)
    job = journal.enqueue("document", "sim://docprinter", "t", PDF)
    _through(journal, job.id, JobState.SENT, JobState.PRINTING, JobState.DONE)
    # As an older kiosk left it: the finished job still holding its document.
    journal._db.execute("UPDATE print_jobs SET payload = ? WHERE id = ?", (PDF, job.id))
    journal.close()
    again = PrintJournal.open(tmp_path, key=TEST_KEY)
    assert again.payload(job.id) == b"" and not holds_document(again.path)
    again.close()
