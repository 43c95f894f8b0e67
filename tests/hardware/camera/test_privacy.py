"""A whole session on the simulators, then a search of everything written for images and face vectors.

Card read → consent → face check (real engine, simulated camera) → home → checkout → wipe, with the real
audit log and logging at DEBUG into the test's data folder. Nothing image-like, no long binary value and
no run of 128 numbers may be found on disk afterwards; the actual card descriptor's bytes must not be
anywhere either.
"""

from __future__ import annotations

import queue
import re
import sqlite3
import time
from pathlib import Path

import numpy as np

from hardware.registry import open_camera, open_idcard
from kiosk.audit import AuditLog
from kiosk.identity.consent import FaceConsent
from kiosk.identity.face_check import FaceCheck
from kiosk.identity.face_outcome import apply_face_verdict
from kiosk.identity.liveness import LivenessSettings
from kiosk.logs import configure_logging
from kiosk.session import Session
from kiosk.session_states import State
from tests.conftest import ROOT
from tests.hardware.camera.conftest import DEMO_FACES
from tests.storage_key import TEST_KEY

IMAGE_MAGIC = [re.compile(re.escape(m)) for m in (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF8")] + [
    re.compile(rb"BM....\x00\x00\x00\x00", re.S)]  # BMP: "BM", file size, four reserved zero bytes
NUMBER_RUN = re.compile(r"(?:-?\d+\.\d+(?:e-?\d+)?[,\s\]]+\s*){32,}")


def _read_card(config) -> tuple[object, bytes]:
    d = open_idcard(config.devices.idcard, cards_dir=ROOT / "assets" / "demo" / "cards")
    events: queue.Queue = queue.Queue()
    d.driver.start(events.put)
    try:
        d.simulator.place("zhang_jianguo")
        deadline = time.monotonic() + 10
        while True:
            ev = events.get(timeout=max(0.01, deadline - time.monotonic()))
            if ev.kind == "read":
                break
    finally:
        d.driver.stop()
    # The card's decoded photo when the reader delivers one; the demo card photo until then.
    photo = ev.photo_image or (DEMO_FACES / "zhang_jianguo_card.png").read_bytes()
    return ev.card, photo


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _sqlite_values(path: Path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            for row in db.execute(f'SELECT * FROM "{table}"'):
                yield from row
    finally:
        db.close()


def test_a_whole_session_leaves_no_image_and_no_face_vector_on_disk(config, engine):
    data_dir = config.resolve(config.data.dir)
    log_dir = config.resolve(config.logging.dir)
    mask = configure_logging(log_dir, "DEBUG")
    audit = AuditLog(data_dir / "audit.sqlite", key=TEST_KEY)
    session = Session(audit=audit, max_face_attempts=config.session.max_face_attempts)
    d = open_camera("sim://camera?fps=15")
    check = FaceCheck(d.driver, engine, liveness=LivenessSettings(timeout_s=3.0))
    session.on_wipe(check.forget)
    session.on_wipe(mask.forget)

    card, photo = _read_card(config)
    session.card_presented()
    session.card_read(card, photo)
    mask.protect([card.name])
    session.consent(True)
    assert session.state is State.FACE_CHECK

    events: queue.Queue = queue.Queue()
    check.start(session.data.card_photo, events.put, consent=FaceConsent.of(session))
    deadline = time.monotonic() + 20
    while True:
        ev = events.get(timeout=max(0.01, deadline - time.monotonic()))
        if ev.kind == "started":
            d.simulator.show("zhang_jianguo")
        elif ev.kind == "challenge":
            d.simulator.perform(ev.challenge.value)
        elif ev.kind in ("verdict", "error"):
            break
    assert ev.kind == "verdict", ev.error
    apply_face_verdict(session, ev.verdict, audit)
    assert session.state is State.HOME
    card_encoding = check._card_encoding.copy()
    session.transition(State.CHECKOUT, "done")
    session.transition(State.WIPE, "checkout")
    assert check._card_encoding is None and session.data.card_photo is None
    audit.close()

    written = _files(data_dir) + [p for p in _files(log_dir) if p not in _files(data_dir)]
    assert any(p.name == "audit.sqlite" for p in written) and any(p.name == "kiosk.log" for p in written)
    verdict_rows = [r for r in AuditLog(data_dir / "audit.sqlite", key=TEST_KEY).rows("identity.face_verdict")]
    assert verdict_rows and verdict_rows[-1]["detail"]["decision"] == "verified"
    assert "face check: verified" in (log_dir / "kiosk.log").read_text(encoding="utf-8")

    needles = [card_encoding.astype(np.float64).tobytes()[:64], card_encoding.astype(np.float32).tobytes()[:32],
               photo[100:164], (DEMO_FACES / "zhang_jianguo_open.jpg").read_bytes()[200:264],
               ("%.6f" % card_encoding[0]).encode()]
    assert find_face_data(written, needles) == []


def find_face_data(paths: list[Path], needles: list[bytes]) -> list[str]:
    """What in these files looks like an image or a face descriptor (one line per finding)."""
    found = []
    for path in paths:
        raw = path.read_bytes()
        found += [f"image data in {path.name}" for magic in IMAGE_MAGIC if magic.search(raw)]
        found += [f"face data in {path.name}" for needle in needles if needle in raw]
        if NUMBER_RUN.search(raw.decode("utf-8", "replace")):
            found.append(f"a long run of numbers in {path.name}")
        if raw.startswith(b"SQLite format 3"):
            for value in _sqlite_values(path):
                if (isinstance(value, bytes) and len(value) > 256) or (isinstance(value, str) and len(value) > 2000):
                    found.append(f"a large value in {path.name}")
        if _holds_descriptor(raw):
            found.append(f"a 128-float vector in {path.name}")
    return found


def _holds_descriptor(raw: bytes) -> bool:
    """A dlib descriptor is 128 float64 (or float32) values, nearly all with 0.001 < |x| < 0.5: look for
    such a run at every 4-byte alignment. Text and SQLite pages read as floats are far outside that."""
    for dtype, size in (("<f8", 8), ("<f4", 4)):
        for start in range(0, size, 4):
            usable = (len(raw) - start) // size * size
            if usable < 128 * size:
                continue
            with np.errstate(all="ignore"):  # arbitrary bytes read as floats include NaNs and infinities
                values = np.abs(np.frombuffer(raw[start:start + usable], dtype).astype(np.float64))
            plausible = ((values > 1e-3) & (values < 0.5)).astype(np.int32)
            window = np.convolve(plausible, np.ones(128, np.int32), mode="valid")
            if window.max() >= 120:
                return True
    return False


def test_the_search_finds_what_it_looks_for(tmp_path):
    rng = np.random.default_rng(1)
    vector = rng.uniform(-0.3, 0.3, 128)
    (tmp_path / "a.log").write_text("encoding " + ", ".join(f"{x:.6f}" for x in vector), encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"head" + vector.tobytes())
    (tmp_path / "c.dat").write_bytes(b"xx" + (DEMO_FACES / "li_na_card.png").read_bytes()[:200])
    db = sqlite3.connect(tmp_path / "d.sqlite")
    db.execute("CREATE TABLE t (v BLOB)")
    db.execute("INSERT INTO t VALUES (?)", (bytes(range(256)) * 4,))
    db.commit()
    db.close()
    found = find_face_data(sorted(tmp_path.iterdir()), [])
    assert "a long run of numbers in a.log" in found
    assert "a 128-float vector in b.bin" in found
    assert "image data in c.dat" in found
    assert "a large value in d.sqlite" in found
