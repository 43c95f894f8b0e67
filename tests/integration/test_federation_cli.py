"""The cross-region request at the real command line, in separate processes: two `kiosk gateway serve`
with `--peer`, `kiosk request submit --push` at district A, `kiosk gateway requests complete` at B,
`kiosk request status --refresh` and `kiosk request print` back at A."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kiosk.cli import main as kiosk_main
from kiosk.gateway.server import wait_serving
from kiosk.tls.credentials import anonymous_context
from tests.ports import unused_port

from .test_federation_flow import A, B, wait_until

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
RESIDENT_ID, RESIDENT_NAME = "330106195203142627", "欧阳秀英"


class Cli:
    """`kiosk ...` as the operator types it, run in this process (the gateways are processes of their own)."""

    def __init__(self, capsys: pytest.CaptureFixture[str]):
        self.capsys = capsys

    def __call__(self, *argv: str, ok: bool = True) -> dict[str, Any]:
        self.capsys.readouterr()
        code = kiosk_main(list(argv))
        out = self.capsys.readouterr().out
        assert (code == 0) is ok, out
        return json.loads(out)


@pytest.fixture
def two_districts(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    kiosk = Cli(capsys)
    ports = {A: unused_port(), B: unused_port()}
    url = {code: f"https://127.0.0.1:{port}" for code, port in ports.items()}
    servers = []
    for code in (A, B):
        folder = tmp_path / code
        kiosk("keys", "init-district", "--out", str(folder), "--archive-code", code, "--json")
        kiosk("keys", "issue-gateway", "--district", str(folder), "--archive-code", code, "--host", "127.0.0.1",
              "--out", str(folder / "gateway"), "--json")
    kiosk("keys", "issue-kiosk", "--district-key", str(tmp_path / A / "district.key"), "--kiosk-id", "cli-01",
          "--out", str(tmp_path / "kiosk-keys"), "--json")
    # A vouches for B: its kiosks accept certificates B issues; sync carries the list to them.
    kiosk("keys", "trust-list", "--district-key", str(tmp_path / A / "district.key"), "--trust",
          f"{B}={tmp_path / B / 'district.pub'}", "--out", str(tmp_path / A / "trust.json"), "--publish",
          str(tmp_path / A / "gw.sqlite"), "--json")
    for code, peer in ((A, B), (B, A)):
        folder = tmp_path / code
        servers.append(subprocess.Popen(
            [sys.executable, "-m", "kiosk.cli", "gateway", "serve", "--db", str(folder / "gw.sqlite"),
             "--credentials", str(folder / "gateway"), "--port", str(ports[code]),
             "--peer", f"{peer}={url[peer]}", "--peer-ca", f"{peer}={tmp_path / peer / 'ca.pem'}"],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True))
    try:
        for code in (A, B):
            wait_serving(url[code], anonymous_context(tmp_path / code / "ca.pem"), 30)
        yield url, tmp_path, kiosk
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)


def kiosk_config(folder: Path, gateway_url: str) -> Path:
    cfg = folder / "config" / "kiosk.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(f"""
[point]
name = "测试服务点"
archive_code = "{A}"
kiosk_id = "cli-01"
[devices]
docprinter = "sim://docprinter?dir={folder / 'printer'}"
[cache]
path = "var/cache.sqlite"
[data]
dir = "var"
[logging]
dir = "var/log"
[gateway]
url = "{gateway_url}"
credentials = "{folder.parent / 'kiosk-keys' / 'tls'}"
district_pub = "{folder.parent / A / 'district.pub'}"
timeout_s = 5
""", encoding="utf-8")
    return cfg


def test_a_request_filed_at_a_is_completed_at_b_and_printed_at_a_through_the_cli(two_districts):
    url, tmp, kiosk = two_districts
    cfg = str(kiosk_config(tmp / "kiosk", url[A]))
    photo = tmp / "letter.jpg"
    photo.write_bytes(b"\xff\xd8 a photographed authorisation letter")
    # An agent files for a resident who cannot come: the photos go with the push and are then forgotten.
    submitted = kiosk("request", "submit", "--config", cfg, "--record-type", "marriage", "--purpose", "inheritance",
                      "--owner", B, "--subject-id", RESIDENT_ID, "--subject-name", RESIDENT_NAME,
                      "--channel", "proxy", "--agent", "A-007", "--relationship", "子女", "--letter", str(photo),
                      "--id-photo", str(photo), "--push", "--json")
    rid = submitted["request_id"]
    assert submitted["status"] == "queued" and submitted["push"]["pushed"] == 1
    assert submitted["push"]["photos_forgotten"] == 1

    b_db = str(tmp / B / "gw.sqlite")
    wait_until(lambda: [r["request_id"] for r in kiosk("gateway", "requests", "list", "--db", b_db,
                                                       "--json")["requests"]] == [rid], timeout=30,
               what="the request to reach B")
    # Not ready yet: nothing to print, and the command says so with a stable code.
    refused = kiosk("request", "print", rid, "--config", cfg, "--json", ok=False)
    assert refused["error"]["code"] == "REQUEST_STATE"

    page = tmp / "page.png"
    Image.new("L", (300, 420), 255).save(page)
    done = kiosk("gateway", "requests", "complete", rid, "--db", b_db, "--key", str(tmp / B / "district.key"),
                 "--page", str(page), "--title", "结婚登记档案", "--reference", "330108-HY-1998-0007",
                 "--staff", "B-012", "--json")
    a_db = str(tmp / A / "gw.sqlite")
    wait_until(lambda: [r["status"] for r in kiosk("gateway", "requests", "list", "--db", a_db, "--all",
                                                   "--json")["requests"]] == ["completed"], timeout=30,
               what="the certificate to come back to A's gateway")
    # Until the kiosk has its district's trust list, B's certificate is not believed: the request stays open.
    assert kiosk("request", "status", rid, "--config", cfg, "--refresh", "--json")["status"] != "completed"
    from kiosk.config import load_config
    from kiosk.storage.key import storage_key_path

    kiosk_key = str(storage_key_path(load_config(cfg)))  # the kiosk's own storage key, as its config names it
    kiosk("sync", "--gateway", url[A], "--cache", str(tmp / "kiosk" / "var" / "cache.sqlite"), "--storage-key", kiosk_key,
          "--district-pub",
          str(tmp / A / "district.pub"), "--credentials", str(tmp / "kiosk-keys" / "tls"), "--once", "--json")
    assert kiosk("request", "status", rid, "--config", cfg, "--refresh", "--json")["status"] == "completed"
    status = kiosk("request", "status", rid, "--config", cfg, "--json")
    assert status["certificate"]["verification_code"] == done["verification_code"]
    assert status["target"]["overdue"] is False and RESIDENT_ID not in json.dumps(status, ensure_ascii=False)

    printed = kiosk("request", "print", rid, "--config", cfg, "--json")
    assert printed["printed"] and printed["status"] == "printed"
    [pdf] = sorted((tmp / "kiosk" / "printer" / "out").glob("*.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")
    again = kiosk("request", "print", rid, "--config", cfg, "--json", ok=False)
    assert again["error"]["code"] == "REQUEST_STATE"
    assert len(list((tmp / "kiosk" / "printer" / "out").glob("*.pdf"))) == 1
