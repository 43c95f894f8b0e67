"""The certified copy: a preview to check, then the printing progress, then "done"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from kiosk.archive.page_content import page_content
from kiosk.session import Session
from ui.images import PictureSlot
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.page_reader import PageReader
from ui.widgets.printer_tray import PrinterTray, copy_progress


class CertifyScreen(Screen):
    prompt_key = "certify"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.set_title(lambda: self.tr("Your certified copy"))
        row = QHBoxLayout()
        self.preview = QLabel(self)
        self.preview.setObjectName("copy_preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(360, 480)
        self.picture = PictureSlot(self.preview)
        row.addWidget(self.preview, 2)
        side = QVBoxLayout()
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
        # The copy read large: the page reader, full screen, at the screen's own text size.
        self.reader = PageReader(self)
        self.reader.hide()
        self.reader.readAloud.connect(lambda text: self.action.emit("read_aloud", text))
        self.read_large = BigButton("", "secondary", self)
        self.read_large.setObjectName("btn_read_copy")
        self.translated(self.read_large.setText, lambda: self.tr("Read the copy in large print"))
        self.read_large.clicked.connect(self.reader.open_full)
        side.addWidget(self.read_large)
        # Which copy is printing, in words, and where the paper comes out.
        self.copy_count = QLabel(self)
        self.copy_count.setObjectName("copy_count")
        side.addWidget(self.copy_count)
        self.tray = PrinterTray(self)
        side.addWidget(self.tray, 1)
        side.addStretch(1)
        row.addLayout(side, 3)
        self.body.addLayout(row, 1)
        self.back = self.add_button(lambda: self.tr("◀ Change options"), "open_print")
        self.home = self.add_button(lambda: self.tr("My archives"), "home")
        self.print_button = self.add_button(lambda: self.tr("Print"), "print_copy", "primary")
        self.finish = self.add_button(lambda: self.tr("Finish and take receipt"), "checkout", "neutral")

    def phase(self) -> str:
        job = self.view.print_job
        return "printing" if job and job.get("status") == "printing" else (
            "printed" if job and job.get("status") == "done" else "certify")

    def prompt(self) -> str:
        return self.phase()

    def render(self, session: Session) -> None:
        # Decoded by the printing flow's worker; drawn again only when it is a new picture.
        image = self.view.copy_preview_image
        if not self.picture.show(image):
            self.preview.setText(self.tr("Preparing the preview…"))
        if image is None:
            self.reader.clear()
        elif not self.reader.canvas.pages or self.reader.canvas.pages[0] is not image:
            r = session.data.current_record
            self.reader.set_document([image], [page_content(r).spoken()] if r is not None else [])
        options = self.view.print_options or {}
        r = session.data.current_record
        self.summary.setText(self.tr("%1\nCopies: %2").replace("%1", r.title if r else "")
                             .replace("%2", str(options.get("copies", 1))))
        status = (self.view.print_job or {}).get("status", "")
        words = {"": self.tr("Check the copy, then press Print."),
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
        self.read_large.setVisible(image is not None and status in ("", "waiting"))
        self.print_button.setVisible(status in ("", "waiting"))
        self.back.setVisible(status in ("", "waiting"))
        self.home.setVisible(status == "done")
        self.finish.setVisible(status != "printing")

    def forget(self) -> None:
        self.picture.clear()
        self.reader.clear()
        self.summary.clear()
        self.state_text.clear()
