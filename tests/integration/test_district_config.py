"""District configuration through the feed, over a real HTTPS gateway on loopback: a signed document for the
point and one for the kiosk take effect; a tampered one, an older one replayed, another kiosk's, one with a
value the model refuses and one setting a key the kiosk keeps to itself are refused with the key named, and
the configuration stays what it was."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.archive.cache import ArchiveCache
from kiosk.config import load_config
from kiosk.config_docs import KIND, sign_document
from kiosk.config_remote import DistrictConfig
from kiosk.crypto.keys import generate
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.gateway.tls_setup import feed_signer
from kiosk.sync.syncer import SyncClient
from tests.kiosk.sync.gateway_fixture import District, gateway, kiosk, make_district
from tests.storage_key import TEST_KEY

pytestmark = pytest.mark.integration


class Kiosk:
    """Kiosk test-01 of point 330106: its own config file (only what identifies it), cache and data folder."""

    def __init__(self, folder: Path, district: District):
        self.district = district
        self.config_file = folder / "config" / "kiosk.toml"
        self.config_file.parent.mkdir(parents=True)
        self.config_file.write_text(
            '[point]\nkiosk_id = "test-01"\narchive_code = "330106"\nname = "本地服务点"\n'
            f'[gateway]\ndistrict_pub = "{district.pub}"\ncredentials = "{district.kiosk_tls}"\n'
            f'[data]\ndir = "{folder / "var"}"\n', encoding="utf-8")
        self.cache = ArchiveCache(folder / "cache.sqlite", key=TEST_KEY)

    def config(self):
        return load_config(self.config_file, env={})

    def sync(self, url: str) -> dict[str, Any]:
        running = self.config()
        client = SyncClient(self.cache, url, self.district.verifier(), tls=self.district.kiosk_context(),
                            config_keeper=DistrictConfig(running, self.district.verifier()))
        try:
            result = client.sync_once()
        finally:
            client.gateway.close()
        return result.config


@pytest.fixture
def district(tmp_path: Path) -> District:
    return make_district(tmp_path / "district")


@pytest.fixture
def store(tmp_path: Path):
    s = SqliteStore(tmp_path / "gateway.sqlite")
    yield s
    s.close()


@pytest.fixture
def box(tmp_path: Path, district: District):
    k = Kiosk(tmp_path / "kiosk", district)
    yield k
    k.cache.close()


def test_point_and_kiosk_documents_published_from_the_command_line_take_effect(tmp_path: Path, district, store,
                                                                                box):
    point = tmp_path / "point.toml"
    point.write_text('[point]\nname = "西湖区文新街道社区档案便民服务点"\n[session]\nidle_timeout_s = 45.0\n'
                     '[ui]\nelder_mode = true\n', encoding="utf-8")
    own = tmp_path / "own.toml"
    own.write_text("[session]\nidle_timeout_s = 60.0\n", encoding="utf-8")
    # The point's document signed with the gateway's feed key (certified by the district root), the kiosk's
    # own with the root key itself: both are the district's word.
    done = kiosk("config", "publish", "--db", str(tmp_path / "gateway.sqlite"), "--scope", "point:330106",
                 "--file", str(point), "--credentials", str(district.gateway_tls), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["version"] == 1
    done = kiosk("config", "publish", "--db", str(tmp_path / "gateway.sqlite"), "--scope", "kiosk:test-01",
                 "--file", str(own), "--district-key", str(district.key), "--json")
    assert done.returncode == 0, done.stderr
    assert box.config().session.idle_timeout_s == 90.0  # nothing in force before the sync

    with gateway(store, district) as url:
        outcome = box.sync(url)
    assert [d["scope"] for d in outcome["applied"]] == ["point:330106", "kiosk:test-01"] and not outcome["refused"]
    config = box.config()
    assert config.point.name == "西湖区文新街道社区档案便民服务点" and config.ui.elder_mode
    assert config.session.idle_timeout_s == 60.0  # the kiosk's own document wins over its point's
    assert config.point.kiosk_id == "test-01"
    assert config.origins["session.idle_timeout_s"] == "district kiosk:test-01 v1"
    assert config.origins["point.name"] == "district point:330106 v1"
    assert config.origins["point.kiosk_id"] == "file"
    assert [(d.scope, d.version) for d in config.district_documents] == [("point:330106", 1), ("kiosk:test-01", 1)]

    shown = kiosk("config", "show", "--config", str(box.config_file), "--json")
    assert shown.returncode == 0, shown.stderr
    view = json.loads(shown.stdout)
    assert view["values"]["session.idle_timeout_s"] == {"value": 60.0, "from": "district kiosk:test-01 v1"}
    assert view["values"]["session.warning_s"]["from"] == "default"
    assert [d["scope"] for d in view["documents"]] == ["point:330106", "kiosk:test-01"]


def _tampered(district: District, store: SqliteStore) -> None:
    doc = sign_document(district.signer, "kiosk:test-01", 2, {"session": {"idle_timeout_s": 30.0}})
    doc["settings"]["session"]["idle_timeout_s"] = 5.0  # changed after signing
    store.put_document(KIND, "kiosk:test-01", doc)


def _signed_by_another_key(district: District, store: SqliteStore) -> None:
    store.put_document(KIND, "kiosk:test-01",
                       sign_document(generate("ed25519"), "kiosk:test-01", 2, {"session": {"idle_timeout_s": 5.0}}))


def _replayed(district: District, store: SqliteStore) -> None:
    store.put_document(KIND, "kiosk:test-01",
                       sign_document(district.signer, "kiosk:test-01", 1, {"session": {"idle_timeout_s": 5.0}}))


def _another_kiosks(district: District, store: SqliteStore) -> None:
    store.put_document(KIND, "kiosk:test-01",
                       sign_document(district.signer, "kiosk:test-02", 7, {"session": {"idle_timeout_s": 5.0}}))


def _invalid_value(district: District, store: SqliteStore) -> None:
    store.put_document(KIND, "kiosk:test-01",
                       sign_document(district.signer, "kiosk:test-01", 3, {"session": {"idle_timeout_s": -5}}))


def _machine_key(district: District, store: SqliteStore) -> None:
    signer, _ = feed_signer(district.gateway_tls)
    store.put_document(KIND, "kiosk:test-01",
                       sign_document(signer, "kiosk:test-01", 3, {"devices": {"idcard": "serial:///dev/ttyS9"}}))


@pytest.mark.parametrize("attack,code,key", [
    (_tampered, "CONFIG_BAD_SIGNATURE", ""),
    (_signed_by_another_key, "CONFIG_BAD_SIGNATURE", ""),
    (_replayed, "CONFIG_REPLAYED", "version"),
    (_another_kiosks, "CONFIG_WRONG_SCOPE", "scope"),
    (_invalid_value, "CONFIG_INVALID", "session.idle_timeout_s"),
    (_machine_key, "CONFIG_NOT_REMOTE", "devices.idcard"),
])
def test_a_bad_document_is_refused_with_its_key_and_the_config_stays(tmp_path: Path, district, store, box,
                                                                     attack: Callable[..., None], code: str,
                                                                     key: str):
    store.put_document(KIND, "kiosk:test-01",
                       sign_document(district.signer, "kiosk:test-01", 2, {"session": {"idle_timeout_s": 70.0}}))
    with gateway(store, district) as url:
        assert box.sync(url)["applied"][0]["version"] == 2
        running = box.config()
        record = (Path(running.data.dir) / "district-config.json").read_text(encoding="utf-8")
        keeper_config = running
        attack(district, store)
        outcome = box.sync(url)
        assert outcome["applied"] == []
        [refusal] = outcome["refused"]
        assert (refusal["code"], refusal["key"], refusal["scope"]) == (code, key, "kiosk:test-01")
        assert box.sync(url)["refused"] == []  # said once, not again at every sync
    after = box.config()
    assert after.session.idle_timeout_s == 70.0 and after.devices.idcard == running.devices.idcard
    assert [(d.scope, d.version) for d in after.district_documents] == [("kiosk:test-01", 2)]
    assert keeper_config.session.idle_timeout_s == 70.0
    kept = json.loads((Path(running.data.dir) / "district-config.json").read_text(encoding="utf-8"))
    assert kept["documents"] == json.loads(record)["documents"]
    assert kept["refused"]["kiosk:test-01"]["code"] == code
    shown = json.loads(kiosk("config", "show", "--config", str(box.config_file), "--json").stdout)
    assert shown["refused"][0]["code"] == code and shown["values"]["session.idle_timeout_s"]["value"] == 70.0


def test_a_record_edited_on_the_disk_counts_for_nothing(tmp_path: Path, district, store, box):
    store.put_document(KIND, "kiosk:test-01",
                       sign_document(district.signer, "kiosk:test-01", 1, {"session": {"idle_timeout_s": 70.0}}))
    with gateway(store, district) as url:
        box.sync(url)
    path = Path(box.config().data.dir) / "district-config.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["documents"]["kiosk:test-01"]["settings"]["session"]["idle_timeout_s"] = 9999.0
    path.write_text(json.dumps(record), encoding="utf-8")
    config = box.config()
    assert config.session.idle_timeout_s == 90.0 and config.district_documents == ()
