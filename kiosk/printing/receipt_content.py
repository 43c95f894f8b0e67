"""What a resident's receipt says: where and when, who (masked), what was viewed, printed and requested,
how to check each certificate, and what to do next.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from kiosk.printing.receipt_layout import Block, Feed, QrBlock, ReceiptLayout, Rule, TextLine, wrap_columns
from kiosk.privacy import mask_name


@dataclass(frozen=True)
class PrintedCopy:
    title: str
    reference: str
    verification_code: str
    qr_payload: str
    pages: int = 1


@dataclass(frozen=True)
class FiledRequest:
    number: str
    title: str
    owning_archive: str
    #: When and where to pick it up, in words from the service guide.
    pickup: str = ""


@dataclass(frozen=True)
class SessionSummary:
    point_name: str
    kiosk_id: str
    printed_at: str
    #: The resident's name; only its masked form (张*英) ever reaches the paper.
    name: str
    viewed: tuple[str, ...] = ()
    printed: tuple[PrintedCopy, ...] = ()
    requests: tuple[FiledRequest, ...] = ()
    #: From the service guides when they exist.
    next_steps: tuple[str, ...] = ()
    #: Set when the resident was sent to the staff window.
    staff_queue_number: str | None = None
    point_phone: str = ""
    #: The language of the visit: a resident who read the screens in English gets an English receipt.
    language: str = "zh_CN"

    def to_json(self) -> str:
        """The summary as JSON (``kiosk print receipt --summary FILE`` prints exactly this receipt)."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> SessionSummary:
        d: dict[str, Any] = json.loads(text)
        return cls(**{**d, "viewed": tuple(d.get("viewed", ())),
                      "printed": tuple(PrintedCopy(**c) for c in d.get("printed", ())),
                      "requests": tuple(FiledRequest(**r) for r in d.get("requests", ())),
                      "next_steps": tuple(d.get("next_steps", ()))})


#: The receipt's own words. English plurals by count: the receipt is laid out without Qt.
_WORDS: dict[str, dict[str, str]] = {
    "zh_CN": {"title": "自助服务凭条", "time": "时间：{}", "kiosk": "终端：{}", "name": "办理人：{}",
              "staff": "请到人工窗口办理，您的排队号：", "viewed": "查阅档案（{}件）：", "printed": "出具证明（{}份）：",
              "copy": "{}. {}（共{}页）", "reference": "   档号：{}", "code": "   验证码：{}",
              "requests": "异地调档申请（{}件）：", "number": "{}. 申请号：{}", "handled": "   {}，由{}办理",
              "pickup": "   取件：{}", "next": "下一步：", "check": "扫描二维码或在任一服务点输入验证码，可核验证明真伪。",
              "phone": "咨询电话：{}", "keep": "请妥善保管本凭条。"},
    "en": {"title": "Self-service receipt", "time": "Time: {}", "kiosk": "Kiosk: {}", "name": "Name: {}",
           "staff": "Please go to the staff window. Your number:", "viewed": "Records viewed ({}):",
           "printed": "Certificates printed ({}):", "copy": "{}. {} ({} {})", "reference": "   Reference: {}",
           "code": "   Verification code: {}", "requests": "Records requested ({}):", "number": "{}. Request number: {}",
           "handled": "   {}, from {}", "pickup": "   Pick-up: {}", "next": "Next steps:",
           "check": "Scan the QR code, or type the verification code at any service point, to check a certificate.",
           "phone": "Questions: call {}", "keep": "Please keep this receipt."},
}


def compose_receipt(summary: SessionSummary, columns: int = 48) -> ReceiptLayout:
    blocks: list[Block] = []
    english = summary.language.startswith("en")
    w = _WORDS["en" if english else "zh_CN"]

    def line(text: str, **style) -> None:
        width = columns // 2 if style.get("big") else columns
        blocks.extend(TextLine(part, **style) for part in wrap_columns(text, width))

    line(w["title"], align="center", bold=True, big=True)
    line(summary.point_name, align="center")
    blocks.append(Rule())
    line(w["time"].format(summary.printed_at))
    line(w["kiosk"].format(summary.kiosk_id))
    line(w["name"].format(mask_name(summary.name)))
    if summary.staff_queue_number:
        blocks.append(Rule("="))
        line(w["staff"], align="center")
        line(summary.staff_queue_number, align="center", bold=True, big=True)
        blocks.append(Rule("="))
    if summary.viewed:
        blocks.append(Rule())
        line(w["viewed"].format(len(summary.viewed)), bold=True)
        for i, title in enumerate(summary.viewed, start=1):
            line(f"{i}. {title}")
    if summary.printed:
        blocks.append(Rule())
        line(w["printed"].format(len(summary.printed)), bold=True)
        for i, copy in enumerate(summary.printed, start=1):
            if english:
                line(w["copy"].format(i, copy.title, copy.pages, "page" if copy.pages == 1 else "pages"))
            else:
                line(w["copy"].format(i, copy.title, copy.pages))
            if copy.reference:
                line(w["reference"].format(copy.reference))
            line(w["code"].format(copy.verification_code), bold=True)
            # Each copy's QR right under its code: placed by the receipt's structure, never by matching text.
            if copy.qr_payload:
                blocks.append(QrBlock(copy.qr_payload))
    if summary.requests:
        blocks.append(Rule())
        line(w["requests"].format(len(summary.requests)), bold=True)
        for i, req in enumerate(summary.requests, start=1):
            line(w["number"].format(i, req.number), bold=True)
            line(w["handled"].format(req.title, req.owning_archive) if req.owning_archive else f"   {req.title}")
            if req.pickup:
                line(w["pickup"].format(req.pickup))
    if summary.next_steps:
        blocks.append(Rule())
        line(w["next"], bold=True)
        for step in summary.next_steps:
            line(f"· {step}")
    blocks.append(Rule())
    line(w["check"])
    if summary.point_phone:
        line(w["phone"].format(summary.point_phone))
    line(w["keep"], align="center")
    blocks.append(Feed(2))
    return ReceiptLayout(tuple(blocks), columns)


def demo_summary(point_name: str = "文新街道社区档案便民服务点", kiosk_id: str = "kiosk-01",
                 printed_at: str = "2026-11-25 14:05") -> SessionSummary:
    """A representative receipt (``kiosk print receipt --demo``, the bench, the demo panel)."""
    return SessionSummary(
        point_name=point_name, kiosk_id=kiosk_id, printed_at=printed_at, name="张秀英",
        viewed=("城镇职工基本养老保险缴费记录（2019）", "结婚登记档案（1998）"),
        printed=(PrintedCopy("城镇职工基本养老保险缴费记录", "330106-2019-WS-0042", "7K3Q-9F2M",
                             "KC1.cert-0001.3f9a.sig", pages=2),),
        requests=(FiledRequest("SQ-20261125-0007", "独生子女证明（1993）", "临安区档案馆",
                               "3个工作日内，本服务点人工窗口"),),
        next_steps=("携带身份证原件到人工窗口领取异地调档材料。",),
        staff_queue_number="A012", point_phone="0571-00000000")
