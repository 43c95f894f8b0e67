"""The chained audit log detects edits made behind its back."""

from __future__ import annotations

import json
from kiosk import storage
import subprocess
import sys

import pytest

from kiosk.audit import AuditLog, verify_chain
from kiosk.errors import AuditError
from tests.storage_key import TEST_KEY, keyed_connect, storage_key_file


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True, text=True)


@pytest.fixture
def log_path(tmp_path):
    path = tmp_path / "audit.sqlite"
    audit = AuditLog(path, key=TEST_KEY)
    for i in range(5):
        audit.append("print.done", {"job": i, "id_number": "330106195203142627", "name": "欧阳秀英"})
    audit.close()
    return path


def test_chain_holds_and_personal_data_are_masked(log_path):
    assert verify_chain(log_path, key=TEST_KEY).ok
    raw = log_path.read_bytes() + (log_path.parent / "audit.sqlite-wal").read_bytes() \
        if (log_path.parent / "audit.sqlite-wal").exists() else log_path.read_bytes()
    assert "330106195203142627".encode() not in raw
    assert "欧阳秀英".encode() not in raw
    rows = AuditLog(log_path, key=TEST_KEY).rows()
    assert rows[0]["detail"]["id_number"] == "3301**********2627"
    assert rows[0]["detail"]["name"] == "欧**英"


def test_updates_and_deletes_are_refused_by_the_database(log_path):
    db = keyed_connect(log_path)
    with pytest.raises(storage.DatabaseError, match="append-only"):
        db.execute("UPDATE audit SET kind='x' WHERE id=2")
    with pytest.raises(storage.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit WHERE id=2")


def _tamper(path, sql):
    db = keyed_connect(path)
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("DROP TRIGGER audit_no_delete")
    db.execute(sql)
    db.commit()
    db.close()


def test_edited_row_is_named_by_the_command(log_path):
    assert _kiosk("audit", "verify", "--db", str(log_path), "--storage-key", storage_key_file()).returncode == 0
    _tamper(log_path, "UPDATE audit SET detail = replace(detail, '\"job\":2', '\"job\":9') WHERE id = 3")
    report = verify_chain(log_path, key=TEST_KEY)
    assert not report.ok and report.first_broken == 3
    r = _kiosk("audit", "verify", "--db", str(log_path), "--storage-key", storage_key_file(), "--json")
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert out["first_broken"] == 3 and "hash" in out["reason"]


def test_deleted_row_is_detected(log_path):
    _tamper(log_path, "DELETE FROM audit WHERE id = 4")
    report = verify_chain(log_path, key=TEST_KEY)
    assert not report.ok and report.first_broken == 4


def test_rehashed_row_still_breaks_the_next_link(log_path):
    from kiosk.audit import row_hash

    db = keyed_connect(log_path)
    ts, kind, actor, prev = db.execute("SELECT ts, kind, actor, prev_hash FROM audit WHERE id=2").fetchone()
    db.close()
    forged = row_hash(prev, 2, ts, kind, actor, "{}")
    _tamper(log_path, f"UPDATE audit SET detail='{{}}', hash='{forged}' WHERE id=2")
    report = verify_chain(log_path, key=TEST_KEY)
    assert not report.ok and report.first_broken == 3


def test_missing_file_is_a_typed_error(tmp_path):
    with pytest.raises(AuditError):
        verify_chain(tmp_path / "nope.sqlite", key=TEST_KEY)
    r = _kiosk("audit", "verify", "--db", str(tmp_path / "nope.sqlite"), "--storage-key", storage_key_file())
    assert r.returncode == 2 and "Traceback" not in r.stderr and "does not exist" in r.stderr
    assert not (tmp_path / "nope.sqlite").exists()
