"""Finding and decoding QR codes in camera frames, image files and PDF pages (OpenCV).

Text in, text out: what a QR says is judged by :mod:`kiosk.certify`, never here.
"""

from hardware.qrscan.decode import QrScanner, decode_file, decode_frame

__all__ = ["QrScanner", "decode_file", "decode_frame"]
