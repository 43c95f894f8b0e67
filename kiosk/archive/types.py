"""The livelihood record types (民生档案) the kiosk knows, with their Chinese and English labels."""

from __future__ import annotations

RECORD_TYPES: dict[str, tuple[str, str]] = {
    "social_insurance": ("社会保险缴费记录", "Social insurance payments"),
    "marriage": ("婚姻登记", "Marriage registration"),
    "only_child": ("独生子女证", "Only-child certificate"),
    "real_estate": ("不动产登记", "Real estate registration"),
    "school": ("学籍档案", "School records"),
    "low_income": ("低保救助", "Low-income subsidy"),
    "labour_contract": ("劳动合同", "Labour contract"),
    "retirement": ("退休审批", "Retirement approval"),
}


def label(record_type: str, language: str = "zh_CN") -> str:
    zh, en = RECORD_TYPES.get(record_type, (record_type, record_type))
    return en if language.startswith("en") else zh
