"""The kiosk and its district gateway: the demo's embedded gateway on loopback (real HTTP, real signed
change feed), the sync scheduler of a running kiosk, and the offline banner when the link is cut."""

from __future__ import annotations

import dataclasses

from kiosk.archive.demo_records import DEMO_RESIDENTS, demo_records
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.session_states import State
from tests.ui.helpers import identified
from ui.adapters.demo_gateway import GATEWAY_FILE

OUYANG = DEMO_RESIDENTS[0][0]


def first_sync_done(kiosk) -> bool:
    return kiosk.parts.sync.last_result is not None


def test_the_demo_kiosk_syncs_its_records_with_their_pages_from_the_gateway(qtbot, gateway_kiosk):
    k = gateway_kiosk
    qtbot.waitUntil(lambda: first_sync_done(k), timeout=20000)
    own = k.cache.own_records(OUYANG)
    assert len(own) == 5 and all(r.pages for r in own)  # the gateway's rendered pages came with them
    assert all(k.cache.blob(sha) for r in own for sha in r.pages)
    k.parts.network.check()
    qtbot.waitUntil(lambda: k.parts.network.last is not None and k.parts.network.last.last_sync is not None)
    assert k.parts.network.last.online and not k.window.banner.isVisible()
    # The kiosk's own certificate went into its gateway's store and came back with the sync, as any other
    # kiosk of the district gets it: its papers verify at the gateway and at the district's other kiosks.
    from kiosk.certify.kiosk_certs import KIND

    assert [d["kiosk_id"] for d in k.cache.documents(KIND).values()] == [k.config.point.kiosk_id]


def test_gateway_offline_shows_the_banner_and_own_records_are_still_listed(qtbot, gateway_kiosk):
    k, sync, watch = gateway_kiosk, gateway_kiosk.parts.sync, gateway_kiosk.parts.network
    qtbot.waitUntil(lambda: first_sync_done(k), timeout=20000)
    k.services.simulators["network"].set_online(False)
    # The link is really cut: the sync's next attempt fails as a pulled cable makes it fail.
    qtbot.waitUntil(lambda: sync.last_error == "GATEWAY_UNREACHABLE", timeout=10000)
    watch.check()
    qtbot.waitUntil(k.window.banner.isVisible)
    assert "离线" in k.window.banner.text()
    assert watch.last.online is False and watch.last.last_sync is not None  # the data's age is known

    identified(qtbot, k)
    assert len(k.session.data.records) == 5  # served from the cache
    assert k.window.banner.isVisible()

    k.services.simulators["network"].set_online(True)
    watch.check()
    qtbot.waitUntil(lambda: not k.window.banner.isVisible())
    qtbot.waitUntil(lambda: sync.last_error is None, timeout=10000)


def test_sync_brings_gateway_changes_into_the_cache_of_a_running_kiosk(qtbot, gateway_kiosk):
    k = gateway_kiosk
    qtbot.waitUntil(lambda: first_sync_done(k), timeout=20000)
    ouyang = [r for r in demo_records() if r.subject_id == OUYANG]
    added = dataclasses.replace(ouyang[0], record_id="added-at-the-district", title="低保审批表（补录）",
                                record_type="low_income", year=2024, pages=())
    gateway = SqliteStore(k.config.resolve(k.config.data.dir) / GATEWAY_FILE)
    try:
        gateway.put_records([added])
        gateway.delete("record", [ouyang[1].record_id])
    finally:
        gateway.close()

    def changed() -> bool:
        ids = {r.record_id for r in k.cache.own_records(OUYANG)}
        return "added-at-the-district" in ids and ouyang[1].record_id not in ids

    qtbot.waitUntil(changed, timeout=10000)
    identified(qtbot, k)
    titles = [r.title for r in k.session.data.records]
    assert "低保审批表（补录）" in titles and ouyang[1].title not in titles
    assert k.session.state is State.HOME


def test_a_kiosk_without_a_gateway_shows_no_banner_and_has_no_network_switch(qtbot, kiosk):
    assert "network" not in kiosk.services.simulators
    state = kiosk.services.network.state()
    assert state.online is True
    kiosk.parts.network.check()
    qtbot.waitUntil(lambda: kiosk.parts.network.last is not None)
    assert not kiosk.window.banner.isVisible()


def test_the_demo_panels_offline_switch_shows_the_banner_at_once(qtbot, gateway_kiosk):
    k = gateway_kiosk
    qtbot.waitUntil(lambda: first_sync_done(k), timeout=20000)
    k.demo_panel.switches["offline"].setChecked(True)
    qtbot.waitUntil(k.window.banner.isVisible, timeout=3000)  # before the watch's next 5 s round
    k.demo_panel.switches["offline"].setChecked(False)
    qtbot.waitUntil(lambda: not k.window.banner.isVisible(), timeout=3000)


def _kiosk_of(qtbot, config, face_engine):
    from kiosk.demo_setup import prepare_demo
    from ui.app import build_kiosk

    prepare_demo(config)
    k = build_kiosk(config, demo=True, face_engine=face_engine)
    qtbot.addWidget(k.window)
    k.parts.sync.start()
    k.parts.sync.wait_started()
    return k


def _with_gateway(config, **keys):
    return config.model_copy(update={"gateway": config.gateway.model_copy(update=keys)})


def test_a_kiosk_syncs_from_its_configured_gateway_url(qtbot, kiosk_config, face_engine, tmp_path):
    from kiosk.gateway.seed import seed_archive
    from tests.kiosk.sync.gateway_fixture import gateway, make_district

    district = make_district(tmp_path / "district")
    store = SqliteStore(tmp_path / "district.sqlite")
    seed_archive(store, residents_wanted=5)
    try:
        with gateway(store, district) as url:
            k = _kiosk_of(qtbot, _with_gateway(kiosk_config, url=url, district_pub=str(district.pub),
                                               credentials=str(district.kiosk_tls)), face_engine)
            try:
                qtbot.waitUntil(lambda: first_sync_done(k), timeout=20000)
                assert k.cache.count() == store.count("record")
                assert k.services.network.state().online
            finally:
                k.shutdown()
    finally:
        store.close()


def test_batches_signed_by_another_district_leave_the_cache_as_it_was(qtbot, kiosk_config, face_engine,
                                                                     tmp_path):
    from kiosk.gateway.seed import seed_archive
    from tests.kiosk.sync.gateway_fixture import gateway, make_district

    # Behind a gateway the kiosk trusts (TLS of its own district), batches signed by another district's key.
    impostor, ours = make_district(tmp_path / "impostor"), make_district(tmp_path / "ours")
    store = SqliteStore(tmp_path / "impostor.sqlite")
    seed_archive(store, residents_wanted=5)
    try:
        with gateway(store, ours, signer=impostor.signer) as url:
            k = _kiosk_of(qtbot, _with_gateway(kiosk_config, url=url, district_pub=str(ours.pub),
                                               credentials=str(ours.kiosk_tls)), face_engine)
            try:
                before = k.cache.count()
                qtbot.waitUntil(lambda: k.parts.sync.last_error == "SYNC_BAD_SIGNATURE", timeout=20000)
                assert k.cache.count() == before < store.count("record")
                assert k.cache.meta("last_sync") is None
            finally:
                k.shutdown()
    finally:
        store.close()
