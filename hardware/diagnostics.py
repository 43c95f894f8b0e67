"""Per-device self-tests through the device interfaces, each returning a :class:`CheckResult`.

Two ways in: ``test_<device>(driver)`` tests a driver that is already open (the running kiosk's, so a
serial port is not opened twice), and ``check_<device>(url, ...)`` opens the device from its URL, tests
it and closes it (``kiosk diag``). Drivers are asked through the capability methods they offer; a
method a driver lacks is reported as "not reported by this driver", never guessed as fine.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

from hardware import registry
from kiosk.diag.model import Check, CheckResult, failed, passed
from kiosk.errors import KioskError
from kiosk.printing.receipt_layout import ReceiptLayout
from kiosk.printing.status import MESSAGES
from kiosk.privacy import redact

def _close(driver: Any) -> None:
    for name in ("close", "stop"):
        fn = getattr(driver, name, None)
        if callable(fn):
            with suppress(Exception):
                fn()
            return


def _error_result(device: str, e: KioskError) -> CheckResult:
    code = e.code.upper()
    state = "error"
    for word, s in (("UNREACHABLE", "unreachable"), ("PAPER_OUT", "paper_out"), ("COVER_OPEN", "cover_open"),
                    ("OFFLINE", "offline"), ("STATUS_UNKNOWN", "unknown"), ("JAM", "jammed"), ("PAUSED", "paused"),
                    ("LOST", "lost"), ("PORT_OPEN", "lost"), ("TIMEOUT", "timeout"), ("CONFIG", "misconfigured"), ("SAM", "sam_error")):
        if word in code:
            state = s
            break
    return failed(device, state, f"{e.message} [{e.code}]", code=e.code)


def _typed_errors_as_results(device: str) -> Callable[[Callable[..., CheckResult]], Callable[..., CheckResult]]:
    """A device's typed error is a diagnosis (paper out, SAM not authorised), not an exception."""
    def wrap(test: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
        @functools.wraps(test)
        def guarded(*args: Any, **kwargs: Any) -> CheckResult:
            try:
                return test(*args, **kwargs)
            except KioskError as e:
                return _error_result(device, e)
        return guarded
    return wrap


def _opened(device: str, opener: Callable[[], registry.OpenedDevice],
            test: Callable[[Any, Any], CheckResult]) -> CheckResult:
    try:
        opened = opener()
    except KioskError as e:
        return _error_result(device, e)
    try:
        return test(opened.driver, opened.simulator)
    except KioskError as e:
        return _error_result(device, e)
    finally:
        _close(opened.driver)


# --- ID-card reader -----------------------------------------------------------------------------------
@_typed_errors_as_results("idcard")
def test_idcard(reader: Any, simulator: Any = None) -> CheckResult:
    sam_id = getattr(reader, "sam_id", None)
    sam_status = getattr(reader, "sam_status", None)
    if callable(sam_id) or callable(sam_status):
        facts: dict[str, Any] = {}
        if callable(sam_status):
            facts["sam_status"] = str(sam_status())
        if callable(sam_id):
            facts["sam_id"] = str(sam_id())
        return passed("idcard", "ready", "SAM answered: " + ", ".join(f"{k} {v}" for k, v in facts.items()),
                      **facts)
    cards = getattr(simulator, "available_cards", None)
    if callable(cards):
        return passed("idcard", "ready", f"simulated reader, {len(cards())} demo cards", simulated=True)
    return failed("idcard", "unknown", "this reader driver reports no SAM status")


def check_idcard(url: str, *, cards_dir: str | Path) -> CheckResult:
    return _opened("idcard", lambda: registry.open_idcard(url, cards_dir=cards_dir), test_idcard)


@_typed_errors_as_results("idcard")
def read_card_once(reader: Any, timeout_s: float = 10.0) -> CheckResult:
    """Read the card on the reader once and show its fields masked (technician screen)."""
    read = getattr(reader, "read_once", None)
    if not callable(read):
        return failed("idcard", "unsupported", "this reader driver cannot read on demand")
    card = read(timeout_s=timeout_s)
    if card is None:
        return failed("idcard", "no_card", f"no card within {timeout_s:g} s")
    fields = card.to_dict() if hasattr(card, "to_dict") else dict(vars(card))
    # Enough to see the reader decodes every field, nothing that identifies the holder: the birth date is
    # the part of the ID number the mask hides.
    hidden = ("photo", "photo_wlt", "photo_wlt_sha256", "address", "birth")
    shown = {k: v for k, v in redact(fields).items() if k not in hidden}
    return passed("idcard", "card_read", "card read", card=shown)


# --- camera -------------------------------------------------------------------------------------------
@_typed_errors_as_results("camera")
def test_camera(camera: Any, simulator: Any = None, *, frames: int = 8, timeout_s: float = 5.0) -> CheckResult:
    """Frames arrive at a steady rate. Rides on the running capture thread if the kiosk has one."""
    if not callable(getattr(camera, "add_listener", None)):
        return failed("camera", "unknown", "this camera driver reports no frames")
    stamps: list[float] = []
    sizes: list[tuple[int, ...]] = []
    losses: list[str] = []
    enough = threading.Event()

    def listen(event: Any) -> None:
        if event.kind == "frame" and event.frame is not None:
            stamps.append(event.frame.t)
            sizes.append(tuple(event.frame.image.shape))
            if len(stamps) >= frames:
                enough.set()
        elif event.kind == "lost":
            losses.append(getattr(event.error, "message", "camera lost"))
            enough.set()

    camera.add_listener(listen)
    started_here = not camera.running
    if started_here:
        camera.start()
    try:
        enough.wait(timeout_s)
    finally:
        camera.remove_listener(listen)
        if started_here:
            camera.stop()
    if losses:
        return failed("camera", "lost", losses[0], frames=len(stamps))
    if len(stamps) < 2:
        return failed("camera", "lost", f"{len(stamps)} frames within {timeout_s:g} s", frames=len(stamps))
    fps = round((len(stamps) - 1) / max(1e-6, stamps[-1] - stamps[0]), 1)
    size = f"{sizes[-1][1]}x{sizes[-1][0]}" if len(sizes[-1]) >= 2 else "?"
    return passed("camera", "ready", f"{len(stamps)} frames {size} at {fps} fps", fps=fps, size=size)


def check_camera(url: str) -> CheckResult:
    return _opened("camera", lambda: registry.open_camera(url), test_camera)


# --- printers -----------------------------------------------------------------------------------------
def _state_of(code: str) -> str:
    """``PRINTER_PAPER_OUT`` → ``paper_out``, ``DOCPRINTER_JAMMED`` → ``jammed``."""
    for prefix in ("DOCPRINTER_", "PRINTER_"):
        if code.startswith(prefix):
            code = code[len(prefix):]
    return code.lower().removesuffix("_state") or "error"


def _status_result(device: str, status: Any) -> CheckResult:
    """A printer's :class:`PrinterStatus` → result. Silence is unknown, never fine; alerts still print."""
    facts = {"conditions": [str(c) for c in status.conditions], "alerts": [str(a) for a in status.alerts],
             "raw": dict(status.raw)}
    if not status.ready:
        why = status.raw.get("error")
        return failed(device, _state_of(str(status.reason)), status.message + (f": {why}" if why else ""), **facts)
    if status.alerts:
        words = "; ".join(MESSAGES.get(a, str(a)) for a in status.alerts)
        return passed(device, _state_of(str(status.alerts[0])), f"ready, but {words}", **facts)
    return passed(device, "ready", "ready", **facts)


@_typed_errors_as_results("receipt")
def test_receipt(printer: Any, simulator: Any = None, *, test_layout: ReceiptLayout | None = None) -> CheckResult:
    """DLE EOT status (offline, cover open, paper end, paper near end); with a layout, print it too."""
    result = _status_result("receipt", printer.status())
    if test_layout is None or not result.ok:
        return result
    after = printer.print_layout(test_layout)
    done = _status_result("receipt", after)
    return passed("receipt", done.state, f"test receipt printed; {done.detail}", **done.facts)


def check_receipt(url: str) -> CheckResult:
    return _opened("receipt", lambda: registry.open_receipt(url), test_receipt)


# --- document printer ---------------------------------------------------------------------------------
@_typed_errors_as_results("docprinter")
def test_docprinter(printer: Any, simulator: Any = None, *, test_page: tuple[bytes, str] | None = None,
                    timeout_s: float = 30.0) -> CheckResult:
    """Queue state and reasons (paused, jammed, media empty, door open); with a page, print it and follow
    the job to its end."""
    result = _status_result("docprinter", printer.status())
    if test_page is None or not result.ok:
        return result
    pdf, title = test_page
    job = printer.wait(printer.submit(pdf, title), timeout_s)
    facts = {**result.facts, "job": job.job_id, "job_state": str(job.state), "job_reasons": list(job.reasons)}
    if str(job.state) == "completed":
        return passed("docprinter", result.state, f"test page printed (job {job.job_id})", **facts)
    why = ", ".join(job.reasons) or f"still {job.state} after {timeout_s:g} s"
    return failed("docprinter", _state_of(job.reasons[0]) if job.reasons else "job_stuck",
                  f"test page job {job.job_id} {job.state}: {why}", **facts)


def check_docprinter(url: str, **options: Any) -> CheckResult:
    return _opened("docprinter", lambda: registry.open_docprinter(url, **options), test_docprinter)


def device_checks(urls: Mapping[str, str], *, cards_dir: str | Path,
                  docprinter_options: Mapping[str, Any] | None = None) -> dict[str, Check]:
    """The four device checks for ``kiosk diag``, bound to the configured URLs."""
    return {
        "idcard": lambda: check_idcard(urls["idcard"], cards_dir=cards_dir),
        "camera": lambda: check_camera(urls["camera"]),
        "receipt": lambda: check_receipt(urls["receipt"]),
        "docprinter": lambda: check_docprinter(urls["docprinter"], **(docprinter_options or {})),
    }
