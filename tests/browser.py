"""A real browser for web-page tests: Debian's chromium, headless, driven by selenium through chromium-driver.

``chromium`` (a pytest fixture) starts browsers on demand and quits them after the test. A page served
over the district's TLS is trusted by its certificate's public key only (``trust=[cert.pem]``), not by
turning certificate checks off.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def spki_sha256(cert_pem: Path) -> str:
    """The base64 SHA-256 of a certificate's public key, as chromium's SPKI allow-list takes it."""
    cert = x509.load_pem_x509_certificate(cert_pem.read_bytes())
    der = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(der).digest()).decode("ascii")


def start_chromium(profile: Path, *, trust: list[Path] | None = None, size: tuple[int, int] = (1366, 768),
                   language: str = "zh-CN"):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--disable-extensions", "--disable-sync", f"--user-data-dir={profile}",
                 f"--window-size={size[0]},{size[1]}", f"--lang={language}", "--hide-scrollbars"):
        options.add_argument(flag)
    if trust:
        options.add_argument("--ignore-certificate-errors-spki-list=" + ",".join(spki_sha256(p) for p in trust))
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    # The browser's own words (a file chooser's button) follow the locale of its environment.
    env = {**os.environ, "LANGUAGE": language.replace("-", "_"), "LANG": language.replace("-", "_") + ".UTF-8"}
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER, env=env))


@pytest.fixture
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., object]]:
    """``chromium(trust=[...], size=(w, h))`` → a selenium driver; every one started is quit afterwards."""
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.fail("chromium and chromium-driver are not installed (scripts/setup --test installs them)")
    started = []

    def start(**kw: object):
        driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), **kw)  # type: ignore[arg-type]
        started.append(driver)
        return driver

    yield start
    for driver in started:
        driver.quit()
