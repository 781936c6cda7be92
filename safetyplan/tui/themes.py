"""The high-contrast themes, and which themes a person may pick."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST_DARK = Theme(
    name="high-contrast-dark",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    warning="#FFD700",
    error="#FF6B6B",
    success="#7CFC00",
    dark=True,
    variables={
        "text-muted": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "border": "#FFFFFF",
        "input-selection-background": "#FFFF00 40%",
    },
)
"""White on black with yellow highlights."""

HIGH_CONTRAST_LIGHT = Theme(
    name="high-contrast-light",
    primary="#0000B0",
    secondary="#004D00",
    accent="#000000",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E6E6E6",
    warning="#7A4A00",
    error="#B00000",
    success="#005A00",
    dark=False,
    variables={
        "text-muted": "#000000",
        "footer-key-foreground": "#0000B0",
        "border": "#000000",
    },
)
"""Black on white with dark blue highlights."""

OWN_THEMES = (HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT)

OFFERED = (
    "textual-dark",
    "textual-light",
    "high-contrast-dark",
    "high-contrast-light",
    "ansi-dark",
    "ansi-light",
)
"""The themes offered: the default, high contrast, and one that uses the terminal's own colours."""
