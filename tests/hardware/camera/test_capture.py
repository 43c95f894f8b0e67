"""Frames by URL on the camera's own thread: pacing, looping files, losing and regaining the camera."""

from __future__ import annotations

import queue
import time

import cv2
import numpy as np
import pytest

from hardware.camera.capture import CameraEvent
from hardware.registry import open_camera
from kiosk.errors import ConfigError


def collect(camera, *, until, timeout: float = 10.0) -> list[CameraEvent]:
    """Events until ``until(events)`` holds; fails at the deadline instead of hanging."""
    q: queue.Queue[CameraEvent] = queue.Queue()
    camera.add_listener(q.put)
    camera.start()
    events: list[CameraEvent] = []
    deadline = time.monotonic() + timeout
    try:
        while not until(events):
            events.append(q.get(timeout=max(0.01, deadline - time.monotonic())))
    finally:
        camera.stop()
        camera.remove_listener(q.put)
    return events


def frames(events):
    return [e.frame for e in events if e.kind == "frame"]


def test_the_simulated_camera_delivers_640x480_frames_at_its_fps():
    d = open_camera("sim://camera?person=zhang_jianguo&fps=20")
    events = collect(d.driver, until=lambda ev: len(frames(ev)) >= 11)
    fs = frames(events)
    assert fs[0].image.shape == (480, 640, 3) and fs[0].image.dtype == np.uint8
    span = fs[-1].t - fs[0].t
    assert span >= 10 / 20 * 0.8  # paced, not as fast as the CPU allows
    assert not np.array_equal(fs[0].image, fs[1].image)  # sensor noise: no two frames alike
    assert d.simulator.person == "zhang_jianguo"


def test_camera_lost_is_an_event_and_reconnection_brings_it_back():
    d = open_camera("sim://camera?person=li_na&fps=30&lost_after=5&lost_for=0.3&reconnect_s=0.1")
    events = collect(d.driver, until=lambda ev: any(e.kind == "restored" for e in ev) and
                     sum(e.kind == "frame" for e in ev) >= 8)
    kinds = [e.kind for e in events if e.kind != "frame"]
    assert kinds == ["lost", "restored"]
    lost = next(e for e in events if e.kind == "lost")
    assert lost.error.code == "CAMERA_LOST"


def test_lose_and_restore_by_hand():
    d = open_camera("sim://camera?person=li_na&fps=30&reconnect_s=0.05")
    seen: list[str] = []

    def until(ev):
        if ev and ev[-1].kind != "frame":
            seen.append(ev[-1].kind)
        if len(frames(ev)) == 3 and "lost" not in seen:
            d.simulator.lose()
        if seen == ["lost"]:
            d.simulator.restore()
        return seen == ["lost", "restored"]

    collect(d.driver, until=until)
    assert not d.driver.lost


def test_an_image_sequence_is_played_at_fps_and_loops(tmp_path):
    for i in range(3):
        cv2.imwrite(str(tmp_path / f"frame_{i:03d}.png"), np.full((48, 64, 3), 50 * (i + 1), np.uint8))
    d = open_camera(f"file://{tmp_path}/frame_%03d.png?fps=25")
    fs = frames(collect(d.driver, until=lambda ev: len(frames(ev)) >= 7))
    levels = [int(f.image[0, 0, 0]) for f in fs]
    assert levels[:7] == [50, 100, 150, 50, 100, 150, 50]
    assert fs[6].t - fs[0].t >= 6 / 25 * 0.8


def test_a_video_file_is_played_at_fps_and_loops(tmp_path):
    path = tmp_path / "clip.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 25, (64, 48))
    assert writer.isOpened(), "OpenCV cannot write mp4v here"
    for level in (40, 120, 200):
        writer.write(np.full((48, 64, 3), level, np.uint8))
    writer.release()
    d = open_camera(f"file://{path}?fps=20")
    fs = frames(collect(d.driver, until=lambda ev: len(frames(ev)) >= 7))
    # Lossy codec: each frame's grey level within a few steps of what was written, in order, looping.
    levels = [int(f.image[24, 32].mean()) for f in fs]
    nearest = [min((40, 120, 200), key=lambda v: abs(v - x)) for x in levels]
    assert nearest[:7] == [40, 120, 200, 40, 120, 200, 40]
    assert fs[6].t - fs[0].t >= 6 / 20 * 0.8


def test_a_missing_v4l_device_reports_camera_lost_not_a_crash():
    d = open_camera("v4l://9?reconnect_s=0.05")
    events = collect(d.driver, until=lambda ev: len(ev) >= 1)
    assert events[0].kind == "lost" and events[0].error.code == "CAMERA_LOST"


@pytest.mark.parametrize("url", ["v4l://front", "file:///no/such/video.mp4", "sim://camera?act=dance",
                                 "sim://camera?person=nobody_we_know", "rtsp://cam", "sim://camera?fps=x"])
def test_bad_camera_urls_are_config_errors(url):
    with pytest.raises(ConfigError):
        open_camera(url)


def test_a_photo_held_up_cannot_perform():
    d = open_camera("sim://camera?person=li_na&act=photo")
    sim = d.simulator
    sim.perform("blink")
    assert sim._queue == []
    a, b = sim.read(), sim.read()
    assert a.shape == b.shape == (480, 640, 3)
