"""The print port over the kiosk's real printers: :class:`kiosk.printing.service.PrintService` with the
receipt and document printers named in config (``sim://receipt``, ``escpos+usb://...``; ``sim://docprinter``,
``cups://KioskPDF``), every job kept in the print journal.

A certified copy carries a certificate signed by this kiosk's key (``<data dir>/keys/kiosk/``). The copy
the resident previews is the copy that prints: the signed copy is kept from preview to print, so "Try
again" after paper out sends the job the journal already holds, and the same order again prints nothing
more — it comes out once, never twice. Devices and keys are opened at the first call (on a worker thread):
their libraries would slow the start-up.
"""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable
from typing import Any

from kiosk.config import KioskConfig
from kiosk.printing.receipt_content import SessionSummary
from kiosk.privacy import mask_id
from ui.services import ArchivePort, PrintOrder

#: A4 at 108 dpi: sharp on the preview pane, small enough to render in a few tens of milliseconds.
PREVIEW_SCALE = 1.5


@dataclass
class _Devices:
    service: Any  # kiosk.printing.service.PrintService
    receipt_sim: Any = None  # hardware.receipt.simulator.ReceiptSimulator for sim://receipt
    doc_sim: Any = None  # hardware.docprinter.simulator.DocPrinterSimulator for sim://docprinter


@dataclass
class _Signed:
    """A certified copy signed for one print order: its certificate and its one-copy PDF."""

    order_key: str
    certificate_id: str
    verification_code: str
    payload: str  # what the QR holds (the check URL with the signed payload when one is configured)
    pdf: bytes
    registration: dict[str, Any] | None = None  # for the district's register of issued certificates


class PrinterControls:
    """What the demo panel, the walkthrough and the tests do to the simulated printers: ``set_paper_out``
    (both printers out of paper), ``set_jammed``, ``set_cover_open``, ``hold`` (the document printer keeps a job "printing" until cleared),
    ``waiting`` (jobs the journal keeps for the printer) and ``printed`` (the PDFs the simulated document
    printer put out). Faults set before the printers are opened apply when they open."""

    def __init__(self, printing: JournalPrinting):
        self._printing = printing
        self._lock = threading.Lock()
        self._devices: _Devices | None = None
        self.paper_out = False
        self.jammed = False
        self.cover_open = False
        self.hold = _Hold(self)

    def attach(self, devices: _Devices) -> None:
        with self._lock:
            self._devices = devices
            self._apply()

    def set_paper_out(self, out: bool) -> None:
        with self._lock:
            self.paper_out = out
            self._apply()

    def set_jammed(self, jammed: bool) -> None:
        """Paper stuck in the document printer (a job on it is aborted); off: staff cleared it."""
        with self._lock:
            self.jammed = jammed
            self._apply()

    def set_cover_open(self, open_: bool) -> None:
        """The receipt printer's cover."""
        with self._lock:
            self.cover_open = open_
            self._apply()

    def _apply(self) -> None:
        d = self._devices
        if d is None:
            return
        if d.receipt_sim is not None:
            d.receipt_sim.set_paper_out(self.paper_out)
            d.receipt_sim.set_cover_open(self.cover_open)
        if d.doc_sim is not None:
            d.doc_sim.set_media_empty(self.paper_out)
            if self.jammed and not d.doc_sim.jammed:
                d.doc_sim.jam(now=True)
            elif not self.jammed and d.doc_sim.jammed:
                d.doc_sim.clear_jam()
            if self.hold.is_set():
                d.doc_sim.hold = True
            elif d.doc_sim.hold:
                d.doc_sim.release()

    @property
    def waiting(self) -> list[Any]:
        """Certified copies and documents the journal keeps until the printer can take them."""
        from kiosk.printing.journal import JobState

        journal = self._printing.devices().service.journal
        return [j for j in journal.jobs(states=(JobState.QUEUED, JobState.PRINTING)) if j.kind != "receipt"]

    @property
    def printed(self) -> list[Path]:
        sim = self._printing.devices().doc_sim
        return sim.printed() if sim is not None else []


