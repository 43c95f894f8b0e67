"""Offline handwriting recognition: strokes in, ranked characters out.

The pad on the search screen hands in what a finger drew (strokes of points on its own canvas); the
recogniser answers the characters those strokes most likely are, best first. Zinnia with the Tegaki
Simplified Chinese model (both from Debian) does the work; a kiosk without them gets
:class:`HandwritingUnavailable` and keeps its pinyin keyboard.
"""

from hardware.handwriting.recogniser import Candidate, HandwritingUnavailable, Recogniser, Stroke
from hardware.handwriting.zinnia import DEFAULT_MODEL, ZinniaRecogniser, open_recogniser

__all__ = ["Candidate", "DEFAULT_MODEL", "HandwritingUnavailable", "Recogniser", "Stroke", "ZinniaRecogniser",
           "open_recogniser"]
