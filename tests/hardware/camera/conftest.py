"""One face-engine worker shared by the camera tests (spawning one costs a second or two)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.conftest import ROOT

#: The shared public-domain photos, copied into the checkout so that it tests wherever it is cloned.
FACES = ROOT / "assets" / "test-faces"
DEMO_FACES = ROOT / "assets" / "demo" / "faces"


@pytest.fixture(scope="session")
def engine():
    from hardware.camera.faces import FaceEngine

    with FaceEngine() as e:
        yield e


def photo(name: str) -> np.ndarray:
    image = cv2.imread(str(FACES / name))
    assert image is not None, f"missing test photo {name}"
    return image


def small(image: np.ndarray, longest: int = 640) -> np.ndarray:
    """A smaller copy: keeps the tests fast (detection cost grows with pixels)."""
    h, w = image.shape[:2]
    s = longest / max(h, w)
    return cv2.resize(image, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA) if s < 1 else image


def demo_card_bytes(stem: str) -> bytes:
    return Path(DEMO_FACES / f"{stem}_card.png").read_bytes()
