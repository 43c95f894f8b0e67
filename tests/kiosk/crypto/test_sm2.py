"""SM2/SM3 against gmssl (an independent implementation) and the GB/T 32905 test vector."""

from __future__ import annotations

import os
import stat

import pytest
from gmssl import sm2 as gmssl_sm2
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.crypto import sm2, sm2_curve
from kiosk.crypto.keys import compact_public, generate, load_signer, load_verifier, save_pair, \
    verifier_from_compact
from kiosk.crypto.sm3 import sm3, sm3_gmssl
from kiosk.errors import ConfigError


@pytest.fixture(scope="module")
def key() -> sm2.SM2Signer:
    return sm2.generate()


def _gmssl(key: sm2.SM2Signer) -> gmssl_sm2.CryptSM2:
    return gmssl_sm2.CryptSM2(private_key=key.private_hex, public_key=key.public_hex[2:])


def test_sm3_matches_the_standard_vector_and_gmssl():
    # GB/T 32905-2016, example 1.
    assert sm3(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    for data in (b"", b"abcd" * 16, "档案证明".encode() * 40):
        assert sm3(data) == sm3_gmssl(data)


def test_gmssl_accepts_our_signatures_and_we_accept_gmssl_s(key):
    message = "AKC1|一份证明|".encode()
    assert _gmssl(key).verify_with_sm3(key.sign(message).hex(), message)
    theirs = bytes.fromhex(_gmssl(key).sign_with_sm3(message, "1f" * 32))
    assert key.verify(message, theirs)
    assert not key.verify(message + b"!", theirs)


def test_the_same_nonce_gives_gmssl_s_exact_signature(key, monkeypatch):
    # With the nonce fixed, SM2 is deterministic: equal bytes prove the same Z_A, e, r and s.
    nonce = 0x6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAEE1FB2F96F
    monkeypatch.setattr(sm2.secrets, "randbelow", lambda n: nonce - 1)
    message = b"message digest"
    assert key.sign(message).hex() == _gmssl(key).sign_with_sm3(message, f"{nonce:064x}")


def test_point_arithmetic_agrees_with_gmssl():
    k = 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8
    ours = sm2_curve.to_affine(sm2_curve.generator_table().multiply(k))
    theirs = gmssl_sm2.CryptSM2(private_key="", public_key="")._kg(k, gmssl_sm2.default_ecc_table["g"])
    assert ours is not None and f"{ours[0]:064x}{ours[1]:064x}" == theirs
    assert sm2_curve.to_affine(sm2_curve.multiply(k, (sm2_curve.GX, sm2_curve.GY))) == ours
    assert sm2_curve.generator_table().multiply(sm2_curve.N) == sm2_curve.INFINITY


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=0, max_value=63), st.integers(min_value=1, max_value=255))
def test_a_changed_message_or_signature_byte_is_refused(key, message, position, flip):
    signature = key.sign(message)
    assert key.verify(message, signature)
    broken = bytearray(signature)
    broken[position] ^= flip
    assert not key.verify(message, bytes(broken))
    assert not key.verify(message + b"\0", signature)


def test_a_verifier_that_prepared_its_key_table_still_judges_alike(key):
    verifier = sm2.SM2Verifier(key.public_hex)
    signatures = [key.sign(bytes([i])) for i in range(6)]
    assert all(verifier.verify(bytes([i]), s) for i, s in enumerate(signatures))  # the table is built midway
    assert not any(verifier.verify(bytes([i + 1]), s) for i, s in enumerate(signatures))


def test_out_of_range_signatures_are_refused_not_raised(key):
    n = sm2_curve.N.to_bytes(32, "big")
    for bad in (b"", bytes(64), n + n, b"\xff" * 64, bytes(63)):
        assert key.verify(b"m", bad) is False


def test_compact_keys_round_trip_and_bad_points_are_typed_errors(key):
    compact = compact_public("sm2", key.public_hex)
    assert len(compact) == 33
    assert verifier_from_compact("sm2", compact).public_hex == key.public_hex
    assert sm2.SM2Verifier(key.public_hex[2:]).public_hex == key.public_hex  # gmssl's x||y form
    with pytest.raises(ConfigError):
        verifier_from_compact("sm2", b"\x02" + b"\xff" * 32)  # x beyond the field
    with pytest.raises(ConfigError):
        sm2.SM2Verifier("04" + "11" * 64)  # not on the curve
    with pytest.raises(ConfigError):
        sm2.SM2Signer(key.public_hex, "01" * 32)  # a private key of another public key


def test_nonces_are_fresh(key):
    assert key.sign(b"same") != key.sign(b"same")


@pytest.mark.parametrize("algorithm", ["sm2", "ed25519"])
def test_key_files_round_trip_with_a_private_file_of_mode_0600(tmp_path, algorithm):
    signer = generate(algorithm)
    save_pair(signer, tmp_path / "k.key", tmp_path / "k.pub")
    assert stat.S_IMODE(os.stat(tmp_path / "k.key").st_mode) == 0o600
    assert (tmp_path / "k.pub").read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert "PRIVATE" not in (tmp_path / "k.pub").read_text()
    loaded = load_signer(tmp_path / "k.key")
    assert load_verifier(tmp_path / "k.pub").verify(b"x", loaded.sign(b"x"))
    assert "private" not in repr(loaded) and signer.private_hex not in repr(loaded)  # type: ignore[attr-defined]
