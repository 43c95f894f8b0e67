"""Service guides from config/guides and from sync (查档+办事)."""

from __future__ import annotations

import pytest

from kiosk.archive.types import RECORD_TYPES
from kiosk.errors import ConfigError
from kiosk.guides.book import GuideBook, next_step_lines
from kiosk.guides.purposes import PURPOSES
from tests.conftest import ROOT

GUIDES = ROOT / "config" / "guides"


def test_every_shipped_guide_is_complete_and_names_known_types_and_purposes():
    book = GuideBook.load(GUIDES)
    assert len(book.guides) >= 10
    for g in book.guides.values():
        assert g.record_type in RECORD_TYPES and g.purpose in PURPOSES, g.key
        assert g.proves and g.bring and g.where and g.hours, g.key
    assert {g.record_type for g in book.guides.values()} == set(RECORD_TYPES)


def test_a_synced_guide_replaces_the_file_and_a_broken_one_is_skipped():
    synced = {"record_type": "real_estate", "id": "property_transfer", "label": "房产过户", "proves": "权属",
              "bring": ["身份证"], "where": "新址", "hours": "周一至周日 9:00–17:00"}
    book = GuideBook.load(GUIDES, [synced, "{broken"])
    assert book.get("real_estate", "property_transfer").where == "新址"
    assert "inheritance" in book.purposes_for("real_estate")


def test_receipt_lines_fit_the_paper():
    guide = GuideBook.load(GUIDES).get("real_estate", "property_transfer")
    lines = next_step_lines(guide, width=32)
    assert lines[0] == "【房产过户】"
    assert all(sum(2 if ord(c) > 0x2E80 else 1 for c in line) <= 32 for line in lines)
    assert any("身份证" in line for line in lines)


def test_a_malformed_guide_file_is_a_config_error(tmp_path):
    (tmp_path / "bad.toml").write_text('record_type = "marriage"\n[[purpose]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.toml"):
        GuideBook.load(tmp_path)


def test_every_shipped_guide_reads_in_english_and_stays_chinese_in_chinese():
    import re

    chinese = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    book = GuideBook.load(ROOT / "config" / "guides")
    assert book.guides
    for guide in book.guides.values():
        english = guide.in_language("en")
        texts = [english.label, english.proves, english.where, english.hours, english.phone, english.online,
                 english.notes, *english.bring]
        assert not [t for t in texts if chinese.search(t)], guide.key
        assert len(english.bring) == len(guide.bring)
        assert guide.in_language("zh_CN") is guide


def test_a_synced_guide_without_english_keeps_its_published_words():
    book = GuideBook.load(ROOT / "config" / "guides", [{"record_type": "marriage", "id": "pension", "label": "领取遗属待遇",
                                                       "proves": "配偶关系。", "where": "窗口", "hours": "工作日"}])
    assert book.get("marriage", "pension").in_language("en").label == "领取遗属待遇"
