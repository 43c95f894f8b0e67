"""A thief with the kiosk's disk after a demo visit: the data folder gives nothing without the storage key.

The visit is the real one on the simulators: a card and a face check, records and their pages viewed, a
certified copy printed, a proxy request with its photographs waiting for a gateway that cannot be reached.
Then every byte of a copy of the data folder is searched for what the visit touched.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.errors import StorageKeyInvalid
from kiosk.requests.model import Attachment, Channel, Request
from kiosk.session_states import State
from kiosk.storage import StorageKey, open_db, storage_key_for
from kiosk.storage.key import storage_key_path
from kiosk.tls.district import DEMO_KIOSK, issue_kiosk
from tests.ui.helpers import click, click_named, identified

#: What a private key in clear starts with (PKCS#8, and OpenSSL's traditional EC form).
PLAIN_PEM = (b"-----BEGIN PRIVATE KEY-----", b"-----BEGIN EC PRIVATE KEY-----")
ENCRYPTED_PEM = b"-----BEGIN ENCRYPTED PRIVATE KEY-----"
DEMO_DISTRICT = "demo-district"
RESIDENT_ID = "330106195203142627"  # assets/demo/cards/ouyang_xiuying.toml
RESIDENT_NAME = "欧阳秀英"
ASSETS = Path(__file__).resolve().parents[2] / "assets"


@pytest.fixture
def private_umask():
    """The kiosk's entry point runs with umask 077 (kiosk.cli.entry); the test process is the kiosk here."""
    before = os.umask(0o077)
    yield
    os.umask(before)


@pytest.fixture
def visited(qtbot, kiosk_config, face_engine, private_umask, tmp_path):
    from kiosk.demo_setup import prepare_demo
    from ui.app import build_kiosk

    # The simulated printer's paper lies outside the data folder, as a real printer's does.
    devices = kiosk_config.devices.model_copy(update={"sim_paper_dir": str(tmp_path / "paper-tray")})
    config = kiosk_config.model_copy(update={"devices": devices})
    prepare_demo(config)
    kiosk = build_kiosk(config, demo=True, face_engine=face_engine)
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    try:
        identified(qtbot, kiosk)
        s = kiosk.session
        click_named(qtbot, kiosk.window.current_screen(), "type_only_child")
        kiosk.window.current_screen().rows[0].click()  # the first record's row
        view = kiosk.window.current_screen()
        qtbot.waitUntil(lambda: len(view.viewer.pages) >= 1)
        click(qtbot, view, "open_print")
        options = kiosk.window.current_screen()
        qtbot.mouseClick(options.purpose_buttons["pension"], Qt.MouseButton.LeftButton)
        click(qtbot, options, "preview_copy")
        qtbot.waitUntil(lambda: kiosk.controller.view.copy_preview is not None)
        click(qtbot, kiosk.window.current_screen(), "print_copy")
        qtbot.waitUntil(lambda: len(s.data.printed) == 1, timeout=20000)
        page = _a_page_image(kiosk, s.data.records)
        photo = (ASSETS / "demo" / "faces" / "ouyang_xiuying_card.png").read_bytes()  # stands in for a photo
        # A proxy request with its photographs, waiting offline (this kiosk has no gateway).
        service = kiosk.services.requests.service  # type: ignore[attr-defined]
        service.submit(Request(origin_archive="330106", origin_kiosk=config.point.kiosk_id, owner_archive="330108",
                               record_type="real_estate", purpose="inheritance", subject_id=RESIDENT_ID,
                               subject_name=RESIDENT_NAME, channel=Channel.PROXY, agent_id="A-007",
                               relationship="子女", attachments=[Attachment("id_photo", "image/png", photo),
                                                                          Attachment("authorisation_letter", "image/png",
                                                                                     photo[::-1])]))
        click(qtbot, kiosk.window.current_screen(), "checkout")
        qtbot.waitUntil(lambda: s.state is State.CHECKOUT)
    finally:
        kiosk.shutdown()
    return config, page, photo


def plain_private_keys(folder: Path) -> list[str]:
    """Files under ``folder`` holding a private key in clear (the demo district's own keys aside, but not the
    demo kiosk's credentials kept among them)."""
    found = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if not p.is_file() or (rel.parts[0] == DEMO_DISTRICT and DEMO_KIOSK not in rel.parts):
            continue
        if any(marker in p.read_bytes() for marker in PLAIN_PEM):
            found.append(str(rel))
    return found


def _a_page_image(kiosk, records) -> bytes:
    """The first page image of the record viewed (the certified copy printed carries it too)."""
    [viewed] = [r for r in records if r.record_type == "only_child"]
    return kiosk.services.archive.page_images(viewed)[0]


