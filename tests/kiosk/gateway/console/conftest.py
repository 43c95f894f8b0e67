from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from kiosk.staff import console_credentials

from .helpers import District, make_district


#: Argon2id still, at a small cost: every district here issues three passwords and each sign-in checks one,
#: and at the production cost (64 MiB, 3 passes, ~0.2 s of CPU each) that was most of these tests' time.
#: test_password_cost.py holds the production cost to its figures.
_CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("production_password_cost") is None:
        monkeypatch.setattr(console_credentials, "_hasher", lambda: _CHEAP_HASHER)


@pytest.fixture
def district(tmp_path: Path):
    d = make_district(tmp_path / "district")
    yield d
    d.close()


@pytest.fixture
def browser_client(district: District):
    """An HTTP client that keeps cookies like a browser, over https (the cookies are Secure)."""
    # Without its lifespan: the district fixture closes the app's parts itself.
    yield TestClient(district.app, base_url="https://testserver")
