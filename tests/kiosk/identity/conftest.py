"""The face check's tests drive the domain loop with the simulated camera and the real face engine."""

from tests.hardware.camera.conftest import engine  # noqa: F401  (the shared engine fixture)
