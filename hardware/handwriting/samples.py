"""Surnames written stroke by stroke, on a 300 × 300 canvas (y grows down): what the recogniser is checked
and measured on (its tests, ``kiosk bench handwriting``).

Each stroke is given by its corners; :func:`stroke` fills in the points a finger passes between them. The
strokes follow the usual writing order; zinnia's models weigh the order, so a drawing in the order the
model learnt ranks its character first.
"""

from __future__ import annotations

SIZE = 300


def stroke(*corners: tuple[int, int], step: int = 12) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = [corners[0]]
    for (x0, y0), (x1, y1) in zip(corners, corners[1:]):
        n = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / step))
        points += [(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(1, n + 1)]
    return points


CHARACTERS: dict[str, list[list[tuple[float, float]]]] = {
    # 横 横 竖 横
    "王": [stroke((70, 60), (230, 60)), stroke((90, 150), (210, 150)), stroke((150, 60), (150, 245)),
          stroke((50, 245), (250, 245))],
    # 木: 横 竖 撇 点; 子: 横撇 竖钩 横
    "李": [stroke((50, 70), (250, 70)), stroke((150, 20), (150, 150)), stroke((145, 75), (60, 145)),
          stroke((155, 80), (240, 140)), stroke((80, 170), (210, 170), (160, 205)),
          stroke((150, 205), (150, 285), (130, 275)), stroke((40, 230), (260, 230))],
    # 弓: 横折 横 竖折折钩; 长: 横 撇 竖提 捺 (the order the model was trained on ranks it first)
    "张": [stroke((30, 40), (105, 40), (105, 100)), stroke((35, 100), (105, 100)),
          stroke((35, 100), (30, 165), (105, 165), (95, 265), (70, 250)),
          stroke((125, 130), (285, 130)), stroke((250, 40), (175, 105)), stroke((170, 35), (170, 255), (215, 225)),
          stroke((185, 145), (285, 270))],
    # 禾: 撇 横 竖 撇 点; 乃: 横折折折钩 撇
    "秀": [stroke((200, 20), (100, 45)), stroke((50, 70), (250, 70)), stroke((150, 35), (150, 150)),
          stroke((145, 80), (60, 140)), stroke((155, 80), (240, 135)),
          stroke((70, 170), (200, 170), (160, 215), (240, 215), (220, 285), (190, 270)),
          stroke((120, 170), (110, 240), (50, 285))],
}
