from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from .helpers import District, make_district


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
