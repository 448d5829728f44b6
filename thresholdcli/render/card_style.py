"""The level colour band shared by every card format. Colour never carries meaning alone:
every band also prints the level's rank and name in text."""

from __future__ import annotations

# Low level (green) to top level (red); dark enough to print, light tints for backgrounds.
BAND_HEX = ("#2e7d32", "#7c8c1a", "#c99a06", "#e65100", "#b71c1c")
BAND_TINT = ("#e8f5e9", "#f4f7dd", "#fff8e1", "#fff0e6", "#fde8e8")
BAND_TERMINAL = ("green", "chartreuse3", "yellow", "dark_orange", "red")


def band_index(rank: int, top: int) -> int:
    """Spread a framework's levels over the palette: the top level is always red."""
    if top <= 1:
        return len(BAND_HEX) - 1
    return round((rank - 1) * (len(BAND_HEX) - 1) / (top - 1))


def band_hex(rank: int, top: int) -> str:
    return BAND_HEX[band_index(rank, top)]


def band_tint(rank: int, top: int) -> str:
    return BAND_TINT[band_index(rank, top)]


def band_terminal(rank: int, top: int) -> str:
    return BAND_TERMINAL[band_index(rank, top)]
