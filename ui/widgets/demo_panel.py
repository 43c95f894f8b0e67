"""The simulator panel shown beside a demo kiosk: place and lift cards, and make devices fail."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QGroupBox, QPushButton, QVBoxLayout, QWidget


class DemoPanel(QWidget):
    def __init__(self, simulators: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Simulator panel / 模拟设备面板")
        self.setObjectName("DemoPanel")
        layout = QVBoxLayout(self)
        self.card_buttons: dict[str, QPushButton] = {}
        self.switches: dict[str, QCheckBox] = {}
        idcard = simulators.get("idcard")
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
        faults = QGroupBox("Faults / 故障", self)
        fl = QVBoxLayout(faults)
        for name, text, sim_name, setter in (
            ("face_no_match", "Face: next check fails", "face", lambda s, on: setattr(s, "next_match", not on)),
            ("face_photo", "Face: a photo held up", "face", lambda s, on: s.hold_up_photo(on)),
            ("camera_lost", "Camera lost", "face", lambda s, on: s.lose_camera(on)),
            ("paper_out", "Printer: paper out", "printer", lambda s, on: s.set_paper_out(on)),
            ("paper_jam", "Document printer: paper jam", "printer", lambda s, on: s.set_jammed(on)),
            ("cover_open", "Receipt printer: cover open", "printer", lambda s, on: s.set_cover_open(on)),
            ("offline", "Gateway offline", "network", lambda s, on: s.set_online(not on)),
        ):
            sim = simulators.get(sim_name)
            if sim is None:
                continue
            box = QCheckBox(text, faults)
            box.setObjectName(name)
            box.toggled.connect(lambda on, s=sim, f=setter: f(s, on))
            fl.addWidget(box)
            self.switches[name] = box
        layout.addWidget(faults)
        layout.addStretch(1)
