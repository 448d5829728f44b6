"""A command group's help (`thresholdcli --help`, `thresholdcli frameworks --help`), drawn
exactly as typer draws it, without importing typer's help module: that module imports rich's
Markdown (markdown-it) and traceback modules, which cost about as much again as importing
typer, to show a list of commands whose descriptions are plain sentences.

`plain_prose` says whether a text is one such sentence: words, ordinary punctuation and
`code` spans. Only then does `Prose` draw it, to the same characters and styles as rich's
Markdown (tests/test_help_render.py proves both with hypothesis and against typer's own help
at several widths, with and without colour). Anything else is drawn by typer itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import NamedTuple

from rich.align import Align
from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.highlighter import RegexHighlighter
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

# typer's styles and strings (typer is pinned in pyproject.toml; the identity test fails if
# a new typer draws its help differently).
_THEME = {
    "option": "bold cyan",
    "switch": "bold green",
    "negative_option": "bold magenta",
    "negative_switch": "bold red",
    "types": "bold yellow",
    "types_sep": "dim",
    "usage": "yellow",
}
_CODE_STYLE = "markdown.code"


class _OptionHighlighter(RegexHighlighter):
    highlights = [  # noqa: RUF012 (rich's own declaration)
        r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])",
        r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
        r"(?P<types>\<[^\>]+\>)",
        r"(?P<usage>Usage: )",
    ]


class _NegativeOptionHighlighter(RegexHighlighter):
    highlights = [  # noqa: RUF012 (rich's own declaration)
        r"(^|\W)(?P<negative_switch>\-\w+)(?![a-zA-Z0-9])",
        r"(^|\W)(?P<negative_option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
    ]


_highlighter = _OptionHighlighter()
_negative_highlighter = _NegativeOptionHighlighter()


class _ValueNameHighlighter(RegexHighlighter):
    highlights = [  # noqa: RUF012 (rich's own declaration)
        r"^(?P<types_sep>(\[|<))",
        r"(?P<types_sep>\|)",
        r"(?P<types_sep>(\]|>))(\.\.\.)?$",
    ]


_value_name_highlighter = _ValueNameHighlighter()

# Words, spaces and punctuation that Markdown leaves as they are, and `code` spans.
_PLAIN_CHARACTERS = re.compile(r"[\w \"'(),./:;@?!%=+\-`\n]*")
_CODE_SPAN = re.compile(r"`(?:[^`\s][^`\n]*[^`\s]|[^`\s])`")
_BLOCK_START = re.compile(r"(?m)^(?:[-+=*>#\s]|\d+[.)])")


def plain_prose(text: str) -> bool:
    """True when rich's Markdown would show `text` as one paragraph of its own words, with
    `code` spans and nothing else Markdown does (no emphasis, links, entities, lists,
    headings, escapes or line breaks)."""
    if not text or not _PLAIN_CHARACTERS.fullmatch(text) or "\n\n" in text:
        return False
    if "  " in text or text != text.strip() or " \n" in text or _BLOCK_START.search(text):
        return False
    if re.search(r"(?<![^\W_])_|_(?![^\W_])", text):  # an underscore not inside a word
        return False
    return "`" not in _CODE_SPAN.sub("", text)


class Prose:
    """One paragraph of plain prose (see `plain_prose`), drawn as rich's Markdown draws it."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = _with_emoji(text)
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        style = console.get_style(self.style, default="none")
        code = style + console.get_style(_CODE_STYLE, default="none")
        paragraph = Text(justify="left")
        for line_number, line in enumerate(self.text.split("\n")):
            if line_number:  # a line break inside a paragraph is a space, styled on its own
                paragraph.append(" ", style)
            for number, part in enumerate(line.split("`")):
                if part:
                    paragraph.append(part, code if number % 2 else style)
        yield paragraph


def _with_emoji(text: str) -> str:
    """Emoji codes such as :warning: replaced, as typer does before Markdown."""
    if not _EMOJI_CODE.search(text):
        return text
    from rich.emoji import Emoji

    return Emoji.replace(text)


_EMOJI_CODE = re.compile(r":\S+?:")


class OptionRow(NamedTuple):
    long_names: str
    short_names: str
    negative_long_names: str
    negative_short_names: str
    value_name: str
    help: str
    default: str  # "[default: …]" or ""


class CommandRow(NamedTuple):
    name: str
    help: str


class GroupHelp(NamedTuple):
    usage: str
    help: str
    options: Sequence[OptionRow]
    commands: Sequence[CommandRow]


def help_console() -> Console:
    """The console typer's help is drawn on (its width, colour and terminal rules)."""
    width = os.environ.get("TERMINAL_WIDTH")
    asked = any(os.getenv(name) for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "PY_COLORS"))
    force = True if asked else None
    if os.getenv("_TYPER_FORCE_DISABLE_TERMINAL"):
        force = False
    return Console(
        theme=Theme(_THEME),
        highlighter=_highlighter,
        color_system="auto",
        force_terminal=force,
        width=int(width) if width else None,
    )


def print_group_help(group: GroupHelp, console: Console | None = None) -> None:
    """Usage, the group's description, its options panel and its commands panel."""
    console = console or help_console()
    console.print(Padding(_highlighter(group.usage), 1), style="bold")
    if group.help:
        console.print(Padding(Align(Group(Prose(group.help)), pad=False), (0, 1, 1, 1)))
    if group.options:
        console.print(_panel("Options", _options_table(group.options)))
    if group.commands:
        console.print(_panel("Commands", _commands_table(group.commands)))


def _panel(title: str, table: Table) -> Panel:
    # Text, not str: a str title is parsed as markup (which loads rich's emoji table).
    return Panel(table, border_style="dim", title=Text(title), title_align="left")


def _help_table(highlight: bool) -> Table:
    """typer's borderless table for a help panel."""
    return Table(
        highlight=highlight,
        show_header=False,
        expand=True,
        box=None,
        show_lines=False,
        leading=0,
        border_style=None,
        row_styles=None,
        pad_edge=False,
        padding=(0, 1),
    )


def _options_table(rows: Sequence[OptionRow]) -> Table:
    table = _help_table(highlight=True)
    for row in rows:
        value_name = Text(style="bold yellow", overflow="fold")
        value_name.append(row.value_name)
        described: list[Prose | Text] = [Prose(row.help)] if row.help else []
        if row.default:
            described.append(Text(row.default, style="dim"))
        table.add_row(
            _highlighter(row.long_names),
            _highlighter(row.short_names),
            _negative_highlighter(row.negative_long_names),
            _negative_highlighter(row.negative_short_names),
            _value_name_highlighter(value_name),
            Columns(described),
        )
    return table


def _commands_table(rows: Sequence[CommandRow]) -> Table:
    table = _help_table(highlight=False)
    table.add_column(style="bold cyan", no_wrap=True, width=max(len(r.name) for r in rows))
    table.add_column(Text("Description"), justify="left", no_wrap=False, ratio=10)
    for row in rows:
        table.add_row(Text(row.name), Prose(row.help))
    return table

