"""`kiosk print`: receipts, PDFs, the print journal, printer status and start-up recovery.

Exit 0: printed (or listed). Exit 6: the printer is not ready (nothing sent) or the job did not finish;
the JSON says why (``reason``: PRINTER_PAPER_OUT, DOCPRINTER_PAUSED ...).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk.commands import argtypes as at
from kiosk.commands.output import add_json_flag, emit
from kiosk.errors import PrinterError, UsageError

HELP = "print receipts and documents, show printer status, list and recover the print journal"
NOT_FINISHED_EXIT = 6


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    def common(sp: argparse.ArgumentParser) -> None:
        add_json_flag(sp)
        sp.add_argument("--config", type=at.path_text,
                        help="kiosk.toml (default: built-in defaults and KIOSK_* variables)")
        sp.add_argument("--data-dir", type=at.creatable_dir, help="where the print journal lives (default: [data] dir)")

    r = sub.add_parser("receipt", help="print a receipt")
    common(r)
    what = r.add_mutually_exclusive_group(required=True)
    what.add_argument("--demo", action="store_true", help="a representative receipt")
    what.add_argument("--summary", type=at.existing_file,
                      help="a visit's receipt summary (JSON, as the kiosk keeps it at checkout)")
    r.add_argument("--printer", type=at.nonempty_text, help="receipt printer URL (default: [devices] receipt)")
    r.add_argument("--preview", type=at.creatable_file,
                   help="with a sim:// printer: write the printed receipt as PNG here")
    r.add_argument("--raw", type=at.creatable_file, help="write the bytes sent to the printer here")
    d = sub.add_parser("pdf", help="print a PDF on the document printer and wait for the job's end")
    common(d)
    d.add_argument("file", type=at.existing_file)
    d.add_argument("--printer", type=at.nonempty_text, help="document printer URL (default: [devices] docprinter)")
    d.add_argument("--title", type=at.nonempty_text, help="what the journal calls it (default: the file name)")
    d.add_argument("--certificate-id", type=at.code, help="print this certificate at most once")
    d.add_argument("--timeout", type=at.seconds, default=120.0, help="seconds to follow the job (default 120)")
    j = sub.add_parser("jobs", help="the print journal")
    common(j)
    j.add_argument("--open", action="store_true", help="only jobs not finished yet")
    s = sub.add_parser("status", help="ask a printer whether it could print now")
    common(s)
    s.add_argument("--printer", type=at.nonempty_text, help="printer URL (default: [devices] receipt)")
    s.add_argument("--document", action="store_true", help="the document printer instead of the receipt printer")
    v = sub.add_parser("recover", help="finish or void the jobs a crash left open (run at start-up)")
    common(v)
    v.add_argument("--printer", type=at.nonempty_text, help="document printer URL (default: [devices] docprinter)")
    v.add_argument("--timeout", type=at.seconds, default=120.0)


def run(args: argparse.Namespace) -> int:
    from kiosk.config import load_config

    config = load_config(args.config)
    data_dir = Path(args.data_dir) if args.data_dir else config.resolve(config.data.dir)
    action = {"receipt": _receipt, "pdf": _pdf, "jobs": _jobs, "status": _status, "recover": _recover}
    return action[args.action](args, config, data_dir)


def _journal(data_dir: Path, config: Any):
    from kiosk.printing.journal import PrintJournal
    from kiosk.storage import storage_key_for

    return PrintJournal.open(data_dir, key=storage_key_for(config))


def _receipt(args: argparse.Namespace, config: Any, data_dir: Path) -> int:
    from hardware.registry import open_receipt
    from kiosk.printing.jobs import print_receipt
    from kiosk.printing.journal import utc_now
    from kiosk.printing.receipt_content import SessionSummary, compose_receipt, demo_summary

    if args.summary:
        try:
            summary = SessionSummary.from_json(Path(args.summary).read_text(encoding="utf-8"))
        except (ValueError, TypeError, KeyError) as e:
            raise UsageError(f"{args.summary} is not a receipt summary: {e}") from None
    else:
        summary = demo_summary(config.point.name, config.point.kiosk_id, utc_now()[:16].replace("T", " "))
    device = open_receipt(args.printer or config.devices.receipt)
    layout = compose_receipt(summary, device.driver.profile.columns)
    journal = _journal(data_dir, config)
    try:
        # The kiosk's checkout receipt is this same layout (kiosk.printing.service.print_session_receipt).
        outcome = print_receipt(journal, device.driver, layout, title="演示凭条" if args.demo else "凭条")
    except PrinterError as e:
        return _not_finished(args, e, sent=_was_sent(e))
    finally:
        journal.close()
    result = {**outcome.to_dict(), "bytes": len(device.driver.last_bytes)}
    if args.raw:
        Path(args.raw).write_bytes(device.driver.last_bytes)
        result["raw"] = args.raw
    if args.preview and device.simulator is not None:
        Path(args.preview).write_bytes(device.simulator.preview_png() or b"")
        result["preview"] = args.preview
    emit(args, result, f"printed receipt {outcome.job.id} on {device.driver.name}"
         + (f" (alerts: {', '.join(outcome.alerts)})" if outcome.alerts else ""))
    return 0


def _was_sent(e: PrinterError) -> bool:
    return bool(e.detail.get("interrupted"))


def _pdf(args: argparse.Namespace, config: Any, data_dir: Path) -> int:
    from hardware.registry import open_docprinter
    from kiosk.printing.jobs import print_document

    path = Path(args.file)
    try:
        pdf = path.read_bytes()
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}") from None
    if not pdf.startswith(b"%PDF"):
        raise UsageError(f"{path} is not a PDF")
    device = open_docprinter(args.printer or config.devices.docprinter)
    journal = _journal(data_dir, config)
    try:
        outcome = print_document(journal, device.driver, pdf, title=args.title or path.name,
                                 certificate_id=args.certificate_id, timeout_s=args.timeout)
    except PrinterError as e:
        return _not_finished(args, e, sent=False)
    finally:
        journal.close()
    job = outcome.job
    result = {"outcome": _outcome_word(job), "already_in_journal": outcome.already_in_journal, "job": job.to_dict()}
    emit(args, result, f"job {job.id}: {result['outcome']}" + (f" ({job.reason})" if job.reason else ""))
    return 0 if outcome.printed else NOT_FINISHED_EXIT


def _outcome_word(job: Any) -> str:
    from kiosk.printing.journal import JobState

    return {JobState.DONE: "completed", JobState.FAILED: "failed", JobState.VOIDED: "voided"}.get(job.state, "waiting")


def _jobs(args: argparse.Namespace, config: Any, data_dir: Path) -> int:
    from kiosk.printing.journal import OPEN_STATES

    journal = _journal(data_dir, config)
    try:
        jobs = journal.jobs(states=OPEN_STATES if args.open else None)
    finally:
        journal.close()
    lines = [f"{j.id}  {j.kind:<15} {j.state:<9} {j.reason or '':<24} {j.title}" for j in jobs]
    emit(args, {"jobs": [j.to_dict() for j in jobs]}, "\n".join(lines) or "no print jobs")
    return 0


def _status(args: argparse.Namespace, config: Any, data_dir: Path) -> int:
    from hardware.registry import open_docprinter, open_receipt

    # A document printer's URL says so itself: --document is needed only to ask the configured one.
    named_document = bool(args.printer) and args.printer.startswith(("cups:", "sim://docprinter"))
    if args.document or named_document:
        device = open_docprinter(args.printer or config.devices.docprinter)
    else:
        device = open_receipt(args.printer or config.devices.receipt)
    status = device.driver.status()
    emit(args, status.to_dict(), f"{status.device}: {status.message}")
    return 0 if status.ready else NOT_FINISHED_EXIT


def _recover(args: argparse.Namespace, config: Any, data_dir: Path) -> int:
    from hardware.registry import open_docprinter
    from kiosk.printing.recovery import recover

    device = open_docprinter(args.printer or config.devices.docprinter)
    journal = _journal(data_dir, config)
    try:
        report = recover(journal, device.driver, timeout_s=args.timeout)
    finally:
        journal.close()
    emit(args, report.to_dict(), f"finished {len(report.finished)}, voided {len(report.voided)}, "
                                 f"waiting {len(report.waiting)}")
    return 0 if not report.waiting else NOT_FINISHED_EXIT


def _not_finished(args: argparse.Namespace, e: PrinterError, sent: bool) -> int:
    result = {"printed": False, "sent": sent, "reason": e.code, "message": e.message,
              "error": {"code": e.code, "message": e.message}}
    if getattr(args, "json", False):
        emit(args, result)
    else:
        print(f"kiosk print: {e.message} [{e.code}]", file=sys.stderr)
    return e.exit_code
