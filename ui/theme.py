"""Sizes, colours and fonts: the one place the kiosk's look is decided.

Targets (at 1920×1080): body text ≥ 32 px (≥ 48 px in elder mode), touch targets ≥ 96×96 px, text
contrast ≥ 7:1 (WCAG AAA) in every theme. ``tests/ui/test_theme.py`` checks every colour pair below;
``ui/devtools/accessibility.py`` measures what the live widget tree actually renders.

One button grammar, the same on every screen (a resident learns it once):

- ``primary``: the one next step, filled with the theme's only accent, at the bottom right;
- ``secondary``: any other choice, outlined on the screen's own background;
- ``neutral``: "Finish" — a quiet outline in the same place on every screen, never a warning colour
  (``danger`` is kept as its old name);
- a chosen option (``:checked``) gets a tick in its text and a thick border, not the accent fill, so it
  never looks like the next step;
- a focus ring only for keyboards: big buttons take focus by Tab, never by a touch.

High contrast is dark buttons with light outlines and one accent (no large white fills).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

FONT_FAMILIES = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "sans-serif"]

#: The floors the walkthrough test holds every screen to.
MIN_BODY_PX = 32
MIN_ELDER_PX = 48
MIN_TARGET_PX = 96
MIN_CONTRAST = 7.0


@dataclass(frozen=True)
class Theme:
    name: str
    elder: bool = False
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
    bar: str = "#1F2937"
    bar_text: str = "#FFFFFF"
    panel: str = "#F1EDE2"

    @property
    def min_text_px(self) -> int:
        return MIN_ELDER_PX if self.elder else MIN_BODY_PX


NORMAL = Theme("normal")
ELDER = replace(NORMAL, name="elder", elder=True, body_px=48, title_px=72, small_px=48, target_px=128,
                spacing_px=32)
HIGH_CONTRAST = replace(NORMAL, name="high_contrast", background="#000000", text="#FFFFFF", muted_text="#FFFFFF",
                        primary="#FFFF00", primary_text="#000000", secondary="#000000", secondary_text="#FFFFFF",
                        danger="#000000", danger_text="#FFFFFF", focus="#00FFFF", banner="#FFFFFF",
                        banner_text="#000000", bar="#000000", bar_text="#FFFFFF", panel="#1A1A1A")


def pick(*, elder: bool, high_contrast: bool) -> Theme:
    base = HIGH_CONTRAST if high_contrast else NORMAL
    if not elder:
        return base
    return replace(base, name="high_contrast_elder" if high_contrast else "elder", elder=True,
                   body_px=ELDER.body_px, title_px=ELDER.title_px, small_px=ELDER.small_px,
                   target_px=ELDER.target_px, spacing_px=ELDER.spacing_px)


def stylesheet(t: Theme) -> str:
    family = ", ".join(f'"{f}"' if " " in f else f for f in FONT_FAMILIES)
    # A key is as big as any other target (128 px in elder mode): its content plus 4 px padding and a 4 px
    # border on each side. The search screen shows one input at a time, so the keyboard still fits.
    key = t.target_px - 16
    return f"""
    QWidget {{ background: {t.background}; color: {t.text}; font-family: {family}; font-size: {t.body_px}px; }}
    QLabel[role="title"] {{ font-size: {t.title_px}px; font-weight: bold; }}
    QLabel[role="small"] {{ font-size: {t.small_px}px; color: {t.muted_text}; }}
    QLabel[role="banner"] {{ background: {t.banner}; color: {t.banner_text}; padding: 12px; }}
    QLabel[role="notice"] {{ border: 4px solid {t.text}; padding: 16px; }}
    QWidget#TopBar, QWidget#TopBar QLabel {{ background: {t.bar}; color: {t.bar_text}; }}
    QPushButton {{ min-height: {t.target_px}px; min-width: {t.target_px}px; padding: 8px 32px;
                  border-radius: 16px; border: 4px solid {t.text};
                  background: {t.background}; color: {t.text}; font-size: {t.body_px}px; }}
    QPushButton[kind="primary"] {{ background: {t.primary}; color: {t.primary_text}; border-color: {t.primary};
                                   font-weight: bold; }}
    QPushButton[kind="neutral"], QPushButton[kind="danger"] {{ border: 3px solid {t.muted_text};
                                   background: {t.background}; color: {t.text}; }}
    QPushButton[kind="row"] {{ padding: 0; text-align: left; }}
    QPushButton[kind="row"] QLabel {{ background: transparent; }}
    QLabel#row_title, QLabel#reader_zoom_percent {{ font-weight: bold; }}
    QLabel#typed_code {{ border: 4px solid {t.text}; padding: 8px 24px; }}
    QPushButton[kind="tool"] {{ padding: 4px 20px; border: 3px solid {t.bar_text}; background: {t.bar};
                                color: {t.bar_text}; }}
    QPushButton[kind="tool"]:checked {{ border: 8px solid {t.bar_text}; background: {t.bar}; color: {t.bar_text}; }}
    QPushButton[kind="key"] {{ min-width: {key}px; min-height: {key}px; padding: 4px; background: {t.panel}; }}
    QPushButton:checked {{ background: {t.panel}; color: {t.text}; border: 8px solid {t.text}; font-weight: bold; }}
    QPushButton:disabled {{ background: {t.background}; color: {t.text}; border-style: dashed; }}
    QLabel[step] {{ font-size: {t.small_px}px; padding: 6px 12px; border-radius: 12px; }}
    QLabel[step="current"] {{ background: {t.primary}; color: {t.primary_text}; font-weight: bold; }}
    QLabel[step="done"] {{ color: {t.text}; border: 3px solid {t.text}; }}
    QLabel[step="todo"] {{ color: {t.muted_text}; border: 3px dashed {t.muted_text}; }}
    CountdownRing, Spinner, CardOnReader, PrinterTray {{ qproperty-accent: {t.primary}; }}
    QWidget[pager="true"] QPushButton {{ padding: 4px 12px; }}
    QWidget#page_reader QPushButton, QWidget#page_reader_full QPushButton {{ padding: 4px 16px; }}
    QPushButton:focus {{ outline: none; }}
    QPushButton[keyboard="true"]:focus {{ border: 6px solid {t.focus}; }}
    QLineEdit {{ min-height: {t.target_px}px; border: 3px solid {t.text}; padding: 0 16px;
                background: {t.background}; color: {t.text}; }}
    QListWidget {{ border: 3px solid {t.text}; font-size: {t.body_px}px; }}
    QListWidget::item {{ min-height: {t.target_px}px; padding: 8px; border-bottom: 1px solid {t.muted_text}; }}
    QListWidget::item:selected {{ background: {t.primary}; color: {t.primary_text}; }}
    QProgressBar {{ min-height: {t.target_px // 2}px; border: 3px solid {t.text}; text-align: center;
                   color: {t.text}; background: {t.background}; }}
    QProgressBar::chunk {{ background: {t.secondary}; }}
    QScrollArea {{ border: 3px solid {t.text}; }}
    QScrollBar:vertical {{ width: 48px; }}
    QScrollBar:horizontal {{ height: 48px; }}
    """
