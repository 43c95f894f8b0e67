"""The kiosk's own private keys at rest: encrypted PKCS#8 PEM under a passphrase derived from the storage key.

A thief with the disk gets ``ENCRYPTED PRIVATE KEY`` blocks that open with no other key; the kiosk's code
paths (signing certified copies, the TLS link, renewal, the key's rotation) read them; a plain key left from
before is encrypted in place on its first read; OpenSSL reads the files with the passphrase (standard format).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from kiosk.crypto.keys import generate, load_signer as load_plain_signer, save_pair
from kiosk.errors import ConfigError, StorageKeyInvalid
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.paths import kiosk_key_files
from kiosk.storage import StorageKey, load_key, storage_key_for
from kiosk.storage.key import storage_key_path
from kiosk.storage.private_keys import load_signer, passphrase, reseal, save_signer, secrets_for
from kiosk.sync.client import GatewayClient
from kiosk.tls.credentials import Credentials
from tests.conftest import ROOT
from tests.kiosk.sync.gateway_fixture import gateway, make_district
from tests.storage_key import TEST_KEY

PLAIN = b"-----BEGIN PRIVATE KEY-----"
ENCRYPTED = b"-----BEGIN ENCRYPTED PRIVATE KEY-----"
OTHER = StorageKey(bytes(range(100, 132)))


@pytest.mark.parametrize("algorithm", ["sm2", "ed25519"])
def test_a_signing_key_is_written_encrypted_and_opens_only_with_the_storage_key(tmp_path, algorithm):
    signer = generate(algorithm)
    key = tmp_path / "kiosk.key"
    save_signer(signer, key, tmp_path / "kiosk.pub", secrets_for(TEST_KEY)[0])
    data = key.read_bytes()
    assert data.startswith(ENCRYPTED) and PLAIN not in data and key.stat().st_mode & 0o777 == 0o600
    assert signer.private_hex.encode() not in data  # type: ignore[attr-defined]
    assert load_signer(key, secrets_for(TEST_KEY)).public_hex == signer.public_hex
    with pytest.raises(StorageKeyInvalid) as caught:
        load_signer(key, secrets_for(OTHER))
    assert caught.value.code == "STORAGE_KEY_INVALID"
    with pytest.raises(ConfigError):
        load_plain_signer(key)  # what a thief's copy of the kiosk software would do: refused, not guessed


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
@pytest.mark.parametrize("algorithm", ["sm2", "ed25519"])
def test_openssl_reads_the_encrypted_key_with_the_passphrase_only(tmp_path, algorithm):
    signer = generate(algorithm)
    save_signer(signer, tmp_path / "kiosk.key", tmp_path / "kiosk.pub", passphrase(TEST_KEY.current))
    opened = subprocess.run(["openssl", "pkey", "-in", str(tmp_path / "kiosk.key"), "-passin",
                             "pass:" + passphrase(TEST_KEY.current).decode(), "-pubout"], capture_output=True)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout == (tmp_path / "kiosk.pub").read_bytes()
    wrong = subprocess.run(["openssl", "pkey", "-in", str(tmp_path / "kiosk.key"), "-passin",
                            "pass:" + passphrase(OTHER.current).decode()], capture_output=True)
    assert wrong.returncode != 0


def test_a_plain_signing_key_from_before_is_encrypted_in_place_on_its_first_read(tmp_path):
    signer = generate("sm2")
    key = tmp_path / "kiosk.key"
    save_pair(signer, key, tmp_path / "kiosk.pub")
    assert key.read_bytes().startswith(PLAIN)
    assert load_signer(key, secrets_for(TEST_KEY)).public_hex == signer.public_hex
    assert key.read_bytes().startswith(ENCRYPTED) and key.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob("*.sealing"))
    assert load_signer(key, secrets_for(TEST_KEY)).public_hex == signer.public_hex


def test_the_tls_key_is_encrypted_on_first_use_and_still_opens_the_mutual_tls_link(tmp_path):
    district = make_district(tmp_path / "district")
    folder = district.issue_kiosk("k-01")
    assert (folder / "key.pem").read_bytes().startswith(PLAIN)
    store = SqliteStore(tmp_path / "gw.sqlite")
    try:
        with gateway(store, district) as url:
            creds = Credentials.load(folder, secrets_for(TEST_KEY))
            assert (folder / "key.pem").read_bytes().startswith(ENCRYPTED)
            assert creds.passphrase == secrets_for(TEST_KEY)[0] and "passphrase" not in repr(creds.identity())
            client = GatewayClient(url, tls=creds.client_context())
            assert client.health()["status"] == "ok"
            client.close()
            # A copy of the folder alone is no kiosk: without the storage key it is refused, never prompted for.
            with pytest.raises(ConfigError) as caught:
                Credentials.load(folder)
            assert caught.value.code == "TLS_KEY_ENCRYPTED"
            with pytest.raises(StorageKeyInvalid):
                Credentials.load(folder, secrets_for(OTHER))
    finally:
        store.close()


def test_reseal_moves_a_key_to_the_next_storage_key_once(tmp_path):
    key = tmp_path / "kiosk.key"
    signer = generate("ed25519")
    save_signer(signer, key, tmp_path / "kiosk.pub", passphrase(TEST_KEY.current))
    assert reseal(key, [passphrase(TEST_KEY.current)], passphrase(OTHER.current)) is True
    assert reseal(key, [passphrase(TEST_KEY.current)], passphrase(OTHER.current)) is False  # a resumed rotation
    assert load_signer(key, secrets_for(OTHER)).public_hex == signer.public_hex
    with pytest.raises(StorageKeyInvalid):
        load_signer(key, secrets_for(TEST_KEY))


def test_rotate_storage_re_encrypts_the_kiosk_signing_and_tls_keys(config, tmp_config_file):
    old = storage_key_for(config)
    data_dir = config.resolve(config.data.dir)
    signing, _cert = kiosk_key_files(data_dir)
    signer = generate("sm2")
    save_signer(signer, signing, signing.with_suffix(".pub"), secrets_for(old)[0])
    district = make_district(data_dir.parent / "district")
    tls = data_dir / "keys" / "tls"
    from kiosk.tls.district import issue_kiosk

    issue_kiosk(district.folder, "k-02", tls)
    Credentials.load(tls, secrets_for(old))  # the kiosk's first use encrypts it
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "keys", "rotate-storage", "--config",
                           str(tmp_config_file), "--json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {"kiosk.key", "key.pem"} <= set(json.loads(done.stdout)["rekeyed"])
    new = load_key(storage_key_path(config), env={}, create=False)
    assert load_signer(signing, secrets_for(new)).public_hex == signer.public_hex
    Credentials.load(tls, secrets_for(new))
    with pytest.raises(StorageKeyInvalid):
        load_signer(signing, secrets_for(old))
    with pytest.raises(StorageKeyInvalid):
        Credentials.load(tls, secrets_for(old))


def test_a_plain_key_where_the_kiosk_may_not_write_is_used_as_it_is(tmp_path, caplog, monkeypatch):
    """An installed kiosk's service writes its data folder only (ProtectSystem=strict makes the rest a
    read-only mount, which a test cannot make here: the write fails as it would there, EROFS). A plain TLS
    key put in such a place still opens the link, and the log says it stays unencrypted."""
    import errno

    from kiosk.storage import private_keys

    district = make_district(tmp_path / "district")
    folder = district.issue_kiosk("k-03")
    before = (folder / "key.pem").read_bytes()

    def read_only(path, *_args):  # noqa: ANN001, ANN002
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(private_keys, "write_encrypted", read_only)
    creds = Credentials.load(folder, secrets_for(TEST_KEY))
    assert creds.passphrase is None and (folder / "key.pem").read_bytes() == before
    assert "stays unencrypted" in caplog.text
    creds.client_context()  # and the link's context is made from it
