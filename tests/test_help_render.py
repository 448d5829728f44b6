"""A group's help is drawn by thresholdcli's own renderer (render/help.py) without typer's
help module, and is exactly typer's: same characters, same colours, at every width."""

from __future__ import annotations

import io
import subprocess
import sys
from typing import Any

import pytest
import typer
import typer.core
import typer.main
import typer.rich_utils
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.emoji import Emoji
from rich.markdown import Markdown
from rich.table import Table

from thresholdcli import cli
from thresholdcli.render.help import Prose, plain_prose

# Markdown's special characters are in the alphabet, so the property also meets texts that
# plain_prose must refuse.
PLAIN = list("abcXYZ019 ") * 3 + list("\"'(),./:;@?!%=+-_`\né")
PROSE_ALPHABET = st.sampled_from(PLAIN + list("*#[]<>&\\~|\t"))
TEXTS = st.one_of(
    st.text(st.sampled_from(PLAIN), min_size=1, max_size=80),
    st.text(PROSE_ALPHABET, min_size=1, max_size=80),
)


def drawn(renderable: Any, width: int, table: bool = False) -> str:
    console = Console(
        file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor"
    )
    if table:  # as the commands panel measures it
        grid = Table(show_header=False, expand=True, box=None, padding=(0, 1))
        grid.add_column(width=8, no_wrap=True)
        grid.add_column(ratio=10)
        grid.add_row("name", renderable)
        renderable = grid
    console.print(renderable)
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


@given(
    text=TEXTS,
    width=st.integers(10, 120),
    table=st.booleans(),
    style=st.sampled_from(["", "dim", "bold red"]),
)
@settings(max_examples=400, deadline=None)
def test_plain_prose_is_drawn_exactly_as_markdown_draws_it(
    text: str, width: int, table: bool, style: str
) -> None:
    if not plain_prose(text):
        return
    markdown = Markdown(Emoji.replace(text), style=style)
    assert drawn(Prose(text, style), width, table) == drawn(markdown, width, table)


@pytest.mark.parametrize(
    "text",
    [
        "Has **bold** words",
        "An _emphasis_ here",
        "- a list item",
        "1. a numbered item",
        "A [link](https://example.org)",
        "An &amp; entity",
        "A line\\\nbreak",
        "Two  spaces",
        "# Heading",
        "Unpaired ` tick",
        "",
        "A trailing space ",
        "Para one\n\nPara two",
        "A line\n  indented",
    ],
)
def test_markdown_is_left_to_typer(text: str) -> None:
    assert not plain_prose(text)


@pytest.mark.parametrize(
    "text",
    [
        "Resume with `interview --resume CASE_REF`.",
        "Check framework files; print each problem as file:line: message.",
        "id@version, cases/CASE_REF.toml (mode 0600) and 3+ reviews.",
        "Two lines\nof one paragraph.",
    ],
)
def test_the_help_texts_thresholdcli_writes_are_plain_prose(text: str) -> None:
    assert plain_prose(text)


def typers_own_help(group: Any, ctx: Any) -> None:
    typer.core.TyperGroup.format_help(group, ctx, None)  # type: ignore[arg-type]


def group_help(path: list[str], draw: Any, capsys: pytest.CaptureFixture[str]) -> str:
    command: Any = typer.main.get_command(cli.app)
    ctx = command.make_context("thresholdcli", [], resilient_parsing=True)
    for name in path:
        command = command.get_command(ctx, name)
        ctx = command.make_context(name, [], parent=ctx, resilient_parsing=True)
    capsys.readouterr()
    draw(command, ctx)
    return capsys.readouterr().out


@pytest.mark.parametrize("path", [[], ["frameworks"]])
@pytest.mark.parametrize("columns", ["40", "60", "80", "100", "140", "200"])
@pytest.mark.parametrize(
    "colour",
    [
        {"NO_COLOR": "1"},
        {"FORCE_COLOR": "1", "TERM": "xterm"},
        {"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLORTERM": "truecolor"},
    ],
)
def test_group_help_is_exactly_typers(
    path: list[str],
    columns: str,
    colour: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "COLORTERM", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {"COLUMNS": columns, **colour}.items():
        monkeypatch.setenv(name, value)
    forced = True if "FORCE_COLOR" in colour else None
    monkeypatch.setattr(typer.rich_utils, "FORCE_TERMINAL", forced)
    command: Any = typer.main.get_command(cli.app)
    ctx = command.make_context("thresholdcli", [], resilient_parsing=True)
    assert cli._group_help(command, ctx) is not None  # drawn by thresholdcli, not typer
    mine = group_help(path, lambda c, x: c.format_help(x, None), capsys)
    theirs = group_help(path, typers_own_help, capsys)
    assert mine == theirs
    assert "Commands" in mine


def test_a_group_with_markdown_in_its_help_is_drawn_by_typer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    app = typer.Typer(cls=cli._Group, rich_markup_mode="markdown", help="Has **bold** words.")

    @app.command()
    def one() -> None:
        """The first."""

    @app.command()
    def two() -> None:
        """The second."""

    command: Any = typer.main.get_command(app)
    ctx = command.make_context("demo", [], resilient_parsing=True)
    assert cli._group_help(command, ctx) is None
    command.format_help(ctx, None)
    shown = capsys.readouterr().out
    assert "Has bold words." in shown and "**" not in shown


def test_help_does_not_import_typers_help_module_or_markdown() -> None:
    probe = (
        "import sys\n"
        "from thresholdcli.cli import main\n"
        "sys.argv = ['thresholdcli', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "bad = sorted(m for m in sys.modules if m in ('typer.rich_utils', 'rich.markdown',"
        " 'markdown_it', 'rich.traceback', 'pygments'))\n"
        "print('LOADED:' + ','.join(bad), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert "LOADED:\n" in proc.stderr + "\n", proc.stderr[-2000:]
    assert "Commands" in proc.stdout
