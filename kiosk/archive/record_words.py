"""A record's words in the resident's language: its title and the office that holds it.

The archive's catalogue is Chinese, as the offices wrote it. A record may carry its English forms in
``extra`` (``title_en``, ``office_en``); one without them is named in English by its type and by the kind of
office that keeps records of that type, so an English screen never shows a Chinese catalogue title.
"""

from __future__ import annotations

from kiosk.archive.models import Record
from kiosk.archive.types import label

#: The kind of office that keeps each type of record, for records with no English office name of their own.
OFFICE_KINDS_EN: dict[str, str] = {
    "social_insurance": "Social insurance agency",
    "marriage": "Civil affairs bureau",
    "only_child": "Family planning office",
    "real_estate": "Real estate registry",
    "school": "School",
    "low_income": "Civil affairs bureau",
    "labour_contract": "Labour bureau",
    "retirement": "Human resources and social security bureau",
}


def _english(language: str) -> bool:
    return language.startswith("en")


def record_title(record: Record, language: str = "zh_CN") -> str:
    if not _english(language):
        return record.title
    return str(record.extra.get("title_en") or label(record.record_type, "en"))


def record_office(record: Record, language: str = "zh_CN") -> str:
    """The office that issued and holds the record."""
    if not _english(language):
        return record.office
    return str(record.extra.get("office_en") or OFFICE_KINDS_EN.get(record.record_type, "Archive"))
