"""The command line end to end: keys, a demo certified copy as PDF, and kiosk verify on its QR text, the
PDF and a PNG render of the PDF. The QR is decoded from pixels: nothing is read from hidden PDF text."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kiosk.certify.issue import sign_certificate
from kiosk.certify.kiosk_cert import issue_kiosk_certificate, save_kiosk_certificate
from kiosk.cli import main
from kiosk.certify.kiosk_cert import load_kiosk_certificate
from kiosk.certify.x509 import spki_key_id
from kiosk.crypto.keys import load_signer, load_verifier
from tests.kiosk.certify.conftest import POINT, REQUEST


def _known(issued: dict[str, Path | str]) -> list[str]:
    """The kiosk certificates a verifier holds (synced, or handed in): the folder ``keys issue-kiosk`` wrote."""
    return ["--kiosk-certs", str(Path(issued["root"]) / "kiosk")]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    return code, json.loads(out[-1]) if out else {}


@pytest.fixture(scope="module", params=["sm2", "ed25519"])
def issued(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | str]:
    root = tmp_path_factory.mktemp(f"certify-{request.param}")
    assert main(["keys", "init-district", "--out", str(root / "district"), "--algorithm", request.param]) == 0
    assert main(["keys", "issue-kiosk", "--district-key", str(root / "district" / "district.key"),
                 "--kiosk-id", "demo-01", "--out", str(root / "kiosk")]) == 0
    pdf = root / "cert.pdf"
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["certify", "issue", "--demo", "--kiosk-key", str(root / "kiosk" / "kiosk.key"),
                     "--kiosk-cert", str(root / "kiosk" / "kiosk.cert"), "--out", str(pdf), "--json"]) == 0
    answer = json.loads(out.getvalue())
    png = root / "cert.png"
    document = pdfium.PdfDocument(str(pdf))
    document[0].render(scale=200 / 72).to_pil().save(png)  # "a PNG render of it": a scan at 200 dpi
    document.close()
    return {"root": root, "pdf": pdf, "png": png, "qr": answer["qr"], "id": answer["certificate_id"],
            "pub": str(root / "district" / "district.pub"), "key": str(root / "district" / "district.key")}


def test_key_files_are_private_standard_and_the_kiosk_certificate_names_its_district(issued):
    root = issued["root"]
    for private in (root / "district" / "district.key", root / "kiosk" / "kiosk.key"):
        assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
        assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")  # PKCS#8
    assert (root / "district" / "district.pub").read_text().startswith("-----BEGIN PUBLIC KEY-----")
    cert = load_kiosk_certificate(root / "kiosk" / "kiosk.cert")
    assert (root / "kiosk" / "kiosk.cert").read_text().startswith("-----BEGIN CERTIFICATE-----")
    district = load_verifier(root / "district" / "district.pub")
    assert cert.is_x509 and cert.kiosk_id == "demo-01" and cert.district_key_id == spki_key_id(district)


@pytest.mark.parametrize("source", ["qr", "pdf", "png"])
def test_a_genuine_copy_verifies_from_its_qr_text_its_pdf_and_a_png_of_it(issued, capsys, source):
    target = ["--qr", issued["qr"]] if source == "qr" else [str(issued[source])]
    code, out = _run(capsys, "verify", *_known(issued), *target, "--district-pub", issued["pub"])
    assert code == 0, out
    assert out["valid"] is True and out["reason"] is None
    assert out["certificate_id"] == issued["id"] and out["kiosk_id"] == "demo-01"
    assert out["issued_at"] and out["point_code"] == "330106" and out["format"] == 2


def test_without_the_kiosk_certificate_a_compact_paper_is_not_called_genuine(issued, capsys):
    code, out = _run(capsys, "verify", "--qr", str(issued["qr"]), "--district-pub", issued["pub"])
    assert code == 5 and out["reason"] == "CERT_UNKNOWN_KIOSK" and out["certificate_id"] == issued["id"]


def test_a_changed_payload_exits_5_with_a_reason(issued, capsys):
    text = str(issued["qr"])
    i = len(text) - 30  # inside the signature
    changed = text[:i] + ("B" if text[i] != "B" else "C") + text[i + 1:]
    code, out = _run(capsys, "verify", *_known(issued), "--qr", changed, "--district-pub", issued["pub"])
    assert code == 5 and out["valid"] is False and out["reason"] == "CERT_BAD_SIGNATURE"


def test_garbage_is_a_malformed_verdict_not_a_traceback(issued, capsys, tmp_path):
    code, out = _run(capsys, "verify", *_known(issued), "--qr", "hello|world", "--district-pub", issued["pub"])
    assert code == 5 and out["reason"] == "CERT_MALFORMED"
    blank = tmp_path / "blank.png"
    from PIL import Image

    Image.new("RGB", (300, 300), "white").save(blank)
    code, out = _run(capsys, "verify", *_known(issued), str(blank), "--district-pub", issued["pub"])
    assert code == 5 and out["error"]["code"] == "CERT_QR_NOT_FOUND"  # no QR is not a malformed QR
    with pytest.raises(SystemExit) as e:  # refused before anything is read
        _run(capsys, "verify", str(tmp_path / "missing.pdf"), "--district-pub", issued["pub"])
    error = json.loads(capsys.readouterr().out)["error"]
    assert e.value.code == 2 and error["code"] == "USAGE" and "does not exist" in error["message"]


def test_revoking_the_kiosk_makes_its_copies_fail_with_revoked(issued, capsys):
    rev = issued["root"] / "rev.json"
    code, out = _run(capsys, "keys", "revoke", "--district-key", issued["key"], "--kiosk-id", "other-kiosk",
                     "--out", str(rev))
    assert code == 0 and out["serial"] == 1
    code, out = _run(capsys, "verify", *_known(issued), "--qr", issued["qr"], "--district-pub", issued["pub"], "--revocations", str(rev))
    assert code == 0, out
    code, out = _run(capsys, "keys", "revoke", "--district-key", issued["key"], "--kiosk-id", "demo-01",
                     "--out", str(rev), "--reason", "stolen")
    assert code == 0 and out["serial"] == 2 and out["entries"] == 2
    code, out = _run(capsys, "verify", *_known(issued), "--qr", issued["qr"], "--district-pub", issued["pub"], "--revocations", str(rev))
    assert code == 5 and out["reason"] == "CERT_REVOKED"


def test_another_district_and_a_tampered_revocation_list(issued, capsys, tmp_path):
    assert main(["keys", "init-district", "--out", str(tmp_path / "other")]) == 0
    capsys.readouterr()
    code, out = _run(capsys, "verify", *_known(issued), "--qr", issued["qr"], "--district-pub", str(tmp_path / "other" / "district.pub"))
    assert code == 5 and out["reason"] == "CERT_UNKNOWN_DISTRICT"
    rev = tmp_path / "rev.json"
    assert main(["keys", "revoke", "--district-key", issued["key"], "--kiosk-id", "demo-01", "--out", str(rev)]) == 0
    capsys.readouterr()
    document = json.loads(rev.read_text())
    document["entries"] = []
    rev.write_text(json.dumps(document))
    code, out = _run(capsys, "verify", *_known(issued), "--qr", issued["qr"], "--district-pub", issued["pub"], "--revocations", str(rev))
    assert code == 2 and out["error"]["code"] == "CERT_REVOCATION_LIST_INVALID"
    code, out = _run(capsys, "keys", "revoke", "--district-key", issued["key"], "--kiosk-id", "x", "--out", str(rev))
    assert code == 2 and out["error"]["code"] == "CERT_REVOCATION_LIST_INVALID"  # never re-signs a planted list


def test_an_expired_kiosk_certificate_cannot_issue(tmp_path, capsys):
    assert main(["keys", "init-district", "--out", str(tmp_path / "d"), "--algorithm", "ed25519"]) == 0
    assert main(["keys", "issue-kiosk", "--district-key", str(tmp_path / "d" / "district.key"), "--kiosk-id", "k1",
                 "--out", str(tmp_path / "k"), "--valid-from", "2020-01-01", "--days", "30"]) == 0
    capsys.readouterr()
    code, out = _run(capsys, "certify", "issue", "--demo", "--kiosk-key", str(tmp_path / "k" / "kiosk.key"),
                     "--kiosk-cert", str(tmp_path / "k" / "kiosk.cert"), "--out", str(tmp_path / "c.pdf"))
    assert code == 5 and out["error"]["code"] == "CERT_KIOSK_KEY_UNUSABLE"
    assert not (tmp_path / "c.pdf").exists()


def test_existing_keys_are_not_overwritten_without_force(issued, capsys):
    code, out = _run(capsys, "keys", "init-district", "--out", str(issued["root"] / "district"))
    assert code == 2 and out["error"]["code"] == "USAGE"


def test_three_refusals_through_kiosk_verify_name_three_reasons(issued, capsys, tmp_path):
    """Another district, a revoked kiosk and a kiosk key expired when it signed: exit 5 each, the same JSON
    shape, and a reason of their own."""
    assert main(["keys", "init-district", "--out", str(tmp_path / "other")]) == 0
    rev = tmp_path / "rev.json"
    assert main(["keys", "revoke", "--district-key", issued["key"], "--kiosk-id", "demo-01", "--out", str(rev)]) == 0
    district, kiosk_key = load_signer(issued["key"]), load_signer(issued["root"] / "kiosk" / "kiosk.key")
    lapsed = issue_kiosk_certificate(district, "demo-02", kiosk_key, date(2020, 1, 1), date(2020, 12, 31))
    late = sign_certificate(certificate_id="0123456789AB", issued_at=datetime(2026, 3, 1, tzinfo=UTC), point=POINT,
                            request=REQUEST, kiosk=lapsed, signer=kiosk_key)
    save_kiosk_certificate(lapsed, tmp_path / "lapsed.cert")
    capsys.readouterr()
    cases = {
        "CERT_UNKNOWN_DISTRICT": [*_known(issued), "--qr", issued["qr"], "--district-pub",
                                  str(tmp_path / "other" / "district.pub")],
        "CERT_REVOKED": [*_known(issued), "--qr", issued["qr"], "--district-pub", issued["pub"], "--revocations",
                         str(rev)],
        "CERT_KIOSK_EXPIRED": ["--qr", late.payload, "--district-pub", issued["pub"], "--kiosk-certs",
                               str(tmp_path / "lapsed.cert")],
    }
    for reason, argv in cases.items():
        code, out = _run(capsys, "verify", *argv)
        assert code == 5 and out["valid"] is False and out["reason"] == reason, out
        assert {"valid", "certificate_id", "issued_at", "kiosk_id", "reason"} <= set(out)
        assert out["certificate_id"] and out["issued_at"] and out["kiosk_id"] in ("demo-01", "demo-02")
    code, out = _run(capsys, "verify", "--kiosk-certs", str(tmp_path / "lapsed.cert"), "--qr", late.payload,
                     "--district-pub", issued["pub"], "--revocations", str(rev))
    assert code == 5 and out["reason"] == "CERT_KIOSK_EXPIRED"  # demo-02 is not the revoked kiosk
