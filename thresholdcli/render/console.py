"""Console construction: NO_COLOR respected, stderr for progress, fixed width for goldens."""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console


def make_console(
    file: TextIO | None = None, width: int | None = None, stderr: bool = False
) -> Console:
    no_color = "NO_COLOR" in os.environ
    env_width = os.environ.get("THRESHOLDCLI_WIDTH")
    if width is None and env_width and env_width.isdigit():
        width = int(env_width)
    return Console(
        file=file,
        width=width,
        stderr=stderr,
        no_color=no_color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


def plain_console(file: TextIO, width: int = 80) -> Console:
    """No colour, no terminal codes, fixed width: for transcripts and golden files."""
    return Console(
        file=file,
        width=width,
        no_color=True,
        color_system=None,
        force_terminal=False,
        highlight=False,
        emoji=False,
    )
