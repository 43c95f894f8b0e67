"""Why residents ask for a record: the purposes guides and requests are filed under."""

from __future__ import annotations

PURPOSES: dict[str, tuple[str, str]] = {
    "property_transfer": ("房产过户", "Property transfer"),
    "inheritance": ("继承", "Inheritance"),
    "school_enrolment": ("子女入学", "School enrolment"),
    "pension": ("养老、退休待遇", "Pension"),
    "labour_arbitration": ("劳动争议仲裁", "Labour arbitration"),
    "employment": ("求职、职称评审", "Employment"),
    "assistance_review": ("救助申请、年审", "Social assistance"),
    "other": ("其他", "Other"),
}


def purpose_label(purpose: str, language: str = "zh_CN") -> str:
    zh, en = PURPOSES.get(purpose, (purpose, purpose))
    return en if language.startswith("en") else zh
