"""A gateway app with its console, staff in each role, and a way to sign them in (HTTP or browser)."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pyotp
from PIL import Image

from kiosk.gateway.app import create_app
from kiosk.gateway.console.accounts import NewCredential
from kiosk.gateway.store_sqlite import SqliteStore
from kiosk.gateway.tls_setup import feed_signer
from kiosk.requests.model import Attachment, Channel, Request
from tests.kiosk.sync import gateway_fixture

ARCHIVE = "330106"
RESIDENT_ID, RESIDENT_NAME = "330106195203142627", "欧阳秀英"
IDS = {"archivist": "D-101", "technician": "T-201", "manager": "M-301"}
NAMES = {"archivist": "周*", "technician": "吴*", "manager": "郑*"}


class FakeClock:
    """Console time: moved on by tests, so each sign-in has a TOTP step of its own (a code is used once)."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.timezone.utc).timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class District:
    keys: gateway_fixture.District
    folder: Path
    store: SqliteStore
    app: Any
    clock: FakeClock
    credentials: dict[str, NewCredential] = field(default_factory=dict)

    @property
    def parts(self) -> Any:
        return self.app.state.console

    def code_for(self, role: str) -> str:
        return pyotp.TOTP(self.credentials[role].totp_secret).at(self.clock())

    def next_code(self, role: str) -> str:
        self.clock.advance(30)
        return self.code_for(role)

    def audit(self, kind: str) -> list[dict[str, Any]]:
        return self.parts.audit.rows(kind)

    def close(self) -> None:
        fed = getattr(self.app.state, "federation", None)
        if fed is not None:
            fed.close()
        self.app.state.health_board.close()
        self.parts.close()
        self.store.close()


def make_district(folder: Path, **context: Any) -> District:
    """A district (root key, TLS CA, gateway and kiosk credentials) whose gateway app runs the console."""
    keys = gateway_fixture.make_district(folder, archive_code=ARCHIVE)
    store = SqliteStore(folder / "gateway.sqlite")
    store.put_document("archive", ARCHIVE, {"code": ARCHIVE, "name": "西湖区档案馆", "region": "浙江省杭州市西湖区"})
    clock = FakeClock()
    signer, root = feed_signer(keys.gateway_tls)  # the gateway's certified key: the root stays offline
    app = create_app(store, signer, trust=keys.tls().trust(), district_verifiers=[root],
                     archive_code=ARCHIVE, peers={}, relay_interval_s=0.05, console_clock=clock, **context)
    district = District(keys, folder, store, app, clock)
    for n, (role, staff_id) in enumerate(IDS.items()):
        district.parts.staff.enrol(staff_id, NAMES[role], f"33010619800101{n:03d}X", [role])
        district.credentials[role] = district.parts.accounts.issue(staff_id)
    return district


def sign_in(client: httpx.Client, district: District, role: str, *, code: str | None = None,
            password: str | None = None) -> httpx.Response:
    client.cookies.clear()  # signed out: someone signed in is sent on from the sign-in page
    page = client.get("/console/sign-in")
    token = re.search(r'name="sign_in_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    cred = district.credentials[role]
    return client.post("/console/sign-in", data={
        "staff_id": cred.staff_id, "password": cred.password if password is None else password,
        "code": district.next_code(role) if code is None else code, "sign_in_token": token},
        follow_redirects=False)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def file_request(district: District, *, kiosk: str = "kiosk-7", record_type: str = "marriage",
                 proxy: bool = False) -> str:
    """A request as a kiosk's outbox delivers it to the gateway."""
    req = Request(origin_archive=ARCHIVE, origin_kiosk=kiosk, owner_archive=ARCHIVE, record_type=record_type,
                  purpose="inheritance", subject_id=RESIDENT_ID, subject_name=RESIDENT_NAME)
    if proxy:
        req.channel, req.agent_id, req.relationship = Channel.PROXY, "A-007", "子女"
        req.attachments = [Attachment("authorisation_letter", "image/png", png()),
                           Attachment("id_photo", "image/png", png(80))]
    district.parts.federation.take_from_kiosk(req.to_wire())
    return req.request_id


def png(shade: int = 255, size: tuple[int, int] = (300, 420)) -> bytes:
    buf = io.BytesIO()
    Image.new("L", size, shade).save(buf, format="PNG")
    return buf.getvalue()


def health_report(kiosk_id: str, *, receipt: str = "ready", at: dt.datetime | None = None) -> dict[str, Any]:
    when = (at or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    ok = receipt == "ready"
    alerts = [] if ok else [{"code": {"paper_out": "PAPER_OUT", "paper_near_end": "PAPER_NEAR_END"}[receipt],
                             "device": "receipt", "message": receipt}]
    return {"kiosk_id": kiosk_id, "point": "测试服务点", "at": when, "ok": ok, "alerts": alerts,
            "versions": {"kiosk": "0.1.0"},
            "devices": [{"device": "idcard", "ok": True, "state": "ready", "detail": "SAM ok"},
                        {"device": "receipt", "ok": ok, "state": receipt, "detail": receipt},
                        {"device": "gateway", "ok": True, "state": "reachable", "detail": "ok",
                         "facts": {"cursor": 10, "cursor_lag": 0, "last_sync": when, "last_sync_age_s": 5}}]}