def test_a_copy_of_the_data_folder_after_a_visit_holds_nothing_readable(visited, tmp_path):
    config, page, photo = visited
    data_dir = config.resolve(config.data.dir)
    stolen = tmp_path / "stolen"
    shutil.copytree(data_dir, stolen)
    files = [p for p in stolen.rglob("*") if p.is_file()]
    assert any(p.name == "cache.sqlite" for p in files) and any(p.name == "print-journal.sqlite" for p in files)
    needles = {
        "name (UTF-8)": RESIDENT_NAME.encode("utf-8"),
        "name (GB18030)": RESIDENT_NAME.encode("gb18030"),
        "ID number": RESIDENT_ID.encode("ascii"),
        "page image": page[64:128],
        "ID photo": photo[64:128],
        "ID photo (as queued)": base64.b64encode(photo)[64:128],
        "PDF": b"%PDF",
        "plain SQLite": b"SQLite format 3",
    }
    found = [f"{what} in {p.relative_to(stolen)}" for p in files for what, needle in needles.items()
             if needle in p.read_bytes()]
    assert found == []
    # The kiosk's signing key is there, encrypted under the storage key; no private key lies there in clear.
    # (The demo district's own folder stands in for the district's offline root and its gateway, which a real
    # kiosk never holds: a demo kiosk alone carries it, and only its kiosk credentials are the kiosk's.)
    assert (stolen / "keys" / "kiosk" / "kiosk.key").read_bytes().startswith(ENCRYPTED_PEM)
    assert plain_private_keys(stolen) == []

    # What was searched for is there, for whoever holds the key: the photos wait in the outbox.
    key = storage_key_for(config)
    cache = open_db(stolen / "cache.sqlite", key)
    queued = [r[0] for r in cache.execute("SELECT payload FROM outbox WHERE kind = 'request'")]
    cache.close()
    assert any(base64.b64encode(photo)[64:128].decode() in p for p in queued)
    journal = open_db(stolen / "print-journal.sqlite", key)
    assert [tuple(r) for r in journal.execute("SELECT kind, state, length(payload) FROM print_jobs "
                                              "WHERE kind = 'certified_copy'")] == [("certified_copy", "done", 0)]
    journal.close()

    databases = [p for p in files if p.suffix == ".sqlite"]
    assert len(databases) >= 5
    for path in databases:
        for key in (None, StorageKey(os.urandom(32))):
            with pytest.raises(StorageKeyInvalid):
                open_db(path, key)


def test_nothing_in_the_data_folder_is_open_to_group_or_others_after_a_visit(visited):
    config, _page, _photo = visited
    data_dir = config.resolve(config.data.dir)
    loose = [str(p) for p in [data_dir, *data_dir.rglob("*")] if stat.S_IMODE(p.lstat().st_mode) & 0o077]
    assert loose == []


def test_after_a_visit_and_a_sync_with_a_real_gateway_find_perm_077_finds_nothing(visited, tmp_path):
    """``find var -perm /077`` on the data folder after the visit and a sync over mutual TLS with a real
    gateway on loopback (the kiosk's TLS credentials kept in its keys folder, as the district issued them)."""
    from kiosk.gateway.seed import seed_archive
    from tests.kiosk.sync.gateway_fixture import gateway, kiosk, make_district, sqlite_store

    config, _page, _photo = visited
    data_dir = config.resolve(config.data.dir)
    district = make_district(tmp_path / "district")
    credentials = data_dir / "keys" / "tls"
    issue_kiosk(district.folder, config.point.kiosk_id, credentials)
    assert (credentials / "key.pem").read_bytes().startswith(PLAIN_PEM[0])  # as issued: plain, 0600
    store = sqlite_store(tmp_path / "gateway.sqlite")
    try:
        seed_archive(store, residents_wanted=3, archive_code=config.point.archive_code)
        with gateway(store, district) as url:
            done = kiosk("sync", "--gateway", url, "--cache", str(config.resolve(config.cache.path)), "--storage-key",
                         str(storage_key_path(config)), "--district-pub", str(district.pub), "--credentials",
                         str(credentials), "--once", "--json")
    finally:
        store.close()
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["applied"] > 0

    found = subprocess.run(["find", str(data_dir), "-perm", "/077"], capture_output=True, text=True, check=True)
    assert found.stdout == ""
    # The sync read the TLS key with the storage key, and left it encrypted under it.
    assert (credentials / "key.pem").read_bytes().startswith(ENCRYPTED_PEM)
    assert plain_private_keys(data_dir) == []
