"""Opens the camera device named by a URL. Called only from :mod:`hardware.registry`.

- ``v4l://0``: the V4L device /dev/video0 through OpenCV;
- ``file:///path/video.mp4?fps=15`` or ``file:///dir/frame_%03d.png?fps=15``: played at fps, looped;
- ``sim://camera?person=...&act=...&lost_after=...&lost_for=...``: the simulated camera
  (:mod:`hardware.camera.sim_camera`); its control handle is returned as the simulator.

Every URL takes ``fps`` (default 15) and ``reconnect_s`` (default 1.0).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hardware.camera.capture import Camera, OpenCvSource
from hardware.urls import DeviceUrl
from kiosk.errors import ConfigError


def _float(url: DeviceUrl, name: str, default: float | None) -> float | None:
    raw = url.query.get(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"camera URL {url.raw!r}: parameter {name!r} must be a number") from None


def open_camera(url: DeviceUrl, *, faces_dir: str | Path | None = None, **options: Any) -> tuple[Camera, Any]:
    """(camera, simulator control or None)."""
    fps = _float(url, "fps", 15.0) or 15.0
    reconnect_s = _float(url, "reconnect_s", 1.0) or 1.0
    if url.scheme == "v4l":
        target = url.host or url.path.strip("/") or "0"
        if not target.isdigit():
            raise ConfigError(f"camera URL {url.raw!r}: expected v4l://N with N the device number")
        return Camera(OpenCvSource(int(target), loop=False), fps=fps, reconnect_s=reconnect_s), None
    if url.scheme == "file":
        # Not unquoted: an image-sequence pattern such as frame_%03d.png is OpenCV's, not a URL escape.
        path = url.path
        if not path:
            raise ConfigError(f"camera URL {url.raw!r}: no file path")
        if "%" not in path and not Path(path).exists():
            raise ConfigError(f"camera URL {url.raw!r}: {path} does not exist")
        return Camera(OpenCvSource(path, loop=True), fps=fps, reconnect_s=reconnect_s), None
    if url.scheme == "sim" and url.host == "camera":
        from hardware.camera.sim_camera import SimulatedCameraSource

        lost_after = url.int_param("lost_after", -1)
        sim = SimulatedCameraSource(url.query.get("dir") or faces_dir, person=url.query.get("person"),
                                    act=url.query.get("act", "follow"),
                                    lost_after=None if lost_after < 0 else lost_after,
                                    lost_for=_float(url, "lost_for", None))
        return Camera(sim, fps=fps, reconnect_s=reconnect_s, name="sim-camera"), sim
    raise ConfigError(f"camera URL {url.raw!r}: scheme {url.scheme!r} is not supported")
