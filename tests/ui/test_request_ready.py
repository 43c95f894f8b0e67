"""The resident is told at the next card tap that a request came back, and prints the certificate there
(就近出证); a rejection shows its reason until the resident has read it."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from PIL import Image

from hardware.docprinter.simulator import DocPrinterSimulator
from kiosk.crypto.keys import generate, verifier_for
from kiosk.printing.journal import PrintJournal
from kiosk.requests import certificate as requests_certificate
from kiosk.requests.book import RequestBook
from kiosk.requests.model import Request
from kiosk.requests.notice import ready_notices
from kiosk.requests.printout import print_certificate
from kiosk.requests.service import RequestService
from kiosk.requests.trust_list import check_returned
from kiosk.session_states import State

from .helpers import click, click_named, identified
from tests.storage_key import TEST_KEY

RESIDENT_ID = "330106195203142627"  # assets/demo/cards/ouyang_xiuying.toml


def screen(kiosk):
    return kiosk.window.current_screen()


class Gateway:
    """The kiosk's gateway as the request service sees it: answers per request id."""

    def __init__(self) -> None:
        self.answers: dict[str, dict[str, Any]] = {}

    def fetch(self, request_id: str) -> dict[str, Any] | None:
        return self.answers.get(request_id)


class NullOutbox:
    def enqueue(self, kind: str, payload: dict[str, Any], key: str) -> None:
        pass


def page_png() -> bytes:
    out = io.BytesIO()
    Image.new("L", (300, 420), 255).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def returned(kiosk, tmp_path):
    """Two requests filed earlier for the resident on the demo card: one completed at the owning archive
    (a real signed certificate), one rejected. The ready-requests flow is pointed at them and at a
    simulated document printer in tmp_path."""
    flow = kiosk.parts.agent.ready_requests
    book = RequestBook(tmp_path / "requests.sqlite", key=TEST_KEY)
    gateway = Gateway()
    owner = generate("ed25519")  # the owning district's key, which this kiosk's district vouches for
    trusted = {"330108": verifier_for(owner.algorithm, owner.public_hex)}
    service = RequestService(book, NullOutbox(), kiosk.audit, status_source=gateway,
                             certificate_check=lambda certificate: check_returned(certificate, trusted))
    filed = {}
    for record_type in ("real_estate", "marriage"):
        request = Request(origin_archive="330106", origin_kiosk="kiosk-01", owner_archive="330108",
                          record_type=record_type, purpose="inheritance", subject_id=RESIDENT_ID,
                          subject_name="欧阳秀英")
        service.submit(request)
        filed[record_type] = request
    done, refused = filed["real_estate"], filed["marriage"]
    cert = requests_certificate.issue(done.to_wire(), owner, archive_code="330108",
                                      archive_name="西湖区档案馆", pages=[page_png()], title="房屋所有权登记",
                                      reference="330108-FC-1998-0042", now=dt.datetime.now(dt.timezone.utc))
    gateway.answers[done.request_id] = {"status": "completed", "certificate": cert}
    gateway.answers[refused.request_id] = {"status": "rejected", "reason": "本馆未存该年度婚姻登记档案"}
    printer = DocPrinterSimulator(tmp_path / "docprinter")
    journal = PrintJournal(tmp_path / "print-journal.sqlite", key=TEST_KEY)
    flow.notices = lambda id_number: ready_notices(service, id_number)
    flow.print_ready = lambda rid: print_certificate(service, rid, journal, printer, point_name="测试服务点",
                                                     kiosk_id="kiosk-01")
    flow.acknowledge = service.acknowledge_rejection
    yield flow, service, printer, done.request_id, refused.request_id, cert, journal
    journal.close()
    book.close()


