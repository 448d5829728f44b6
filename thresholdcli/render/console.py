"""Console construction: NO_COLOR respected, stderr for progress, fixed width for goldens.

Every console made here shows data as data: markup is off (a "[link=…]" or "[/]" in a
note, a file name or a framework is printed as it is, never interpreted), and a render hook
escapes any control character left in the text of what is printed (`safe_text.shown`), so
a terminal never receives an escape sequence from a record, an answers file, a framework or
a file name. rich's own styling is added after, and is not affected.
"""

from __future__ import annotations

import os
from typing import Any, TextIO

from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    RenderHook,
    RenderResult,
    RichCast,
)
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from thresholdcli.safe_text import is_safe, shown


class _ShownAsData:
    """Renders `inner`, then escapes control characters in the text of its segments."""

    def __init__(self, inner: ConsoleRenderable | RichCast | str) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.inner, options):
            if segment.control or is_safe(segment.text):
                yield segment
            else:
                yield Segment(shown(segment.text), segment.style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.inner)


class _EscapeControlCharacters(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_ShownAsData(r) for r in renderables]


class _DataConsole(Console):
    """Strings printed are escaped before layout (so tables and panels line up); the hook
    catches the text of everything else."""

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(shown(text), **options)


def _data_console(**options: Any) -> Console:
    console = _DataConsole(markup=False, highlight=False, emoji=False, **options)
    console.push_render_hook(_EscapeControlCharacters())
    return console


def make_console(
    file: TextIO | None = None, width: int | None = None, stderr: bool = False
) -> Console:
    no_color = "NO_COLOR" in os.environ
    env_width = os.environ.get("THRESHOLDCLI_WIDTH")
    if width is None and env_width and env_width.isdigit():
        width = int(env_width)
    return _data_console(file=file, width=width, stderr=stderr, no_color=no_color, soft_wrap=False)


def plain_console(file: TextIO, width: int = 80) -> Console:
    """No colour, no terminal codes, fixed width: for transcripts and golden files."""
    return _data_console(
        file=file, width=width, no_color=True, color_system=None, force_terminal=False
    )
