"""Other ways in: a staff client certificate of the district (over the gateway's real TLS), the first manager
made at the command line, and ``kiosk gateway serve`` saying where the console is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyotp
from fastapi.testclient import TestClient

from kiosk.cli import main as kiosk_main
from tests.kiosk.sync.gateway_fixture import ROOT, server_of
from tests.ports import unused_port

from .helpers import make_district


def test_a_staff_certificate_signs_in_without_password_or_code(tmp_path: Path):
    district = make_district(tmp_path / "d")
    server = server_of(district.app, district.keys)
    url = server.start()
    try:
        with district.keys.client(district.keys.issue_staff("M-301"), base_url=url) as manager:
            page = manager.get("/console/stats", follow_redirects=True)
            assert page.status_code == 200 and page.url.path == "/console/stats" and 'id="visits"' in page.text
        [signed_in] = district.audit("console.sign_in")
        assert signed_in["actor"] == "staff:M-301" and signed_in["detail"]["via"] == "certificate"
        # A certificate for someone who is not console staff here opens nothing.
        with district.keys.client(district.keys.issue_staff("X-999"), base_url=url) as stranger:
            r = stranger.get("/console/stats", follow_redirects=True)
            assert r.status_code == 403 and r.url.path == "/console/sign-in" and 'id="visits"' not in r.text
        # A kiosk's certificate is no staff member's: it gets the sign-in form.
        with district.keys.client(base_url=url) as kiosk:
            r = kiosk.get("/console/requests", follow_redirects=True)
            assert r.url.path == "/console/sign-in" and 'name="password"' in r.text
        assert district.audit("console.sign_in_refused")[-1]["detail"]["reason"] == "certificate_not_console_staff"
    finally:
        server.stop()
        district.close()


def test_the_first_manager_is_made_at_the_command_line_and_signs_in(tmp_path: Path, capsys):
    district = make_district(tmp_path / "d")
    try:
        code = kiosk_main(["gateway", "console", "add-staff", "--db", str(district.folder / "gateway.sqlite"),
                           "--staff-id", "M-900", "--name", "钱*", "--id-number", "330106197001011234",
                           "--role", "manager", "--json"])
        out = json.loads(capsys.readouterr().out)
        assert code == 0 and len(out["pin"]) == 6 and out["totp_uri"].startswith("otpauth://totp/")
        client = TestClient(district.app, base_url="https://testserver")
        page = client.get("/console/sign-in")
        token = page.text.split('name="sign_in_token" value="')[1].split('"')[0]
        district.clock.advance(30)
        r = client.post("/console/sign-in", data={"staff_id": "M-900", "password": out["password"],
                                                  "code": pyotp.TOTP(out["totp_secret"]).at(district.clock()),
                                                  "sign_in_token": token}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/console/stats"
        # Someone unknown gets no login.
        assert kiosk_main(["gateway", "console", "credential", "--db", str(district.folder / "gateway.sqlite"),
                           "--staff-id", "nobody", "--json"]) != 0
        assert json.loads(capsys.readouterr().out)["error"]["code"] == "STAFF_UNKNOWN"
    finally:
        district.close()


def test_gateway_serve_prints_the_consoles_url(tmp_path: Path):
    district = make_district(tmp_path / "d")
    district.close()
    port = unused_port()
    server = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "gateway", "serve", "--db",
                               str(district.folder / "gateway.sqlite"), "--credentials",
                               str(district.keys.gateway_tls), "--port", str(port)],
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()  # type: ignore[union-attr]
        assert f"https://127.0.0.1:{port}/console" in line, server.stderr.read() if not line else line
    finally:
        server.terminate()
        server.wait(timeout=15)
