"""Technician sign-in keeps its wrong-PIN tally where agent sign-in does: on disk, shared per card."""

from __future__ import annotations

from kiosk.session_states import State
from kiosk.storage import open_db, storage_key_for
from tests.ui.test_diagnostics import current, label, sign_in
from kiosk.paths import STAFF_LOCKOUT_FILE as LOCKOUT_FILE


def test_a_wrong_technician_pin_is_counted_in_the_shared_tally_file(qtbot, kiosk, kiosk_config):
    flow = kiosk.parts.field.flow
    flow.start_sign_in()
    sign_in(qtbot, kiosk, flow, pin="000000")
    qtbot.waitUntil(lambda: "4" in label(current(kiosk), "message"), timeout=5000)
    assert label(current(kiosk), "message") == "密码错误，还可以试 4 次。"  # in the screen's language
    assert kiosk.session.state is State.TECHNICIAN_LOGIN
    tally = kiosk_config.resolve(kiosk_config.data.dir) / LOCKOUT_FILE
    db = open_db(tally, storage_key_for(kiosk_config))
    assert [tuple(r) for r in db.execute("SELECT failures FROM pin_lockout").fetchall()] == [(1,)]
    db.close()
