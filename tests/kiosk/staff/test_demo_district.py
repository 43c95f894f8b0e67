"""The demo district's staff and archive directory: an agent can sign in on the demo kiosk with the PIN
its comments name, and a kiosk that synced real documents keeps them."""

from __future__ import annotations

import re

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.errors import ConfigError
from kiosk.identity.card import IdCard
from kiosk.requests.demo_district import put_demo_district
from kiosk.requests.kiosk_service import archive_directory
from kiosk.staff.auth import StaffAuthenticator
from kiosk.staff.lockout import PinLockout
from kiosk.staff.registry import StaffRegistry
from tests.conftest import ROOT
from tests.storage_key import TEST_KEY, TEST_PEPPER

DISTRICT = ROOT / "assets" / "demo" / "district.toml"


class NoAudit:
    def append(self, *_a, **_k) -> None:
        pass


@pytest.fixture
def cache(tmp_path):
    c = ArchiveCache(tmp_path / "cache.sqlite", key=TEST_KEY)
    yield c
    c.close()


def demo_card(name: str) -> IdCard:
    text = (ROOT / "assets" / "demo" / "cards" / f"{name}.toml").read_text(encoding="utf-8")
    return IdCard("resident", "李娜", re.search(r'id_number = "(\w+)"', text).group(1))


def test_the_documented_pin_signs_in_li_na_as_agent_and_technician(cache):
    assert put_demo_district(cache, DISTRICT, TEST_PEPPER) == {"staff": 1, "archive": 5}
    pin = re.search(r"PIN (\d+)", DISTRICT.read_text(encoding="utf-8")).group(1)
    auth = StaffAuthenticator(lambda: StaffRegistry.from_documents(cache.documents("staff").values(), TEST_PEPPER),
                              PinLockout(lambda: 0.0), NoAudit())
    for role in ("agent", "technician"):
        assert auth.login(demo_card("li_na"), pin, role=role).staff_id == "A-007"
    assert pin not in DISTRICT.read_text(encoding="utf-8").split("[[staff]]", 1)[1]  # only its hash is data
    assert [a.code for a in archive_directory(cache).all()] == ["330102", "330106", "330108", "330112", "440305"]


def test_documents_already_synced_are_kept(cache):
    cache.put_document("staff", "S-1", {"staff_id": "S-1", "card_hmac": "hmac-sha256:x", "roles": ["agent"],
                                        "pin_hash": "y"})
    assert put_demo_district(cache, DISTRICT, TEST_PEPPER) == {"archive": 5}
    assert list(cache.documents("staff")) == ["S-1"]
    assert put_demo_district(cache, DISTRICT, TEST_PEPPER) == {}


def test_the_demo_staff_are_keyed_and_marked_demo(cache):
    put_demo_district(cache, DISTRICT, TEST_PEPPER)
    [member] = cache.documents("staff").values()
    assert member["demo"] is True and member["card_hmac"].startswith("hmac-sha256:")
    assert member["pin_hash"].startswith("scrypt-argon2id$") and "card_sha256" not in member


def test_a_broken_file_is_a_config_error_naming_it(cache, tmp_path):
    bad = tmp_path / "district.toml"
    bad.write_text('[[archive]]\nname = "no code"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="lacks code"):
        put_demo_district(cache, bad, TEST_PEPPER)
    with pytest.raises(ConfigError, match="not a readable"):
        put_demo_district(cache, tmp_path / "missing.toml", TEST_PEPPER)
