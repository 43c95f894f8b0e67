"""Keys, signatures and kiosk certificates in the forms others read: OpenSSL 3 checks what the kiosk signs
from the exported PEM and DER keys, and a chain OpenSSL made (an SM2 district CA and a kiosk certificate)
is imported and verified by `kiosk verify`."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from kiosk.certify.kiosk_cert import load_kiosk_certificate
from kiosk.certify.payload import signed_part
from kiosk.cli import main
from kiosk.crypto import formats
from kiosk.crypto.keys import generate, load_signer, load_verifier, save_pair

DISTID = "distid:1234567812345678"


def _openssl(*argv: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["openssl", *map(str, argv)], capture_output=True, text=True, check=check, timeout=60)


def _json(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, dict]:
    code = main([*map(str, argv), "--json"])
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An SM2 district, a kiosk certified by it, and a certified copy the kiosk signed."""
    root = tmp_path_factory.mktemp("formats")
    assert main(["keys", "init-district", "--out", str(root / "district")]) == 0
    assert main(["keys", "issue-kiosk", "--district-key", str(root / "district" / "district.key"),
                 "--kiosk-id", "demo-01", "--out", str(root / "kiosk")]) == 0
    return {"root": root, "kiosk": root / "kiosk", "district": root / "district"}


@pytest.mark.parametrize("algorithm", ["sm2", "ed25519"])
def test_openssl_reads_the_keys_the_kiosk_writes_and_derives_the_same_public_key(tmp_path, algorithm):
    save_pair(generate(algorithm), tmp_path / "k.key", tmp_path / "k.pub")  # type: ignore[arg-type]
    assert stat.S_IMODE(os.stat(tmp_path / "k.key").st_mode) == 0o600
    derived = _openssl("pkey", "-in", tmp_path / "k.key", "-pubout").stdout
    assert derived == (tmp_path / "k.pub").read_text()
    text = _openssl("pkey", "-pubin", "-in", tmp_path / "k.pub", "-noout", "-text").stdout
    assert ("SM2" in text or "sm2" in text) if algorithm == "sm2" else "ED25519" in text


def test_openssl_verifies_a_kiosk_certificate_signature_from_the_exported_pem_and_der(issued, tmp_path, capsys):
    code, out = _json(capsys, "keys", "export", "--key", issued["kiosk"] / "kiosk.key",
                      "--cert", issued["kiosk"] / "kiosk.cert", "--out", tmp_path / "export")
    assert code == 0, out
    assert stat.S_IMODE(os.stat(out["private_pem"]).st_mode) == 0o600
    kiosk = load_signer(issued["kiosk"] / "kiosk.key")
    from kiosk.certify.issue import Issuer, ServicePoint
    from tests.kiosk.certify.conftest import REQUEST

    certificate = Issuer(kiosk, load_kiosk_certificate(issued["kiosk"] / "kiosk.cert"),
                         ServicePoint("330106", "西湖区文新街道社区档案便民服务点")).issue(REQUEST).certificate
    data, signature = tmp_path / "signed.bin", tmp_path / "signature.der"
    data.write_bytes(signed_part(certificate))
    signature.write_bytes(formats.der_signature("sm2", certificate.signature))
    by_dgst = _openssl("dgst", "-sm3", "-verify", out["public_pem"], "-sigopt", DISTID, "-signature", signature, data)
    assert "Verified OK" in by_dgst.stdout
    by_pkeyutl = _openssl("pkeyutl", "-verify", "-pubin", "-inkey", out["public_der"], "-keyform", "DER", "-rawin",
                          "-digest", "sm3", "-pkeyopt", DISTID, "-in", data, "-sigfile", signature)
    assert "Signature Verified Successfully" in by_pkeyutl.stdout
    data.write_bytes(signed_part(certificate)[:-1] + b"\x00")  # one byte changed: OpenSSL refuses it too
    refused = _openssl("dgst", "-sm3", "-verify", out["public_pem"], "-sigopt", DISTID, "-signature", signature, data,
                       check=False)
    assert refused.returncode != 0 and "Verification failure" in refused.stdout + refused.stderr
    # The kiosk certificate as OpenSSL reads it: SM2-with-SM3 by the district, the kiosk's key inside.
    text = _openssl("x509", "-in", out["certificate_pem"], "-noout", "-text").stdout
    assert "SM2-with-SM3" in text and "CN = demo-01" in text and "CA:FALSE" in text
    assert _openssl("x509", "-in", out["certificate_der"], "-inform", "DER", "-noout", "-pubkey").stdout == \
        Path(out["public_pem"]).read_text()


