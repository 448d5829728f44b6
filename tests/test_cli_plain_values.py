"""Plain argument values are converted to exactly what typer itself gives.

`cli.py` converts plain values (text, whole numbers, choices) without typer's pydantic
adapters, for start-up time; anything it does not convert goes to typer. Here every
parameter of every command is fed the same values both ways.
"""

from __future__ import annotations

from typing import Any

import pytest
import typer
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st
from typer import _coercion
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer.testing import CliRunner

from thresholdcli import cli


def all_params() -> list[tuple[Any, Any]]:
    root = typer.main.get_command(cli.app)
    found = []

    def walk(command: Any, parent: Context | None) -> None:
        ctx = Context(command, parent=parent)
        for param in command.params:
            if getattr(param, "type_descriptor", None) is not None:
                found.append((param, ctx))
        for sub in getattr(command, "commands", {}).values():
            walk(sub, ctx)

    walk(root, None)
    return found


PARAMS = all_params()
VALUES = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"[-+ ]?[0-9]{1,25} ?", fullmatch=True),
    st.sampled_from(["table", "json", "csv", "md", "html", "pdf", "terminal", "TABLE", "Json"]),
    st.integers(min_value=-5, max_value=10),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=3),
    st.just("\udcff"),  # an undecodable byte from argv
    st.sampled_from(["", "-", ".", "/", "/nonexistent/x.toml", "cases", "tests", __file__]),
    st.lists(st.sampled_from(["-", ".", "/nonexistent", __file__, ""]), max_size=3),
)


def typer_own(param: Any, ctx: Context, value: Any) -> Any:
    runtime = _coercion.build_runtime_param(param.type_descriptor)
    try:
        return ("ok", runtime._coerce_value(value, param=param, ctx=ctx))
    except (BadParameter, ValueError, TypeError) as exc:
        return ("error", type(exc).__name__)


NAMES = [f"{ctx.command.name}.{param.name}" for param, ctx in PARAMS]


@pytest.mark.parametrize(("param", "ctx"), PARAMS, ids=NAMES)
@settings(max_examples=60, deadline=None)
@given(value=VALUES)
def test_plain_values_convert_as_typer_does(param: Any, ctx: Context, value: Any) -> None:
    descriptor = param.type_descriptor
    plain = cli._plain(descriptor.annotation, descriptor.parameter_info, value, ctx, param)
    if plain is cli._NOT_PLAIN:
        return  # typer converts it, as before
    expected = typer_own(param, ctx, value)
    assert expected == ("ok", plain)
    assert type(expected[1]) is type(plain)
    if isinstance(plain, list):
        assert [type(item) for item in expected[1]] == [type(item) for item in plain]


def test_every_command_is_built_with_plain_value_conversion() -> None:
    for param, _ in PARAMS:
        assert getattr(param, "_runtime_param", False) is None  # built on first use


@pytest.mark.parametrize(
    "args",
    [
        ["card", "hull", "--level", "2"],
        ["map", "--from", "hull", "--level", "2", "--to", "telford-wrekin", "--format", "json"],
        ["contacts", "hull", "--at", "2026-11-23 10:00", "--level", "1", "--format", "json"],
        ["frameworks", "show", "hull", "--format", "json"],
    ],
)
def test_only_the_named_command_is_built_and_it_is_the_same(args: list[str]) -> None:
    full = typer.main.get_command(cli.app)
    trimmed = typer.main.get_command(cli.only_command(args))
    assert list(trimmed.commands) == [args[0]]  # type: ignore[attr-defined]
    mine = trimmed.commands[args[0]]  # type: ignore[attr-defined]
    theirs = full.commands[args[0]]  # type: ignore[attr-defined]
    describe = lambda c: [  # noqa: E731
        (p.name, p.opts, p.required, p.default, p.type_descriptor.annotation) for p in c.params
    ]
    assert describe(mine) == describe(theirs)
    assert cli.only_command(["crad"]) is cli.app  # typer suggests the nearest command


def names_listed(app: typer.Typer) -> list[str | None]:
    commands = [cli._command_name(c) for c in app.registered_commands]
    return commands + [g.name for g in app.registered_groups]


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"], ["--debug", "-h"]])
@pytest.mark.parametrize("columns", ["60", "100", "200"])
def test_help_without_a_command_is_exactly_the_whole_apps(args: list[str], columns: str) -> None:
    """With no command named, the app is built for its listing only (no command's options):
    what it prints, at any width, is what the whole app prints."""
    listed = cli.only_command(args)
    assert listed is not cli.app and names_listed(listed) == names_listed(cli.app)
    env = {"COLUMNS": columns, "NO_COLOR": "1"}
    runner = CliRunner()
    given = [a for a in args if a != "--debug"]
    mine = runner.invoke(listed, given, prog_name="thresholdcli", env=env)
    theirs = runner.invoke(cli.app, given, prog_name="thresholdcli", env=env)
    assert (mine.exit_code, mine.output) == (theirs.exit_code, theirs.output)
    assert "Commands" in mine.output and "frameworks" in mine.output


def test_shell_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cli.COMPLETE_ENV, "complete_bash")
    assert cli.only_command([]) is cli.app


@pytest.mark.parametrize(
    ("args", "commands"),
    [
        (["--version"], 0),  # answered before any command is looked at
        (["--debug", "--version"], 0),
        (["--version", "card"], 0),
        (["-h", "--version"], None),  # help lists every command
        (["--version", "--help"], None),
        (["card", "--version"], 1),
    ],
)
def test_version_builds_no_command(args: list[str], commands: int | None) -> None:
    trimmed = cli.only_command(args)
    if commands is None:
        assert names_listed(trimmed) == names_listed(cli.app)
    else:
        built = len(trimmed.registered_commands) + len(trimmed.registered_groups)
        assert built == commands
