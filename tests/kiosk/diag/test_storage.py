"""Storage check: free space, PRAGMA integrity_check of the cache, the audit chain."""

from __future__ import annotations


from kiosk.archive.cache import ArchiveCache
from kiosk.audit import AuditLog
from kiosk.diag.storage import check_storage
from tests.storage_key import TEST_KEY, keyed_connect


def _healthy(tmp_path):
    data = tmp_path / "var"
    cache = ArchiveCache(data / "cache.sqlite", key=TEST_KEY)
    cache.close()
    audit = AuditLog(data / "audit.sqlite", key=TEST_KEY)
    audit.append("kiosk.started", {})
    audit.append("session.transition", {"to": "reading_card"})
    audit.close()
    return data, data / "cache.sqlite"


def test_a_healthy_kiosk_passes(tmp_path):
    data, cache = _healthy(tmp_path)
    r = check_storage(data, cache, key=TEST_KEY)
    assert r.ok and r.state == "ready"
    assert r.facts["audit_rows"] == 2 and r.facts["cache_integrity"] == "integrity ok"
    assert r.facts["free_bytes"] > 0


def test_a_damaged_cache_fails(tmp_path):
    data, cache = _healthy(tmp_path)
    raw = bytearray(cache.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)  # the header's tail and the schema page
    cache.write_bytes(bytes(raw))
    r = check_storage(data, cache, key=TEST_KEY)
    assert not r.ok and r.state in ("cache_damaged", "cache_unavailable"), r
    assert "cache" in r.detail


def test_a_tampered_audit_row_fails_naming_the_row(tmp_path):
    data, cache = _healthy(tmp_path)
    db = keyed_connect(data / "audit.sqlite")
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit SET detail = '{\"to\":\"home\"}' WHERE id = 2")
    db.commit()
    db.close()
    r = check_storage(data, cache, key=TEST_KEY)
    assert not r.ok and r.state == "audit_broken"
    assert "row 2" in r.detail


def test_too_little_free_space_fails(tmp_path):
    data, cache = _healthy(tmp_path)
    r = check_storage(data, cache, min_free_mb=10**12, key=TEST_KEY)
    assert not r.ok and r.state == "low_space" and "minimum" in r.detail


def test_a_missing_cache_fails(tmp_path):
    r = check_storage(tmp_path / "var", tmp_path / "var" / "cache.sqlite", key=TEST_KEY)
    assert not r.ok and r.state == "cache_unavailable"
    assert not (tmp_path / "var" / "cache.sqlite").exists(), "the check must not create the cache"
