"""Photo decoders: none, fixture (sha256 of the WLT bytes → image), and a vendor library through ctypes."""

from __future__ import annotations

import hashlib
import shutil
import struct
import subprocess

import pytest

from hardware.idcard.cards import CardFixture, photo_images
from hardware.idcard.errors import PhotoDecoderConfigError, PhotoDecoderError
from hardware.idcard.photo import (PHOTO_HEIGHT, PHOTO_WIDTH, FixturePhotoDecoder, NoPhotoDecoder,
                                   VendorPhotoDecoder, bmp_from_bgr_rows, fixture_wlt, make_photo_decoder)
from tests.hardware.idcard.helpers import DEMO_CARDS, demo_fixtures


def test_fixture_wlt_is_1024_deterministic_bytes_per_image():
    assert len(fixture_wlt(b"image one")) == 1024
    assert fixture_wlt(b"image one") == fixture_wlt(b"image one") != fixture_wlt(b"image two")


def test_fixture_decoder_gives_back_the_demo_card_image():
    fixtures = demo_fixtures()
    decoder = FixturePhotoDecoder(photo_images(fixtures))
    ouyang = fixtures["ouyang_xiuying"]
    assert ouyang.photo_path == (DEMO_CARDS.parent / "faces" / "ouyang_xiuying_card.png").resolve()
    image = decoder.decode(ouyang.wlt)
    assert image == ouyang.photo_path.read_bytes() and image.startswith(b"\x89PNG")
    assert decoder.decode(fixtures["zhang_jianguo"].wlt) != image
    assert decoder.decode(bytes(1024)) is None  # unknown WLT bytes: no photo, not an error


def test_card_whose_image_is_missing_still_reads_with_no_photo(tmp_path):
    card = tmp_path / "nobody.toml"
    card.write_text((DEMO_CARDS / "zhang_jianguo.toml").read_text(encoding="utf-8")
                    .replace("zhang_jianguo_card.png", "missing.png"), encoding="utf-8")
    fixture = CardFixture.load(card)
    assert len(fixture.wlt) == 1024 and fixture.photo_path == (tmp_path.parent / "faces" / "missing.png").resolve()
    decoder = FixturePhotoDecoder(photo_images({"nobody": fixture}))
    assert len(decoder) == 0 and decoder.decode(fixture.wlt) is None


def test_decoder_chosen_by_config():
    assert isinstance(make_photo_decoder("none"), NoPhotoDecoder)
    assert NoPhotoDecoder().decode(bytes(1024)) is None
    assert isinstance(make_photo_decoder("fixture"), FixturePhotoDecoder)
    with pytest.raises(PhotoDecoderConfigError):
        make_photo_decoder("magic")
    with pytest.raises(PhotoDecoderConfigError) as e:
        make_photo_decoder("vendor:/nonexistent/libwlt2bmp.so")
    assert e.value.code == "IDCARD_PHOTO_DECODER_CONFIG" and e.value.exit_code == 2


def test_bmp_wrapper_writes_a_102_by_126_24_bit_bitmap():
    pixels = bytes(range(256)) * (PHOTO_WIDTH * 3 * PHOTO_HEIGHT // 256) + bytes(PHOTO_WIDTH * 3 * PHOTO_HEIGHT % 256)
    bmp = bmp_from_bgr_rows(pixels)
    assert bmp[:2] == b"BM" and len(bmp) == 54 + 308 * 126
    assert struct.unpack("<ii", bmp[18:26]) == (102, 126) and struct.unpack("<H", bmp[28:30]) == (24,)
    assert bmp[54:54 + 306] == pixels[:306] and bmp[54 + 306:54 + 308] == b"\0\0"
    with pytest.raises(PhotoDecoderError):
        bmp_from_bgr_rows(b"short")


# A stand-in for a vendor's libwlt2bmp.so, with the same export: it "decodes" by spreading the WLT bytes
# over the image (or fails for WLT bytes starting with 0xFF), so the test can tell what came through.
FAKE_VENDOR_C = r"""
int unpack(char *src, char *dst, int bmpSave) {
    if ((unsigned char)src[0] == 0xFF) return -3;
    if (bmpSave != 0) return -1;   /* the kiosk must never ask the library to write a file */
    for (int i = 0; i < 102 * 126 * 3; i++) dst[i] = src[i % 1024];
    return 1;
}
"""


@pytest.fixture(scope="module")
def fake_vendor_library(tmp_path_factory):
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc is not installed: the vendor loading path needs a compiled library")
    folder = tmp_path_factory.mktemp("vendor")
    (folder / "wlt.c").write_text(FAKE_VENDOR_C)
    lib = folder / "libwlt2bmp.so"
    subprocess.run([gcc, "-shared", "-fPIC", "-o", str(lib), str(folder / "wlt.c")], check=True, timeout=60)
    return lib


def test_vendor_library_decodes_in_memory(fake_vendor_library, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where a library told to save would drop its zp.bmp
    decoder = make_photo_decoder(f"vendor:{fake_vendor_library}")
    assert isinstance(decoder, VendorPhotoDecoder)
    wlt = hashlib.sha256(b"x").digest() * 32
    bmp = decoder.decode(wlt)
    assert bmp[:2] == b"BM" and struct.unpack("<ii", bmp[18:26]) == (102, 126)
    assert bmp[54:54 + 306] == (wlt * 2)[:306]
    assert list(tmp_path.iterdir()) == []  # nothing written to disk


def test_vendor_library_refusal_is_a_typed_error(fake_vendor_library):
    decoder = VendorPhotoDecoder(fake_vendor_library)
    with pytest.raises(PhotoDecoderError) as e:
        decoder.decode(b"\xff" * 1024)
    assert e.value.detail == {"rc": -3}
    with pytest.raises(PhotoDecoderError):
        decoder.decode(b"\x00" * 10)


def test_vendor_library_without_the_export_is_a_config_error(fake_vendor_library):
    with pytest.raises(PhotoDecoderConfigError, match="exports none"):
        VendorPhotoDecoder(fake_vendor_library, symbol="WLT2BMP")
    not_a_library = fake_vendor_library.parent / "wlt.c"
    with pytest.raises(PhotoDecoderConfigError, match="cannot be loaded"):
        VendorPhotoDecoder(not_a_library)
