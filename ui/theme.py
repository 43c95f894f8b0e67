"""Sizes, colours and fonts: the one place the kiosk's look is decided.

Targets (at 1920×1080): body text ≥ 32 px (≥ 48 px in elder mode), touch targets ≥ 96×96 px, text
contrast ≥ 7:1 (WCAG AAA) in every theme.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

FONT_FAMILIES = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "sans-serif"]


@dataclass(frozen=True)
class Theme:
    name: str
    body_px: int = 36
    title_px: int = 56
    small_px: int = 32
    target_px: int = 112
    spacing_px: int = 24
    background: str = "#FFFDF7"
    text: str = "#111111"
    muted_text: str = "#333333"
    primary: str = "#0B3D91"
    primary_text: str = "#FFFFFF"
    secondary: str = "#E8E4D8"
    secondary_text: str = "#111111"
    danger: str = "#8B0000"
    danger_text: str = "#FFFFFF"
    focus: str = "#FFB000"
    banner: str = "#5C3A00"
    banner_text: str = "#FFFFFF"


NORMAL = Theme("normal")
ELDER = replace(NORMAL, name="elder", body_px=48, title_px=72, small_px=40, target_px=128, spacing_px=32)
HIGH_CONTRAST = replace(NORMAL, name="high_contrast", background="#000000", text="#FFFFFF", muted_text="#FFFFFF",
                        primary="#FFFF00", primary_text="#000000", secondary="#FFFFFF", secondary_text="#000000",
                        danger="#FFFFFF", danger_text="#8B0000", focus="#00FFFF", banner="#FFFFFF",
                        banner_text="#000000")


def pick(*, elder: bool, high_contrast: bool) -> Theme:
    base = HIGH_CONTRAST if high_contrast else NORMAL
    if not elder:
        return base
    return replace(base, name="high_contrast_elder" if high_contrast else "elder", body_px=ELDER.body_px,
                   title_px=ELDER.title_px, small_px=ELDER.small_px, target_px=ELDER.target_px,
                   spacing_px=ELDER.spacing_px)


def stylesheet(t: Theme) -> str:
    family = ", ".join(f'"{f}"' if " " in f else f for f in FONT_FAMILIES)
    return f"""
    QWidget {{ background: {t.background}; color: {t.text}; font-family: {family}; font-size: {t.body_px}px; }}
    QLabel[role="title"] {{ font-size: {t.title_px}px; font-weight: bold; }}
    QLabel[role="small"] {{ font-size: {t.small_px}px; color: {t.muted_text}; }}
    QLabel[role="banner"] {{ background: {t.banner}; color: {t.banner_text}; padding: 12px; }}
    QPushButton {{ min-height: {t.target_px}px; min-width: {t.target_px}px; padding: 8px 32px;
                  border-radius: 16px; border: 3px solid {t.text};
                  background: {t.secondary}; color: {t.secondary_text}; font-size: {t.body_px}px; }}
    QPushButton[kind="primary"] {{ background: {t.primary}; color: {t.primary_text}; border-color: {t.primary}; }}
    QPushButton[kind="danger"] {{ background: {t.danger}; color: {t.danger_text}; border-color: {t.danger}; }}
    QPushButton:focus {{ border: 6px solid {t.focus}; }}
    QListWidget {{ border: 3px solid {t.text}; font-size: {t.body_px}px; }}
    QListWidget::item {{ min-height: {t.target_px}px; padding: 8px; border-bottom: 1px solid {t.muted_text}; }}
    QListWidget::item:selected {{ background: {t.primary}; color: {t.primary_text}; }}
    """
