"""The embedded PDF signature on a certified copy, judged by pyHanko's own validator: an Ed25519 kiosk's copy
is intact and trusted by a reader that trusts the district, one changed byte breaks it, another district's
kiosk is not trusted; the copy stays PDF/A-2b; an SM2 kiosk's copy carries no PDF signature and is checked
by its QR."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pikepdf
import pytest
from asn1crypto import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from kiosk.archive.demo_records import demo_records
from kiosk.certify.copy import certify_copy
from kiosk.certify.demo import demo_page_png
from kiosk.certify.kiosk_cert import save_kiosk_certificate
from kiosk.certify.pades import build_district_x509, seal_pdf
from kiosk.cli import main
from kiosk.crypto.keys import save_public
from kiosk.printing.fonts import find_cjk_font
from tests.kiosk.certify.conftest import POINT, Chain, make_chain

ANCHOR_FROM, ANCHOR_UNTIL = datetime(2025, 1, 1, tzinfo=UTC), datetime(2045, 1, 1, tzinfo=UTC)


def _copy(chain: Chain) -> bytes:
    record = demo_records(POINT.code)[0]
    page = demo_page_png(record, record.names[0], find_cjk_font())
    return certify_copy(chain.issuer(), record, [page], "欧**英", "办理退休手续", POINT.name).pdf


def _anchor(chain: Chain) -> x509.Certificate:
    return x509.Certificate.load(build_district_x509(chain.district, ANCHOR_FROM, ANCHOR_UNTIL))


def _status(pdf: bytes, trusting: Chain):
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(signatures) == 1
    context = ValidationContext(trust_roots=[_anchor(trusting)])
    return validate_pdf_signature(signatures[0], context)


@pytest.fixture(scope="module")
def ed_chain() -> Chain:
    return make_chain("ed25519")


@pytest.fixture(scope="module")
def ed_copy(ed_chain: Chain) -> bytes:
    return _copy(ed_chain)


def test_an_ed25519_copy_is_intact_and_trusted_by_a_reader_trusting_the_district(ed_chain, ed_copy):
    status = _status(ed_copy, ed_chain)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.signing_cert.subject.native["common_name"] == ed_chain.kiosk.kiosk_id
    assert status.coverage.name == "ENTIRE_FILE"


def test_the_signed_copy_stays_pdfa_2b_with_metadata_that_agrees(ed_copy):
    with pikepdf.open(io.BytesIO(ed_copy)) as doc:
        meta = doc.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert str(doc.docinfo["/Producer"]) == meta["pdf:Producer"]
        assert doc.Root.OutputIntents[0].S == pikepdf.Name.GTS_PDFA1
        field = doc.Root.AcroForm.Fields[0]
        assert field.FT == pikepdf.Name.Sig
        # PDF/A: an annotation prints (flag 4); a zero-size one needs no appearance stream
        assert int(field.F) & 4 and [float(v) for v in field.Rect] == [0, 0, 0, 0]


def test_one_changed_byte_in_the_signed_range_breaks_the_signature(ed_chain, ed_copy):
    signature = PdfFileReader(io.BytesIO(ed_copy)).embedded_signatures[0]
    start, length = signature.byte_range[0], signature.byte_range[1]  # the range before /Contents
    position = start + length // 2
    forged = bytearray(ed_copy)
    forged[position] ^= 0x01
    status = _status(bytes(forged), ed_chain)
    assert not status.intact and not status.bottom_line


def test_a_kiosk_certified_by_another_district_is_not_trusted(ed_chain):
    stranger = make_chain("ed25519", kiosk_id="kiosk-01")
    status = _status(_copy(stranger), ed_chain)
    assert status.intact and not status.trusted and not status.bottom_line


def test_sealing_refuses_an_sm2_key(sm2_chain):
    with pytest.raises(ValueError, match="sm2"):
        seal_pdf(b"%PDF-1.7", sm2_chain.kiosk_key, sm2_chain.kiosk.der)


def test_an_sm2_copy_has_no_pdf_signature_and_verifies_by_its_qr(sm2_chain, tmp_path, capsys):
    pdf = _copy(sm2_chain)
    assert PdfFileReader(io.BytesIO(pdf)).embedded_signatures == []
    (tmp_path / "copy.pdf").write_bytes(pdf)
    save_kiosk_certificate(sm2_chain.kiosk, tmp_path / "kiosk.cert")
    save_public(sm2_chain.district, tmp_path / "district.pub")
    code = main(["verify", "--kiosk-certs", str(tmp_path / "kiosk.cert"), str(tmp_path / "copy.pdf"),
                 "--district-pub", str(tmp_path / "district.pub"), "--json"])
    answer = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0 and answer["valid"] is True, answer
