"""A small, fixed set of records for the demo residents (the cards in ``assets/demo/cards``).

The full synthetic district archive is produced by ``kiosk gateway seed``; this set lets the kiosk show
something meaningful before the first sync and in the thinnest tests.
"""

from __future__ import annotations

import hashlib

from kiosk.archive.models import Record

#: The spouse a demo marriage record names on its page (kept out of ``names``: the catalogue indexes those).
_SPOUSES = {"330106195203142627": "王德明", "440304198802210043": "陈浩"}

_DEMO = [
    ("330106195203142627", "欧阳秀英", [
        ("social_insurance", 2012, "城镇职工基本养老保险缴费记录（1992—2012）", "杭州市社会保险管理服务中心",
         "Basic pension insurance payments of urban employees (1992–2012)",
         "Hangzhou Social Insurance Administration Centre"),
        ("retirement", 2007, "退休审批表", "杭州市西湖区人力资源和社会保障局",
         "Retirement approval form", "Xihu District Human Resources and Social Security Bureau, Hangzhou"),
        ("marriage", 1975, "结婚登记证明", "杭州市西湖区革命委员会民政组",
         "Marriage registration certificate", "Civil Affairs Group, Xihu District Revolutionary Committee, Hangzhou"),
        ("only_child", 1982, "独生子女父母光荣证", "杭州市西湖区计划生育办公室",
         "Certificate of honour for parents of an only child", "Xihu District Family Planning Office, Hangzhou"),
        ("real_estate", 1998, "房屋所有权登记（文三路88号）", "杭州市房地产管理局",
         "House ownership registration (88 Wensan Road)", "Hangzhou Real Estate Administration Bureau"),
    ]),
    ("110105196507081234", "张建国", [
        ("labour_contract", 2003, "劳动合同书（北京某机械厂）", "北京市朝阳区劳动局",
         "Labour contract (a machinery factory in Beijing)", "Chaoyang District Labour Bureau, Beijing"),
        ("social_insurance", 2020, "养老保险缴费记录（2003—2020）", "北京市朝阳区社会保险基金管理中心",
         "Pension insurance payments (2003–2020)", "Chaoyang District Social Insurance Fund Centre, Beijing"),
        ("school", 1983, "高中学籍档案", "北京市第八十中学",
         "Senior high school records", "Beijing No. 80 Middle School"),
    ]),
    ("440304198802210043", "李娜", [
        ("school", 2006, "普通高中毕业生登记表", "深圳市南山区教育局",
         "Senior high school graduate registration form", "Nanshan District Education Bureau, Shenzhen"),
        ("marriage", 2015, "结婚登记审查处理表", "深圳市南山区民政局",
         "Marriage registration review form", "Nanshan District Civil Affairs Bureau, Shenzhen"),
        ("low_income", 2021, "最低生活保障待遇审批表", "深圳市南山区民政局",
         "Minimum living allowance approval form", "Nanshan District Civil Affairs Bureau, Shenzhen"),
    ]),
]


#: The demo residents, in the order the synthetic archive numbers them (0, 1, 2).
DEMO_RESIDENTS: tuple[tuple[str, str], ...] = tuple((id_number, name) for id_number, name, _ in _DEMO)


def demo_records(archive_code: str = "330106") -> list[Record]:
    out = []
    for id_number, name, items in _DEMO:
        for i, (rtype, year, title, office, title_en, office_en) in enumerate(items, 1):
            rid = hashlib.sha256(f"demo:{id_number}:{i}".encode()).hexdigest()[:16]
            out.append(Record(record_id=rid, archive_code=archive_code, fonds="J001",
                              reference=f"{archive_code}-J001-{year}-{rtype[:2].upper()}-{i:04d}",
                              record_type=rtype, year=year, title=title, office=office,
                              date=f"{year}-06-01", subject_id=id_number, names=(name,),
                              body=f"{name} {title} {office}",
                              # The English forms the kiosk shows in English (kiosk.archive.record_words).
                              extra={"title_en": title_en, "office_en": office_en,
                                     **({"spouse": _SPOUSES[id_number]} if rtype == "marriage" else {})}))
    return out