def test_the_next_card_tap_tells_of_both_results_and_prints_the_certificate_once(qtbot, kiosk, returned):
    flow, service, printer, done, refused, cert, journal = returned
    panel = flow.panel
    identified(qtbot, kiosk)
    size = kiosk.window.size()
    qtbot.waitUntil(lambda: panel.isVisible() and len(panel.lines) == 2, timeout=5000)
    assert kiosk.window.size() == size  # laid over the screen: the screen keeps its room
    ready_line, refused_line = panel.lines[done].text(), panel.lines[refused].text()
    assert done[:8].upper() in ready_line and ("print it now" in ready_line or "现在即可打印" in ready_line)
    assert "本馆未存该年度婚姻登记档案" in refused_line
    assert RESIDENT_ID not in ready_line + refused_line and "欧阳秀英" not in ready_line + refused_line

    # Over HOME only: another screen keeps its room, and HOME shows what is still to do again.
    click(qtbot, screen(kiosk), "open_guide")
    assert not panel.isVisible()
    click(qtbot, screen(kiosk), "guide_back")
    assert kiosk.session.state is State.HOME and panel.isVisible()

    click_named(qtbot, kiosk.window, f"btn_print_ready_{done}")
    qtbot.waitUntil(lambda: service.status(done)["status"] == "printed", timeout=10000)
    qtbot.waitUntil(lambda: done not in panel.buttons, timeout=5000)
    [paper] = printer.printed()
    assert paper.read_bytes().startswith(b"%PDF")
    assert [r["detail"]["request_id"] for r in kiosk.audit.rows("request.printed")] == [done]
    # The visit's receipt names the certificate's verification code; the statistics count the copy.
    printed = kiosk.parts.printing.receipt_summary().printed
    assert [copy.verification_code for copy in printed] == [cert["verification_code"]]

    click_named(qtbot, kiosk.window, f"btn_understood_{refused}")
    qtbot.waitUntil(lambda: service.status(refused)["status"] == "rejection_seen", timeout=5000)
    qtbot.waitUntil(lambda: panel.buttons == {}, timeout=5000)  # the answer reaches the screen after the book
    click_named(qtbot, kiosk.window, "btn_ready_close")
    assert not panel.isVisible()

    # The end of the visit takes the panel away with everything else.
    kiosk.session.transition(State.CHECKOUT, "done")
    kiosk.session.transition(State.WIPE, "done")
    qtbot.waitUntil(lambda: kiosk.session.state is State.ATTRACT, timeout=5000)
    assert not panel.isVisible() and panel.lines == {}
    hours = kiosk.parts.stats.hours().values()
    assert sum(h.get("prints/certified_copy", 0) for h in hours) == 1

    # The next tap of the same card has nothing more to tell, and nothing is printed twice.
    identified(qtbot, kiosk)
    qtbot.waitUntil(lambda: kiosk.controller.view.ready_requests_checked, timeout=5000)
    assert service.ready_for(RESIDENT_ID) == []
    assert not panel.isVisible() and len(printer.printed()) == 1
    assert [j.certificate_id for j in journal.jobs()] == [cert["certificate_id"]]


def test_a_printer_not_ready_keeps_the_job_and_a_second_tap_prints_that_same_job(qtbot, kiosk, returned):
    flow, service, printer, done, _refused, _cert, journal = returned
    printer.set_media_empty(True)
    identified(qtbot, kiosk)
    qtbot.waitUntil(lambda: done in flow.panel.buttons, timeout=5000)
    button = flow.panel.buttons[done]
    click_named(qtbot, kiosk.window, f"btn_print_ready_{done}")
    assert not button.isEnabled()  # one tap, one job
    qtbot.waitUntil(button.isEnabled, timeout=5000)  # enabled again only when the print failed
    assert "DOCPRINTER_MEDIA_EMPTY" in {j.reason for j in journal.jobs()}
    assert printer.printed() == [] and service.status(done)["status"] == "completed"
    printer.set_media_empty(False)
    click_named(qtbot, kiosk.window, f"btn_print_ready_{done}")
    qtbot.waitUntil(lambda: service.status(done)["status"] == "printed", timeout=10000)
    assert len(printer.printed()) == 1 and len(journal.jobs()) == 1  # the waiting job, not a second one
