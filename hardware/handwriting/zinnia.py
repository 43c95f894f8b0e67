"""A small ctypes adapter over libzinnia's C API (Debian ``libzinnia0``; PyPI has no maintained binding).

Only the calls the pad needs: open a model, build a character from strokes, classify it, read the
ranked results, free everything. The recogniser is opened once per kiosk and used from the UI thread
only (one classification takes about 10–20 ms: ``kiosk bench handwriting``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Sequence
from pathlib import Path

from hardware.handwriting.recogniser import Candidate, HandwritingUnavailable, Stroke

#: Where Debian's ``tegaki-zinnia-simplified-chinese`` puts its model.
DEFAULT_MODEL = Path("/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model")
#: Debian ships the run-time library only as its versioned name (the unversioned one is in -dev).
LIBRARY_NAMES = ("libzinnia.so.0", "zinnia")


def _load_library(names: Sequence[str]) -> ctypes.CDLL:
    for name in names:
        path = ctypes.util.find_library(name) if "." not in name else name
        if not path:
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        _declare(lib)
        return lib
    raise HandwritingUnavailable("the handwriting library (libzinnia) is not installed",
                                 detail={"tried": list(names)})


def _declare(lib: ctypes.CDLL) -> None:
    p, size, i, c = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_char_p
    for name, res, args in (
        ("zinnia_recognizer_new", p, []),
        ("zinnia_recognizer_open", i, [p, c]),
        ("zinnia_recognizer_strerror", c, [p]),
        ("zinnia_recognizer_classify", p, [p, p, size]),
        ("zinnia_recognizer_destroy", None, [p]),
        ("zinnia_character_new", p, []),
        ("zinnia_character_set_width", None, [p, size]),
        ("zinnia_character_set_height", None, [p, size]),
        ("zinnia_character_add", i, [p, size, i, i]),
        ("zinnia_character_destroy", None, [p]),
        ("zinnia_result_value", c, [p, size]),
        ("zinnia_result_score", ctypes.c_float, [p, size]),
        ("zinnia_result_size", size, [p]),
        ("zinnia_result_destroy", None, [p]),
    ):
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args


class ZinniaRecogniser:
    def __init__(self, model: Path = DEFAULT_MODEL, library_names: Sequence[str] = LIBRARY_NAMES):
        model = Path(model)
        if not model.is_file():
            raise HandwritingUnavailable("the handwriting model is not installed", detail={"model": str(model)})
        self._lib = _load_library(library_names)
        self._rec = self._lib.zinnia_recognizer_new()
        if not self._rec:
            raise HandwritingUnavailable("the handwriting recogniser could not be created")
        if not self._lib.zinnia_recognizer_open(self._rec, str(model).encode()):
            why = (self._lib.zinnia_recognizer_strerror(self._rec) or b"").decode(errors="replace")
            self.close()
            raise HandwritingUnavailable("the handwriting model could not be read",
                                         detail={"model": str(model), "reason": why})

    def classify(self, strokes: Sequence[Stroke], width: int, height: int, limit: int = 10) -> list[Candidate]:
        if self._rec is None:
            raise HandwritingUnavailable("the handwriting recogniser is closed")
        drawn = [s for s in strokes if len(s) > 0]
        if not drawn or width <= 0 or height <= 0:
            return []
        lib = self._lib
        char = lib.zinnia_character_new()
        try:
            lib.zinnia_character_set_width(char, width)
            lib.zinnia_character_set_height(char, height)
            for n, stroke in enumerate(drawn):
                for x, y in stroke:
                    lib.zinnia_character_add(char, n, int(round(x)), int(round(y)))
            result = lib.zinnia_recognizer_classify(self._rec, char, limit)
            if not result:
                return []
            try:
                return [Candidate(lib.zinnia_result_value(result, k).decode("utf-8"),
                                  float(lib.zinnia_result_score(result, k)))
                        for k in range(lib.zinnia_result_size(result))]
            finally:
                lib.zinnia_result_destroy(result)
        finally:
            lib.zinnia_character_destroy(char)

    def close(self) -> None:
        if getattr(self, "_rec", None):
            self._lib.zinnia_recognizer_destroy(self._rec)
        self._rec = None

    def __del__(self) -> None:
        self.close()


def open_recogniser(model: Path = DEFAULT_MODEL) -> ZinniaRecogniser:
    """The kiosk's recogniser; raises :class:`HandwritingUnavailable` when the library or model is missing."""
    return ZinniaRecogniser(model)
