"""Printing: receipt content, the certified-copy PDF and the print journal (pure: no device library).

For the UI (call everything off the UI thread; every call may talk to a device)::

    from hardware.registry import open_receipt, open_docprinter
    from kiosk.printing.service import PrintService

    receipt = open_receipt(config.devices.receipt)        # .driver, .simulator (None on real hardware)
    docprinter = open_docprinter(config.devices.docprinter)
    printing = PrintService.open(config.resolve(config.data.dir), receipt.driver, docprinter.driver, key=key,
                                 receipt_columns=receipt.driver.profile.columns)
    printing.recover_on_start()          # once, at start-up: finishes or voids what a crash left open

    # before promising a print (PrinterStatus: .ready, .reason = stable code, .message, .alerts)
    printing.receipt_status(); printing.document_status()

    # the receipt at checkout (kiosk.printing.receipt_content.SessionSummary: name is masked on paper)
    outcome = printing.print_session_receipt(summary)     # JobOutcome: .printed, .job, .alerts
    # a certified copy (kiosk.printing.certified_copy.CertifiedCopy), at most once per certificate id
    outcome = printing.print_certified_copy(copy, certificate_id)   # .job.state: done / failed / printing
    printing.resume()                    # after paper was loaded, a cover closed, a queue resumed
    printing.jobs()                      # the journal (PrintJob.to_dict() has nothing personal)

Errors (kiosk.errors): ``PrinterNotReady`` = nothing was sent, the job waits in the journal; ``code`` is
PRINTER_PAPER_OUT, PRINTER_COVER_OPEN, PRINTER_OFFLINE, PRINTER_STATUS_UNKNOWN, PRINTER_UNREACHABLE,
DOCPRINTER_PAUSED, DOCPRINTER_JAMMED, DOCPRINTER_MEDIA_EMPTY, DOCPRINTER_DOOR_OPEN ... ``PrintJobFailed`` =
it stopped mid-way (``detail["interrupted"]``). ``kiosk.printing.status.MESSAGES[code]`` has the words.

Simulators, for the demo panel and tests (``receipt.simulator`` / ``docprinter.simulator``):

    receipt.simulator.set_paper_out() / load_paper() / set_paper_near_end() / set_cover_open(bool)
    receipt.simulator.run_out_after(lines)  # paper ends in the middle of the next receipt
    receipt.simulator.set_silent()          # answers nothing: status unknown
    receipt.simulator.preview_png()         # PNG bytes of the last receipt, in memory, for the screen
    receipt.simulator.receipts()            # PrintedReceipt list: .text, .cut
    docprinter.simulator.jam(now=True|False) / clear_jam() / pause(bool) / set_media_empty(bool)
    docprinter.simulator.printed()          # the PDFs it "printed" (files in its folder)

The certificates code renders a copy alone with ``certified_copy.render_certified_copy(copy) -> bytes``.
"""