class _Hold:
    """``threading.Event``'s set/clear/is_set, mapped onto the simulated document printer's hold."""

    def __init__(self, controls: PrinterControls):
        self._controls = controls
        self._on = False

    def set(self) -> None:
        with self._controls._lock:
            self._on = True
            self._controls._apply()

    def clear(self) -> None:
        with self._controls._lock:
            self._on = False
            self._controls._apply()

    def is_set(self) -> bool:
        return self._on


class JournalPrinting:
    """:class:`ui.services.PrintPort` over the print journal and the configured printers."""

    def __init__(self, config: KioskConfig, archive: ArchivePort,
                 register: Callable[[dict[str, Any]], None] | None = None):
        self.config = config
        self.archive = archive
        # Queues a printed certificate for the gateway's register (the public check finds it by its code).
        self._register = register
        self.controls = PrinterControls(self)
        self._open_lock = threading.Lock()
        # One device conversation at a time: two quick taps never race each other to the printer.
        self._print_lock = threading.Lock()
        self._devices: _Devices | None = None
        self._issuer: Any = None
        self._signed: _Signed | None = None

    # --- opening ------------------------------------------------------------------------------------

    def devices(self) -> _Devices:
        with self._open_lock:
            if self._devices is None:
                self._devices = self._open_devices()
                self.controls.attach(self._devices)
            return self._devices

    def _open_devices(self) -> _Devices:
        from hardware.registry import open_docprinter, open_receipt
        from kiosk.printing.service import PrintService
        from kiosk.storage import storage_key_for

        urls, data_dir = self.config.devices, self.config.resolve(self.config.data.dir)
        receipt = open_receipt(urls.receipt)
        # The simulated document printer writes where a technician looks (the diagnostics use the same).
        doc_options = ({"folder": str(self.config.resolve(urls.sim_paper_dir))}
                       if urls.docprinter.startswith("sim:") else {})
        docprinter = open_docprinter(urls.docprinter, **doc_options)
        service = PrintService.open(data_dir, receipt.driver, docprinter.driver, key=storage_key_for(self.config),
                                    receipt_columns=receipt.driver.profile.columns)
        return _Devices(service, receipt.simulator, docprinter.simulator)

    def warm_up(self) -> None:
        """Opens the printers and loads the kiosk key ahead of the first print (a third of a second a
        resident would otherwise wait at the first preview). Off the UI thread."""
        self.devices()
        with self._print_lock:
            self._issuer_for_copies()

    def _issuer_for_copies(self) -> Any:
        if self._issuer is None:
            from kiosk.certify.issue import Issuer, ServicePoint
            from kiosk.certify.kiosk_cert import load_kiosk_certificate
            from kiosk.paths import kiosk_key_files
            from kiosk.storage import storage_key_for
            from kiosk.storage.private_keys import load_signer, secrets_for

            key, cert = kiosk_key_files(self.config.resolve(self.config.data.dir))
            point = self.config.point
            # The signing key is kept encrypted under the storage key (a plain one is encrypted on this read).
            signer = load_signer(key, secrets_for(storage_key_for(self.config)))
            self._issuer = Issuer(signer, load_kiosk_certificate(cert),
                                  ServicePoint(point.archive_code, point.name),
                                  check_url=self.config.certify.check_url)
        return self._issuer

    # --- PrintPort ------------------------------------------------------------------------------------

    def precheck(self) -> None:
        """Before promising a certified copy: the document printer's own answer, paper out included."""
        self.devices().service.document_status().raise_unless_ready()

    def preview_certified_copy(self, order: PrintOrder) -> bytes:
        with self._print_lock:
            return _first_page_png(self._signed_copy(order).pdf)

    def render_copy_part(self, scale: float, left: float, top: float, width: float,
                         height: float) -> tuple[int, int, bytes] | None:
        """Part of the previewed copy's first page — given in pixels of the preview image — rendered from
        the PDF at ``scale`` × the preview's resolution: (width, height, RGB bytes), or None when no copy
        is signed (the visit ended). Under the print lock: pdfium serves one thread at a time."""
        with self._print_lock:
            signed = self._signed
            return None if signed is None else _render_part(signed.pdf, scale, left, top, width, height)

    def print_certified_copy(self, order: PrintOrder) -> dict[str, Any]:
        from kiosk.printing.certified_print import print_certified_copies

        with self._print_lock:
            devices = self.devices()
            signed = self._signed_copy(order)
            # At most once per certificate (kiosk.printing.certified_print): raises PrinterNotReady with
            # nothing sent (the job stays queued under this certificate id) or PrintJobFailed.
            outcome = print_certified_copies(devices.service.journal, devices.service.docprinter, signed.pdf,
                                             order.copies, title=f"档案证明 {order.record.reference}",
                                             certificate_id=signed.certificate_id,
                                             timeout_s=devices.service.document_timeout_s)
            job = outcome.job
            if self._register is not None and signed.registration is not None and not outcome.already_in_journal:
                self._register(signed.registration)
            # The signed copy stays until WIPE: the same order again (a double tap, a stale screen) finds
            # this certificate's finished job in the journal and prints nothing more.
            record = order.record
            return {"record_id": record.record_id, "copies": order.copies, "status": "done",
                    "verification_code": signed.verification_code, "certificate_id": signed.certificate_id,
                    "job_id": job.id, "already_printed": outcome.already_in_journal,
                    # What the receipt says of it: the title, the reference, the QR to check it.
                    "title": record.title, "reference": record.reference, "qr_payload": signed.payload,
                    "pages": max(1, len(record.pages))}

    def print_receipt(self, summary: SessionSummary) -> bytes | None:
        """The checkout receipt (:meth:`kiosk.printing.service.PrintService.print_session_receipt`)."""
        with self._print_lock:
            devices = self.devices()
            devices.service.print_session_receipt(summary)
            return devices.receipt_sim.preview_png() if devices.receipt_sim is not None else None

    # --- the visit's end ------------------------------------------------------------------------------

    def forget(self) -> None:
        """At WIPE: the signed copy (the record's pages) leaves memory."""
        with self._print_lock:
            self._signed = None

    def close(self) -> None:
        with self._open_lock:
            devices, self._devices = self._devices, None
        if devices is not None:
            devices.service.receipt.close()
            devices.service.close()

    # --- inside ---------------------------------------------------------------------------------------

    def _signed_copy(self, order: PrintOrder) -> _Signed:
        """The copy signed for this order: the one previewed, or a new one (a changed order is a new copy)."""
        from kiosk.certify.copy import certify_copy
        from kiosk.clock import clock_for

        key = _order_key(order)
        if self._signed is not None and self._signed.order_key == key:
            return self._signed
        record = order.record
        subject = order.masked_subject
        if record.subject_id:
            subject = f"{subject} {mask_id(record.subject_id)}"
        pages = self.archive.page_images(record)
        signed = certify_copy(self._issuer_for_copies(), record, pages, subject, order.purpose, self.config.point.name,
                              clock_for(self.config.point.timezone))
        issued = signed.issued
        self._signed = _Signed(key, issued.certificate.certificate_id, issued.verification_code, issued.qr,
                               signed.pdf, signed.registration())
        return self._signed


def _order_key(order: PrintOrder) -> str:
    """What makes two orders the same copy; a digest, so nothing personal is kept for the comparison."""
    r = order.record
    text = "\x1f".join([r.record_id, r.reference, str(order.copies), order.purpose, order.masked_subject])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _render_part(pdf: bytes, scale: float, left: float, top: float, width: float,
                 height: float) -> tuple[int, int, bytes]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        page_w, page_h = page.get_size()
        # pdfium crops by how much to cut from each side, in PDF points (the preview has PREVIEW_SCALE px
        # per point).
        crop = (left / PREVIEW_SCALE, page_h - (top + height) / PREVIEW_SCALE,
                page_w - (left + width) / PREVIEW_SCALE, top / PREVIEW_SCALE)
        image = page.render(scale=PREVIEW_SCALE * scale, crop=tuple(max(0.0, c) for c in crop)).to_pil()
    finally:
        document.close()
    image = image.convert("RGB")
    return image.width, image.height, image.tobytes()


def _first_page_png(pdf: bytes) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=PREVIEW_SCALE).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