def test_json_keys_of_earlier_versions_still_load_and_export_to_pkcs8(tmp_path, capsys):
    signer = generate("sm2")
    legacy = tmp_path / "district.key"
    legacy.write_text(json.dumps({"algorithm": "sm2", "public": signer.public_hex, "key_id": "x",
                                  "private": signer.private_hex}))  # type: ignore[attr-defined]
    assert load_signer(legacy).public_hex == signer.public_hex
    code, out = _json(capsys, "keys", "export", "--key", legacy, "--out", tmp_path / "std")
    assert code == 0, out
    assert load_signer(out["private_pem"]).private_hex == signer.private_hex  # type: ignore[attr-defined]
    assert _openssl("pkey", "-in", out["private_pem"], "-pubout").stdout == Path(out["public_pem"]).read_text()


def _openssl_chain(root: Path, name: str) -> dict[str, Path]:
    """A district CA and a kiosk certificate made entirely by OpenSSL, the way a district with its own CA
    does it (SM2 keys, SM3withSM2 signatures with the GB/T 35276 default distinguishing id)."""
    folder = root / name
    folder.mkdir()
    ca_key, ca, key, csr, cert = (folder / n for n in ("ca.key", "ca.pem", "kiosk.key", "kiosk.csr", "kiosk.pem"))
    _openssl("genpkey", "-algorithm", "SM2", "-out", ca_key)
    _openssl("req", "-x509", "-new", "-key", ca_key, "-subj", f"/CN={name} archive CA", "-sm3", "-sigopt", DISTID,
             "-days", "30", "-out", ca)
    _openssl("genpkey", "-algorithm", "SM2", "-out", key)
    _openssl("req", "-new", "-key", key, "-subj", "/CN=kiosk-77", "-sm3", "-sigopt", DISTID, "-out", csr)
    ext = folder / "ext.cnf"
    ext.write_text("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n"
                   "authorityKeyIdentifier=keyid\n")
    _openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-sm3", "-sigopt", DISTID, "-vfyopt", DISTID,
             "-days", "30", "-extfile", ext, "-out", cert)
    return {"ca": ca, "key": key, "cert": cert}


def test_an_openssl_made_chain_is_imported_and_its_papers_verify(tmp_path, capsys):
    chain = _openssl_chain(tmp_path, "district")
    other = _openssl_chain(tmp_path, "elsewhere")
    code, out = _json(capsys, "keys", "import", "--key", chain["key"], "--cert", chain["cert"],
                      "--district-pub", other["ca"], "--out", tmp_path / "installed")
    assert code == 2 and not (tmp_path / "installed" / "kiosk.key").exists()  # not that district's kiosk
    code, out = _json(capsys, "keys", "import", "--key", chain["key"], "--cert", chain["cert"],
                      "--district-pub", chain["ca"], "--out", tmp_path / "installed")
    assert code == 0 and out["kiosk_id"] == "kiosk-77" and out["district_checked"], out
    installed = tmp_path / "installed"
    code, out = _json(capsys, "certify", "issue", "--demo", "--kiosk-key", installed / "kiosk.key",
                      "--kiosk-cert", installed / "kiosk.cert", "--out", tmp_path / "copy.pdf")
    assert code == 0, out
    code, verdict = _json(capsys, "verify", "--qr", out["qr"], "--district-pub", chain["ca"],
                          "--kiosk-certs", chain["cert"])
    assert code == 0 and verdict["valid"] and verdict["kiosk_id"] == "kiosk-77", verdict
    code, verdict = _json(capsys, "verify", "--qr", out["qr"], "--district-pub", other["ca"],
                          "--kiosk-certs", chain["cert"])
    assert code == 5 and verdict["reason"] == "CERT_UNKNOWN_DISTRICT"
    # A kiosk certificate for the same key, made by the other CA, handed in as if it were the district's.
    forged = _openssl("x509", "-req", "-in", chain["cert"].with_suffix(".csr"), "-CA", other["ca"], "-CAkey",
                      other["ca"].with_name("ca.key"), "-CAcreateserial", "-sm3", "-sigopt", DISTID, "-vfyopt", DISTID, "-days", "30")
    (tmp_path / "forged.pem").write_text(forged.stdout)
    code, verdict = _json(capsys, "verify", "--qr", out["qr"], "--district-pub", chain["ca"],
                          "--kiosk-certs", tmp_path / "forged.pem")
    assert code == 5 and not verdict["valid"]
    assert load_verifier(chain["ca"]).algorithm == "sm2"
