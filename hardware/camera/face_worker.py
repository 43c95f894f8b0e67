"""The face engine's worker process: ``python -m hardware.camera.face_worker FD``.

Started by :class:`hardware.camera.faces.FaceEngine` as a plain child process, not through
multiprocessing: multiprocessing's ``spawn`` re-imports the parent's main module in the child (the
whole kiosk command line and what it pulls in) and starts a resource-tracker process besides. This
module imports numpy, dlib and the analysis code only. FD is the worker's end of a socket pair; the
messages are multiprocessing's (pickled) connection messages:

    → (QualityLimits, DetectSettings)          ← ("ready", None) | ("error", text)
    → (operation, image, encode, early)        ← ("landmarks", Analysis)* then ("ok", Analysis) | ("error", text)
    → None, or the socket closed: the worker ends
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


def serve(conn: Connection) -> None:
    try:
        limits, detect = conn.recv()
        from hardware.camera.face_analysis import FaceAnalyser

        analyser = FaceAnalyser(limits, detect)
    except (EOFError, OSError):
        return
    except Exception as e:  # the models missing, a broken dlib: tell the owner instead of dying silently
        conn.send(("error", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", None))
    give_back = _free_memory_releaser()
    give_back()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        op, image, encode, early = request
        try:
            if op == "live":
                # With ``early``, the landmarks go back before the descriptor is computed.
                result: Any = analyser.live_frame(
                    image, encode=encode, on_landmarks=(lambda a: conn.send(("landmarks", a))) if early else None)
            elif op == "still":
                result = analyser.still(image, encode=encode)
            elif op == "card":
                result = analyser.card(image)
            else:
                raise ValueError(f"unknown operation {op!r}")
            give_back()  # before answering: an idle worker is a trimmed one
            conn.send(("ok", result))
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception as e:
            conn.send(("error", f"{type(e).__name__}: {e}"))


def _free_memory_releaser() -> Callable[[], object]:
    """glibc's malloc_trim: the model load's and each descriptor's scratch memory is freed but stays in
    the process's heap; handing it back takes tens of microseconds and keeps the idle worker some MB
    smaller. Elsewhere than glibc, nothing."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return lambda: None
    return lambda: trim(0)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].isdigit():
        print("usage: python -m hardware.camera.face_worker FD", file=sys.stderr)
        return 2
    conn = Connection(int(argv[0]))
    try:
        serve(conn)
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
