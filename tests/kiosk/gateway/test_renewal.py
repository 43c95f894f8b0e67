"""Kiosk certificates live weeks, and are renewed over the authenticated link before they end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography import x509

from kiosk.cli import main
from kiosk.errors import GatewayRefused
from kiosk.gateway.seed import seed_archive
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.sync.client import GatewayClient
from kiosk.tls import pki
from kiosk.tls.credentials import Credentials
from kiosk.tls.identity import Role
from kiosk.tls.renewal import renew
from tests.kiosk.sync.gateway_fixture import gateway, kiosk, make_district
from kiosk.storage.private_keys import secrets_for
from tests.storage_key import TEST_KEY, storage_key_file

RENEW = ("kiosk.gateway.renew_api",)


@pytest.fixture
def district(tmp_path: Path):
    return make_district(tmp_path / "district")


@pytest.fixture
def running(tmp_path: Path, district):
    store = SqliteStore(tmp_path / "gw.sqlite")
    seed_archive(store, residents_wanted=3, page_images_for=0)
    with gateway(store, district, feature_routers=RENEW) as url:
        yield url
    store.close()


def _leaf(folder: Path) -> x509.Certificate:
    return pki.load_certificate(folder / "cert.pem")


def test_kiosk_sync_renews_a_certificate_near_its_end_and_the_new_one_works(running, district, tmp_path):
    kiosk_tls = district.issue_kiosk("k-07", days=5)
    old = _leaf(kiosk_tls)
    result = kiosk("sync", "--gateway", running, "--cache", str(tmp_path / "cache.sqlite"), "--storage-key", storage_key_file(), "--district-pub",
                   str(district.pub), "--credentials", str(kiosk_tls), "--once", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["tls"]["renewed"] is True
    new = _leaf(kiosk_tls)
    assert new.serial_number != old.serial_number and new.public_key() != old.public_key()
    assert pki.describe(new)["name"] == "k-07" and (new.not_valid_after_utc - old.not_valid_after_utc).days >= 20
    assert (kiosk_tls / "key.pem").stat().st_mode & 0o777 == 0o600
    # The new key, like the old one from the kiosk's first sync on, is kept encrypted under the storage key.
    assert (kiosk_tls / "key.pem").read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    client = GatewayClient(running, tls=Credentials.load(kiosk_tls, secrets_for(TEST_KEY)).client_context())
    assert client.health()["status"] == "ok"  # the renewed certificate opens the link
    client.close()
    again = kiosk("sync", "--gateway", running, "--cache", str(tmp_path / "cache.sqlite"), "--storage-key", storage_key_file(), "--district-pub",
                  str(district.pub), "--credentials", str(kiosk_tls), "--once", "--json")
    assert json.loads(again.stdout)["tls"]["renewed"] is False  # 30 days left: nothing to do


def test_keys_renew_renews_on_demand(running, district, capsys):
    kiosk_tls = district.issue_kiosk("k-08", days=30)
    before = _leaf(kiosk_tls).serial_number
    assert main(["keys", "renew", "--gateway", running, "--credentials", str(kiosk_tls), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["renewed"] is False and _leaf(kiosk_tls).serial_number == before
    assert main(["keys", "renew", "--gateway", running, "--credentials", str(kiosk_tls), "--force", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["renewed"] is True and _leaf(kiosk_tls).serial_number != before


def test_a_revoked_kiosk_gets_no_new_certificate(running, district, tmp_path, capsys):
    kiosk_tls = district.issue_kiosk("k-09", days=5)
    assert main(["keys", "revoke", "--district-key", str(district.key), "--kiosk-id", "k-09", "--out",
                 str(tmp_path / "rev.json"), "--publish", str(tmp_path / "gw.sqlite"), "--json"]) == 0
    capsys.readouterr()
    client = GatewayClient(running, tls=Credentials.load(kiosk_tls).client_context())
    before = (kiosk_tls / "cert.pem").read_bytes()
    with pytest.raises(GatewayRefused) as caught:
        renew(kiosk_tls, client)
    assert caught.value.code == "AUTH_REVOKED" and (kiosk_tls / "cert.pem").read_bytes() == before
    client.close()


def test_the_gateways_issuing_ca_makes_kiosks_only(district):
    tls = district.tls()
    issuer = tls.kiosk_issuer()
    trust = tls.trust()
    staff, _ = pki.issue(issuer, "staff", "s-1", days=1)
    kiosk_cert, _ = pki.issue(issuer, "kiosk", "k-1", days=1)
    from cryptography.hazmat.primitives.serialization import Encoding

    assert trust.caller(staff.public_bytes(Encoding.DER)) is None
    assert trust.caller(kiosk_cert.public_bytes(Encoding.DER)).role is Role.KIOSK


def test_a_renewal_cut_short_between_its_two_moves_is_finished_at_the_next_start(district):
    from cryptography.hazmat.primitives.asymmetric import ec

    folder = district.issue_kiosk("k-10")
    issuer = district.tls().kiosk_issuer()
    key = ec.generate_private_key(ec.SECP256R1())
    cert = pki.issue_for_key(issuer, "kiosk", "k-10", key.public_key(), days=30)
    pki.write_private_key(key, folder / "key.pem")  # the key moved, then the power went
    pki.write_public(pki.pem(cert) + pki.pem(issuer.cert), folder / "cert.pem.new")
    creds = Credentials.load(folder)
    assert creds.certificate().serial_number == cert.serial_number and not (folder / "cert.pem.new").exists()
