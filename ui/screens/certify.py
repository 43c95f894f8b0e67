"""The certified copy: read it to check it, then the printing progress, then "done".

The copy shows in the page reader, as a record's page does: it opens where its text is as large as the
screen's, and is drawn from its PDF at the screen's pixels × the zoom, so it stays sharp at any size."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from kiosk.archive.page_content import page_content
from kiosk.archive.record_words import record_title
from kiosk.session import Session
from ui.screens.base import Screen
from ui.widgets.page_reader import PageReader
from ui.widgets.printer_tray import PrinterTray, copy_progress


class CertifyScreen(Screen):
    prompt_key = "certify"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Your certified copy"))
        row = QHBoxLayout()
        row.setSpacing(32)
        self.reader = PageReader(self)
        self.reader.readAloud.connect(lambda text: self.action.emit("read_aloud", text))
        self.reader.used.connect(self._used)
        row.addWidget(self.reader, 3)
        side = QVBoxLayout()
        side.setSpacing(12)  # the style's wider gaps put the buttons under a 1080-line screen in elder mode
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        side.addWidget(self.summary)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        side.addWidget(self.progress)
        self.state_text = QLabel(self)
        self.state_text.setObjectName("print_state")
        self.state_text.setWordWrap(True)
        self.state_text.setProperty("role", "notice")
        side.addWidget(self.state_text)
        # Which copy is printing, in words, and where the paper comes out.
        self.copy_count = QLabel(self)
        self.copy_count.setObjectName("copy_count")
        side.addWidget(self.copy_count)
        self.tray = PrinterTray(self)
        side.addWidget(self.tray, 1)
        row.addLayout(side, 1)
        self.body.addLayout(row, 1)
        # The button grammar: Finish in its fixed corner, the other choices beside it, Print at the right.
        self.finish = self.add_button(lambda: self.tr("Finish and take receipt"), "checkout", "neutral")
        self.back = self.add_button(lambda: self.tr("◀ Change options"), "open_print")
        self.home = self.add_button(lambda: self.tr("My archives"), "home")
        self.buttons.addStretch(1)
        self.print_button = self.add_button(lambda: self.tr("Print"), "print_copy", "primary")

    def phase(self) -> str:
        job = self.view.print_job
        return "printing" if job and job.get("status") == "printing" else (
            "printed" if job and job.get("status") == "done" else "certify")

    def prompt(self) -> str:
        return self.phase()

    def _used(self) -> None:
        if self.session is not None:
            self.session.touch()

    def render(self, session: Session) -> None:
        # Decoded by the printing flow's worker; set again only when it is a new picture.
        image = self.view.copy_preview_image
        if image is None:
            self.reader.clear()
        elif not self.reader.canvas.pages or self.reader.canvas.pages[0] is not image:
            r = session.data.current_record
            self.reader.set_document([image], [page_content(r).spoken()] if r is not None else [],
                                     self.view.copy_sharp)
        options = self.view.print_options or {}
        r = session.data.current_record
        self.summary.setText(self.tr("%1\nCopies: %2").replace("%1", record_title(r, self.language()) if r else "")
                             .replace("%2", str(options.get("copies", 1))))
        status = (self.view.print_job or {}).get("status", "")
        words = {"": self.tr("Preparing the copy…") if image is None else self.tr("Check the copy, then press Print."),
                 "printing": self.tr("Printing… please wait by the printer."),
                 "waiting": self.tr("The copy waits for the printer."),
                 "done": self.tr("✔ Printed. Take your copy from the printer below.")}
        self.state_text.setText(words.get(status, ""))
        self.progress.setVisible(status == "printing")
        copies = int(options.get("copies", 1))
        self.copy_count.setVisible(status == "printing")
        self.copy_count.setText(copy_progress(1, copies) if copies > 1 else "")
        self.copy_count.setVisible(status == "printing" and copies > 1)
        self.tray.setVisible(status in ("printing", "done"))
        # The copy is read before printing; while and after it prints, its room goes to where the paper
        # comes out, in large type.
        self.reader.setVisible(status in ("", "waiting"))
        self.print_button.setVisible(status in ("", "waiting"))
        self.back.setVisible(status in ("", "waiting"))
        self.home.setVisible(status == "done")
        self.finish.setVisible(status != "printing")

    def forget(self) -> None:
        self.reader.clear()
        self.summary.clear()
        self.state_text.clear()
