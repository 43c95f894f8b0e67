"""The simulator panel shown beside a demo kiosk: place and lift demo cards, inject faults."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout, QWidget

from hardware.idcard.events import CardSimulatorControl


class DemoPanel(QWidget):
    def __init__(self, idcard: CardSimulatorControl | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Simulator panel / 模拟设备面板")
        self.setObjectName("DemoPanel")
        layout = QVBoxLayout(self)
        self.card_buttons: dict[str, QPushButton] = {}
        if idcard is not None:
            box = QGroupBox("ID card reader / 身份证阅读器", self)
            bl = QVBoxLayout(box)
            for name in idcard.available_cards():
                b = QPushButton(f"Place card: {name}", box)
                b.setObjectName(f"place_{name}")
                b.clicked.connect(lambda _=False, n=name: idcard.place(n))
                bl.addWidget(b)
                self.card_buttons[name] = b
            lift = QPushButton("Lift card", box)
            lift.setObjectName("lift_card")
            lift.clicked.connect(idcard.lift)
            bl.addWidget(lift)
            layout.addWidget(box)
        layout.addStretch(1)
