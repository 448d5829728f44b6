"""The command line. Thin: parse, call one core function, render, map errors to exit codes.

Exit codes: 0 ok; 1 error; 2 bad usage; 3 framework problem; 4 case record problem;
5 concurrent save; 6 no terminal; 7 some files in a batch (score, audit) failed; 8 no PDF engine
(use --format html); 70 internal error;
130 interrupted.
"""

from __future__ import annotations

import copy
import inspect
import itertools
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum, StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar, get_args, get_origin

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandFunctionType, CommandInfo, TyperInfo

from thresholdcli import __version__
from thresholdcli.errors import Interrupted, ScoreFailures, ThresholdError, UsageError

# --- plain argument values, without pydantic ---------------------------------------------
# typer converts each argument value through a pydantic TypeAdapter, built on first use:
# importing pydantic and building the adapters costs more than importing typer itself. A
# plain value (text, a whole number in range, one of the choices) is converted here, to
# exactly what typer would give; anything else (a path, a bad value) still goes through
# typer's own conversion, with its messages. A typer without these internals converts
# everything itself.
_DIGITS = re.compile(r"-?[0-9]{1,18}")
_NOT_PLAIN = object()


@lru_cache(maxsize=1)
def _plain_value_class() -> type | None:
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
        from typer._param_types import coerce_cli_choice, coerce_cli_path  # noqa: F401
    except ImportError:  # pragma: no cover - a typer without runtime coercion
        return None

    @dataclass(frozen=True)
    class PlainValue(RuntimeParam):
        descriptor: Any = None

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            found = _plain(self.annotation, self.parameter_info, value, ctx, param)
            if found is not _NOT_PLAIN:
                return found
            typer_own = build_runtime_param(self.descriptor)
            return typer_own._coerce_value(value, param=param, ctx=ctx)

    return PlainValue


def _plain(kind: Any, info: Any, value: Any, ctx: Any, param: Any) -> Any:
    """The value typer would give for a plain `value`, or _NOT_PLAIN."""
    from typer._param_types import coerce_cli_choice

    if info.parser is not None:
        return _NOT_PLAIN
    if kind is str and _plain_text(value):
        return value
    if kind is bool and isinstance(value, bool):
        return value
    if kind is int and not info.clamp:
        number = value if type(value) is int else None
        if _plain_text(value) and _DIGITS.fullmatch(value):
            number = int(value)
        if number is not None and _within(number, info.min, info.max):
            return number
    if isinstance(kind, type) and issubclass(kind, Enum):
        try:
            return coerce_cli_choice(
                value, choices=list(kind), case_sensitive=info.case_sensitive, ctx=ctx
            )
        except ValueError:
            return _NOT_PLAIN
    if kind is Path:
        return _plain_path(info, value, ctx, param)
    if get_origin(kind) is list and isinstance(value, list | tuple):
        (inner,) = get_args(kind)
        items = [_plain(inner, info, item, ctx, param) for item in value]
        return _NOT_PLAIN if _NOT_PLAIN in items else items
    return _NOT_PLAIN


def _plain_path(info: Any, value: Any, ctx: Any, param: Any) -> Any:
    """typer's own path checks (exists, readable, …), given a ready Path: it builds one
    with pydantic only from text."""
    from typer._param_types import coerce_cli_path

    if info.path_type is not None or not (_plain_text(value) and value):
        return _NOT_PLAIN
    try:
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    except Exception:  # typer's own conversion gives the message
        return _NOT_PLAIN


def _plain_text(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")  # lone surrogates (undecodable argv bytes) go to typer
    except UnicodeEncodeError:
        return False
    return True


def _within(number: int, low: float | None, high: float | None) -> bool:
    return (low is None or number >= low) and (high is None or number <= high)


def _plain_values(params: Iterable[Any]) -> None:
    plain_value = _plain_value_class()
    if plain_value is None:
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is not None and getattr(param, "_runtime_param", False) is None:
            param._runtime_param = plain_value(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                descriptor=descriptor,
            )


class _Command(TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)


class _Group(TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """typer's help for a group, drawn without typer's help module when every text in
        it is plain prose (render/help.py says why and how it is the same)."""
        shown = _group_help(self, ctx)
        if shown is None:
            return super().format_help(ctx, formatter)
        from thresholdcli.render.help import print_group_help

        print_group_help(shown)
        return None


def _group_help(group: TyperGroup, ctx: Any) -> Any:
    """A `GroupHelp` with the texts typer's help would show, or None when typer must draw
    it (a deprecation, an epilog, a panel of its own, an argument, a required option, an
    environment variable shown, a range, or a text that is not plain prose)."""
    from typer.core import TyperArgument, TyperOption

    from thresholdcli.render.help import CommandRow, GroupHelp, OptionRow, plain_prose

    description = inspect.cleandoc(group.help or "")
    if group.deprecated or group.epilog or group.rich_markup_mode != "markdown":
        return None
    if description and not plain_prose(description):
        return None
    options: list[OptionRow] = []
    for param in group.get_params(ctx):
        if getattr(param, "hidden", False) or not isinstance(param, TyperArgument | TyperOption):
            continue
        if isinstance(param, TyperArgument) or _own_panel_or_extras(param, ctx):
            return None
        text = inspect.cleandoc("\n".join((param.help or "").split("\n\n")).strip())
        if text and not plain_prose(text):
            return None
        long_names, short_names = _names(param.opts)
        negative_long, negative_short = _names(param.secondary_opts)
        options.append(
            OptionRow(
                long_names,
                short_names,
                negative_long,
                negative_short,
                param.display_type_rich(ctx=ctx) or "",
                text,
                _default_shown(param, ctx),
            )
        )
    commands: list[CommandRow] = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        first = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
        text = inspect.cleandoc(first.replace("\n", " ").strip())
        if command.deprecated or getattr(command, "rich_help_panel", None):
            return None
        if not plain_prose(text):
            return None
        commands.append(CommandRow(command.name or "", text))
    return GroupHelp(group.get_usage(ctx), description, options, commands)


def _own_panel_or_extras(param: Any, ctx: Any) -> bool:
    envvar_shown = param.show_envvar and (
        param.envvar is not None
        or (param.allow_from_autoenv and ctx.auto_envvar_prefix is not None and param.name)
    )
    return bool(
        param.required
        or getattr(param, "rich_help_panel", None)
        or envvar_shown
        or param._get_number_range_help_str()
    )


def _names(opts: Iterable[str]) -> tuple[str, str]:
    return ",".join(o for o in opts if "--" in o), ",".join(o for o in opts if "--" not in o)


def _default_shown(param: Any, ctx: Any) -> str:
    default = param._extract_default_help_str(ctx=ctx)
    is_text = isinstance(param.show_default, str)
    if not (is_text or (default is not None and (param.show_default or ctx.show_default))):
        return ""
    text = param._get_default_string(ctx=ctx, show_default_is_str=is_text, default_value=default)
    return f"[default: {text}]" if text else ""


class _Typer(typer.Typer):
    def command(
        self, *args: Any, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        kwargs.setdefault("cls", _Command)
        return super().command(*args, **kwargs)


app = _Typer(
    cls=_Group,
    name="thresholdcli",
    help=(
        "Triage assistant for threshold-of-need frameworks. It supports professional "
        "judgement and never replaces it. If a child is in immediate danger, call 999."
    ),
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
frameworks_app = _Typer(
    cls=_Group, help="List, show and validate framework files.", no_args_is_help=True
)
app.add_typer(frameworks_app, name="frameworks")


class Format(StrEnum):
    table = "table"
    json = "json"


class CardFormat(StrEnum):
    table = "table"
    terminal = "terminal"  # the old name of table, still accepted
    md = "md"
    html = "html"
    pdf = "pdf"
    json = "json"


def _option_value_name(param: Any, ctx: Any) -> str | None:
    """Help names an option's value by its metavar (FILE, N, ID) or not at all, never by a
    Python type such as <path> or <bool>: the help text says what to give."""
    if getattr(param, "is_flag", False):
        return None
    if param.metavar:
        return str(param.metavar)
    described = getattr(param, "type_descriptor", None)
    choices = described.choices if described is not None and described.is_choice else None
    if choices:
        return "|".join(str(getattr(choice, "value", choice)) for choice in choices)
    return str(param.name or "value").upper().replace("_", "-")


def _no_value_name(param: Any, ctx: Any) -> str | None:
    return None  # an argument's name (CASE, FILE) already says it


# typer (pinned in pyproject.toml) prints parameter types in help; a practitioner needs words.
# tests/test_cli_conventions.py fails if a type or a range shows again.
_core: Any = typer.core
_core.TyperOption.display_type_rich = _option_value_name
_core.TyperArgument.display_type_rich = _no_value_name


def _at_least_one(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise typer.BadParameter("must be 1 or more")
    return value


def _job_count(value: str) -> str:
    if value != "auto" and not (value.isascii() and value.isdigit() and int(value) >= 1):
        raise typer.BadParameter("a count of 1 or more, or auto")
    return value


def complete_framework(incomplete: str) -> list[str]:
    """Shell completion: shipped framework ids, and id@version."""
    from thresholdcli.framework import loader

    refs: list[str] = []
    for found in loader.shipped_headers():
        refs.extend(ref for ref in (found.id, f"{found.id}@{found.version}") if ref not in refs)
    return [ref for ref in refs if ref.startswith(incomplete)]


def complete_case(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: case references in the cases folder (--cases-dir if given)."""
    from thresholdcli.records import store

    folder = store.cases_dir(ctx.params.get("cases_dir"))
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.toml") if p.stem.startswith(incomplete))


FRAMEWORK_HELP = (
    "The framework's id, e.g. hull (`thresholdcli frameworks list` shows them all). "
    "Add @ and a version for an older edition, e.g. staffordshire-2023@2023."
)
FrameworkOption = Annotated[
    str | None,
    typer.Option(
        "--framework",
        "-f",
        help=FRAMEWORK_HELP,
        metavar="ID",
        autocompletion=complete_framework,
        show_default=False,
    ),
]
FrameworkArgument = Annotated[
    str | None,
    typer.Argument(
        help="The framework, as with --framework.",
        metavar="FRAMEWORK",
        autocompletion=complete_framework,
        show_default=False,
    ),
]


def _framework_named(positional: str | None, option: str | None) -> str:
    """The one framework named, as FRAMEWORK or --framework/-f."""
    if positional and option and positional != option:
        raise UsageError(f"two frameworks named ({positional} and {option}): give one")
    named = positional or option
    if not named:
        raise UsageError("name a framework: -f ID, e.g. -f hull (see `frameworks list`)")
    return named


CasesDir = Annotated[
    Path | None,
    typer.Option(
        "--cases-dir",
        metavar="FOLDER",
        envvar="THRESHOLDCLI_CASES",
        help="Where case records live (default: the settings file's cases_dir, else ./cases).",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"thresholdcli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """thresholdcli: place a child on their partnership's threshold of need, defensibly."""


def _console() -> Any:
    from thresholdcli.render.console import make_console

    return make_console()


def _emit_json(data: dict[str, Any]) -> None:
    """Every JSON document: an object with `schema_version` first (docs/json.md); text
    from data keeps no raw control character (`safe_text.json_text`)."""
    from thresholdcli.json_doc import document
    from thresholdcli.safe_text import json_text

    typer.echo(json_text(document(data), indent=2))


def _echo_line(text: str, err: bool = False) -> None:
    """One line of text built from data (file names, messages): control characters shown."""
    from thresholdcli.safe_text import one_line

    typer.echo(one_line(text), err=err)


def _check_text(option: str, value: str | None) -> None:
    """Text that is saved or hashed must be UTF-8 (a shell can pass any bytes)."""
    from thresholdcli.safe_text import is_text

    if value is not None and not is_text(value):
        raise UsageError(f"{option}: contains bytes that are not UTF-8 text; retype it")


def _default_format(given: Format | None) -> Format:
    if given is not None:
        return given
    return Format.table if sys.stdout.isatty() else Format.json


# --- interview ---------------------------------------------------------------------


@app.command()
def interview(
    ctx: typer.Context,
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework",
            "-f",
            envvar="THRESHOLDCLI_FRAMEWORK",
            metavar="ID",
            autocompletion=complete_framework,
            show_default=False,
            help=FRAMEWORK_HELP + " Default: ask, offering the settings file's framework "
            "first; from the environment variable it is only offered first, never chosen "
            "without asking.",
        ),
    ] = None,
    case: Annotated[
        str | None,
        typer.Option(
            "--case",
            help="Re-assess this case: appends a new assessment.",
            metavar="CASE",
            autocompletion=complete_case,
        ),
    ] = None,
    resume: Annotated[
        str | None,
        typer.Option(
            "--resume",
            help="Continue the draft of this case reference.",
            metavar="CASE",
            autocompletion=complete_case,
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Take the answers from this TOML file, or - to read them from standard "
            "input: no questions are asked (see docs/case-file.md).",
            metavar="FILE",
        ),
    ] = None,
    transcript: Annotated[
        Path | None,
        typer.Option(
            "--transcript", metavar="FILE", help="Also write a plain-text transcript to this file."
        ),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            envvar="THRESHOLDCLI_ROLE",
            help='Your role, recorded as who assessed (e.g. "school DSL"; not a name). '
            "Default: the settings file's role.",
        ),
    ] = None,
    format: Annotated[
        Format,
        typer.Option(
            "--format",
            help="table (the interview on screen) or json (the saved assessment on standard "
            "output; the screen goes to standard error).",
        ),
    ] = Format.table,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            envvar="THRESHOLDCLI_PLAIN",
            help="Numbered line prompts, each answered by a typed line (e.g. 3,7,12 ticks "
            "items 3, 7 and 12; s WORDS searches): no full-screen lists, boxes or colour, "
            "for screen readers and slow links. On whenever TERM=dumb.",
        ),
    ] = False,
    cases_dir: CasesDir = None,
) -> None:
    """Run a triage interview: immediate danger first, then each domain ("Nothing here"
    first; Ctrl-F searches every indicator; you can finish the walk early), then whom to
    call, the suggestion with its reasons, your decision and the consent checklist. Saves a
    TOML case record (cases/CASE_REF.toml, mode 0600). Ctrl-C keeps a draft.

    Example: `thresholdcli interview -f hull --role "school DSL"`
    """
    from thresholdcli.interview.session import InterviewRequest, run_interview
    from thresholdcli.records import settings

    if case and resume and case != resume:
        raise UsageError("--case and --resume name different cases; give one")
    _check_text("--role", role)
    chosen = settings.effective("framework", framework, _source(ctx, "framework"))
    if chosen.value is not None and chosen.source != settings.FLAG:
        from thresholdcli.framework import loader

        chosen = settings.Setting(chosen.key, loader.canonical_ref(chosen.value), chosen.source)
    who = settings.effective("role", role, _source(ctx, "role"))
    folder = settings.effective(
        "cases_dir", str(cases_dir) if cases_dir else None, _source(ctx, "cases_dir")
    )
    outcome = run_interview(
        InterviewRequest(
            framework=chosen.value if chosen.source == settings.FLAG else None,
            case_ref=case,
            resume=resume,
            answers=answers,
            cases_dir=Path(folder.value).expanduser() if folder.value else None,
            transcript=transcript,
            role=who.value,
            plain=plain,
            remembered=tuple(s for s in (chosen, who, folder) if s.remembered),
        ),
        stdout=sys.stderr if format is Format.json else None,
    )
    if format is Format.json:
        from thresholdcli.interview.output import outcome_json

        _emit_json(outcome_json(outcome))


def _source(ctx: typer.Context, name: str) -> str:
    """Whether typer took a parameter from the command line or its environment variable."""
    from thresholdcli.records import settings

    found = ctx.get_parameter_source(name)
    from_env = found is not None and found.name == "ENVIRONMENT"
    return settings.ENVIRONMENT if from_env else settings.FLAG


@app.command()
def drafts(
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
    cases_dir: CasesDir = None,
) -> None:
    """List interview drafts that can be resumed with `interview --resume CASE_REF`.

    Example: `thresholdcli drafts`
    """
    from thresholdcli.records import store

    found = store.list_drafts(store.cases_dir(cases_dir))
    if format is Format.json:
        _emit_json({"drafts": [{"case_ref": p.stem, "path": str(p)} for p in found]})
        return
    if not found:
        typer.echo("No drafts.")
    for path in found:
        _echo_line(path.stem)


# --- settings ------------------------------------------------------------------------

config_app = _Typer(
    cls=_Group,
    help="Your remembered settings: default framework, role and cases folder. A flag "
    "overrides an environment variable, which overrides the settings file.\n\n"
    'Example: `thresholdcli config set role "school DSL"`',
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")


@config_app.command("show")
def config_show(
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """Each setting in force and where it comes from (flag, environment variable, settings
    file or built-in default).

    Example: `thresholdcli config show`
    """
    from thresholdcli.records import settings

    path = settings.settings_path()
    found = [settings.effective(key) for key in settings.KEYS]
    if format is Format.json:
        _emit_json(
            {
                "path": str(path),
                "settings": {
                    s.key: {"value": s.value, "source": s.source, "env": settings.KEYS[s.key].env}
                    for s in found
                },
            }
        )
        return
    state = "" if path.exists() else " (not created yet)"
    typer.echo(f"Settings file: {path}{state}")
    for s in found:
        shown = s.value if s.value is not None else _BUILT_IN[s.key]
        typer.echo(f"  {s.key:<10} {shown}   (from {s.origin})")
    names = ", ".join(f"${key.env}" for key in settings.KEYS.values())
    typer.echo(f"{names} override the file; flags override both.")


_BUILT_IN = {
    "framework": "(asked; staffordshire-2023 offered first)",
    "role": "(not recorded)",
    "cases_dir": "./cases",
}


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="framework, role or cases_dir.", metavar="KEY")],
    value: Annotated[str, typer.Argument(help="The value to remember.", metavar="VALUE")],
) -> None:
    """Remember a setting in your settings file. A framework is checked against those
    shipped; a cases folder is kept as an absolute path.

    Example: `thresholdcli config set role "school DSL"`
    """
    from thresholdcli.records import settings

    name = _setting_key(key)
    if name == "framework":
        from thresholdcli.framework import loader

        value = loader.canonical_ref(value)
    elif name == "cases_dir":
        value = str(Path(value).expanduser().resolve())
    try:
        path = settings.save_setting(name, value)
    except ValueError as exc:
        raise settings.SettingsError(f"{name}: {exc}") from None
    typer.echo(f"{name} = {settings.read_settings(path)[name]} (saved in {path})")
    env = settings.KEYS[name].env
    if settings.effective(name).source == settings.ENVIRONMENT:
        typer.echo(f"Note: ${env} is set and overrides this while it is.", err=True)


@config_app.command("unset")
def config_unset(
    key: Annotated[str, typer.Argument(help="framework, role or cases_dir.", metavar="KEY")],
) -> None:
    """Forget a setting: the built-in default applies again.

    Example: `thresholdcli config unset framework`
    """
    from thresholdcli.records import settings

    name = _setting_key(key)
    path = settings.save_setting(name, None)
    typer.echo(f"{name} removed from {path}")


@config_app.command("path")
def config_path() -> None:
    """Print where the settings file is (or would be). $THRESHOLDCLI_CONFIG_DIR moves it.

    Example: `thresholdcli config path`
    """
    from thresholdcli.records import settings

    typer.echo(str(settings.settings_path()))


def _setting_key(given: str) -> str:
    from thresholdcli.records import settings
    from thresholdcli.suggest import did_you_mean

    name = given.strip().lower().replace("-", "_")
    if name not in settings.KEYS:
        raise UsageError(
            f"unknown setting {given!r}{did_you_mean(name, settings.KEYS)} "
            f"(settings: {', '.join(settings.KEYS)})"
        )
    return name


# --- case records over time ----------------------------------------------------------

CASE_HELP = (
    "A case reference (looked up in the cases folder) or a path to a case record ending .toml."
)
CaseArgument = Annotated[
    str, typer.Argument(help=CASE_HELP, metavar="CASE", autocompletion=complete_case)
]
FormatOption = Annotated[Format, typer.Option("--format", help="table or json.")]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="UK local date or time to judge which follow-ups are overdue, e.g. "
        '"2026-11-30 09:00" (a date alone means its start; default: now).',
    ),
]


def _now() -> datetime:
    from thresholdcli.clock import clock_from_env

    return clock_from_env()()


@app.command()
def history(
    case: CaseArgument,
    format: FormatOption = Format.table,
    as_of: AsOfOption = None,
    cases_dir: CasesDir = None,
) -> None:
    """A case's trajectory: date, framework version, suggested and decided level,
    step up or down, and who decided. Says when a framework has changed since, and
    counts the follow-ups not yet done and those overdue.

    Example: `thresholdcli history C-200`
    """
    from thresholdcli.casework.review import case_history
    from thresholdcli.casework.todos import UK

    moment = _now() if as_of is None else _parse_at(as_of, UK, "--as-of")
    found = case_history(case, cases_dir, moment)
    if format is Format.json:
        _emit_json(found.to_json())
        return
    from thresholdcli.render.history import history_view

    history_view(_console(), found)


@app.command()
def diff(
    cases: Annotated[
        list[str],
        typer.Argument(
            help="One CASE (compare two of its assessments), or two cases or .toml files "
            "(compare their latest assessments).",
            metavar="CASE [OTHER]",
        ),
    ],
    first: Annotated[
        int | None,
        typer.Option(
            "--from",
            callback=_at_least_one,
            metavar="N",
            help="Assessment number to compare from (default: the one before --to).",
        ),
    ] = None,
    second: Annotated[
        int | None,
        typer.Option(
            "--to",
            callback=_at_least_one,
            metavar="N",
            help="Assessment number to compare to (default: the latest).",
        ),
    ] = None,
    format: FormatOption = Format.table,
    cases_dir: CasesDir = None,
) -> None:
    """What changed between two assessments: level, indicators added and removed per
    domain, notes, consent answers and decision.

    Example: `thresholdcli diff C-200 --from 1 --to 2`
    """
    from thresholdcli.casework.review import case_diff

    found = case_diff(cases, first, second, cases_dir)
    if format is Format.json:
        _emit_json(found.to_json())
        return
    from thresholdcli.render.diff import diff_view

    diff_view(_console(), found)


@app.command()
def rescore(
    case: CaseArgument,
    assessment: Annotated[
        int | None,
        typer.Option(
            "--assessment",
            callback=_at_least_one,
            metavar="N",
            help="Assessment number (default: the latest).",
        ),
    ] = None,
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework",
            "-f",
            help="Rescore with this framework (default: the newest "
            "shipped version of the one recorded).",
        ),
    ] = None,
    format: FormatOption = Format.table,
    cases_dir: CasesDir = None,
) -> None:
    """What the framework shipped now would suggest for a recorded assessment, and which
    of its ticked indicators no longer exist. The record is not changed.

    Example: `thresholdcli rescore C-200`
    """
    from thresholdcli.casework.review import case_rescore

    found = case_rescore(case, cases_dir, assessment, framework)
    if format is Format.json:
        _emit_json(found.to_json())
        return
    from thresholdcli.render.history import rescore_view

    rescore_view(_console(), found)


# --- referral summary ----------------------------------------------------------------


class ReferralFormat(StrEnum):
    md = "md"
    txt = "txt"
    html = "html"
    json = "json"


@app.command()
def referral(
    case: CaseArgument,
    assessment: Annotated[
        int | None,
        typer.Option(
            "--assessment",
            callback=_at_least_one,
            metavar="N",
            help="Assessment number (default: the latest).",
        ),
    ] = None,
    format: Annotated[
        ReferralFormat | None,
        typer.Option(
            "--format",
            help="txt (plain text), md (Markdown), html or json (default: from the file "
            "name given to -o, else txt).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (private: mode 0600); - for the screen."
        ),
    ] = None,
    cases_dir: CasesDir = None,
) -> None:
    """A referral summary of one assessment, to read out on the phone or paste into the
    authority's form: case reference (never a name), age, framework, the level suggested
    and decided, the concerns in the framework's words, your notes, strengths, consent
    item by item with each rule quoted, whom to call (then and now) and the follow-ups
    with their due dates. Only what the record holds.

    Example: `thresholdcli referral C-1 -o C-1-referral.md`
    """
    from thresholdcli.casework.review import case_referral
    from thresholdcli.render import referral_output as out

    found = case_referral(case, _now(), cases_dir, assessment)
    fmt = out.format_for(format.value if format else None, output)
    written = out.emit_referral(found, fmt, output, _text_width())
    if written is not None:
        typer.echo(f"Wrote the referral summary of {found.case_ref} to {written} (0600).", err=True)


def _text_width() -> int:
    import os
    import shutil

    given = os.environ.get("THRESHOLDCLI_WIDTH", "")
    if given.isdigit():
        return int(given)
    if sys.stdout.isatty():
        return min(shutil.get_terminal_size().columns, 100)
    return 80


# --- follow-ups ----------------------------------------------------------------------

followups_app = typer.Typer(invoke_without_command=True)
app.add_typer(followups_app, name="followups")


@followups_app.callback()
def followups(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    show_notes: Annotated[
        bool,
        typer.Option(
            "--show-notes", help="Also show the reason typed with each to-do (free text)."
        ),
    ] = False,
    cases_dir: CasesDir = None,
) -> None:
    """List every follow-up not yet done, across all cases, most urgent first: the case,
    what to do (the framework's own question), when it is due and how overdue, in hours
    and in working days (Monday to Friday, not England's bank holidays). Free text from
    the records is left out unless you ask for it with --show-notes.

    Example: `thresholdcli followups --as-of "2026-11-30 09:00"`
    """
    if ctx.invoked_subcommand is not None:
        return
    from thresholdcli.advice.contacts import UK
    from thresholdcli.batch.followups import list_followups
    from thresholdcli.records import store

    moment = _now() if as_of is None else _parse_at(as_of, UK, "--as-of")
    found = list_followups(store.cases_dir(cases_dir), moment)
    if format is Format.json:
        _emit_json(found.to_json(show_notes))
    else:
        from thresholdcli.render.followups import followups_view

        followups_view(_console(), found, show_notes)
    if found.unreadable:
        raise ScoreFailures(f"{len(found.unreadable)} file(s) could not be read")


@followups_app.command("done")
def followups_done(
    case: Annotated[str, typer.Argument(help="The case reference.", metavar="CASE")],
    item: Annotated[
        str,
        typer.Argument(help="The follow-up's id, as `followups` lists it.", metavar="ID"),
    ],
    note: Annotated[str, typer.Option("--note", help="What was done (kept in the record).")] = "",
    at: Annotated[
        str | None,
        typer.Option("--at", help="When it was done, UK local time (default: now)."),
    ] = None,
    assessment: Annotated[
        int | None,
        typer.Option(
            "--assessment",
            callback=_at_least_one,
            help="Which assessment's to-do, when the same one is open in more than one.",
        ),
    ] = None,
    cases_dir: CasesDir = None,
) -> None:
    """Record that a follow-up was done. It is appended to the case record: nothing
    already in the record is changed.

    Example: `thresholdcli followups done C-1 written-follow-up --note "emailed EHASH"`
    """
    from thresholdcli.advice.contacts import UK
    from thresholdcli.casework.review import DoneRequest, mark_followup_done

    now = _now()
    done_at = now if at is None else _parse_at(at, UK, "--at")
    request = DoneRequest(case, item, done_at, now, note, assessment)
    record, entry = mark_followup_done(request, cases_dir)
    from thresholdcli.render.followups import marked_done_view

    marked_done_view(_console(), record.case_ref, entry)


# --- frameworks ----------------------------------------------------------------------


@frameworks_app.command("list")
def frameworks_list(
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """List the shipped frameworks: id@version, authority and size.

    Example: `thresholdcli frameworks list`
    """
    from thresholdcli.framework import loader

    shipped = loader.shipped_headers()
    if format is Format.json:
        _emit_json({"frameworks": [found.summary for found in shipped]})
        return
    from thresholdcli.render.tables import frameworks_table

    frameworks_table(
        _console(), [(found.summary, found.id == loader.DEFAULT_FRAMEWORK) for found in shipped]
    )


@frameworks_app.command("show")
def frameworks_show(
    framework_arg: FrameworkArgument = None,
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
    framework: FrameworkOption = None,
) -> None:
    """Show a framework's levels, domains and indicators.

    Example: `thresholdcli frameworks show -f hull`
    """
    from thresholdcli.framework import loader
    from thresholdcli.framework.describe import describe

    fw, _ = loader.resolve_view(_framework_named(framework_arg, framework))
    if format is Format.json:
        _emit_json(describe(fw))
        return
    from thresholdcli.render.tables import framework_detail

    framework_detail(_console(), fw)


@frameworks_app.command("validate")
def frameworks_validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Framework files, TOML (default: every shipped one).",
            metavar="[FILE]...",
            show_default=False,
        ),
    ] = None,
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """Check framework files against the schema; print each problem as file:line: message.

    Example: `thresholdcli frameworks validate my-partnership.toml`
    """
    from thresholdcli.framework import loader
    from thresholdcli.json_doc import framework_json

    paths = files or loader.framework_files()
    failed = False
    checked: list[dict[str, Any]] = []
    valid: list[tuple[Path, str]] = []
    for path in paths:
        framework, problems = loader.check_framework_file(path)
        failed = failed or bool(problems)
        if framework is not None:
            valid.append((path, framework.ref))
        if format is Format.json:
            checked.append(
                {
                    "path": str(path),
                    "ok": not problems,
                    "framework": (
                        framework_json(framework.id, framework.version) if framework else None
                    ),
                    "indicators": len(framework.indicators) if framework else None,
                    "problems": [str(problem) for problem in problems],
                }
            )
            continue
        for problem in problems:
            _echo_line(str(problem), err=True)
        if framework is not None:
            _echo_line(f"{path}: ok ({framework.ref}, {len(framework.indicators)} indicators)")
    duplicates = loader.duplicate_problems(valid)  # one id@version in two files
    failed = failed or bool(duplicates)
    if format is Format.json:
        _emit_json({"files": checked, "duplicates": [str(p) for p in duplicates]})
    else:
        for problem in duplicates:
            _echo_line(str(problem), err=True)
    if failed:
        raise typer.Exit(3)


@frameworks_app.command("verify")
def frameworks_verify(
    file: Annotated[Path, typer.Argument(help="The framework file (TOML).")],
    source: Annotated[
        Path,
        typer.Option(
            "--source",
            help="The framework's source text file, the one its `source` key names.",
            show_default=False,
        ),
    ],
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """Check every cited quote is word for word in the source text; list thresholdcli's readings.

    White space and typographic quotes are normalised, nothing else. Each quote that is not
    word for word, or not cited, is listed as file:line: location: message, and the exit
    code is 3. Example:

        thresholdcli frameworks verify frameworks/hull.toml --source seeds/003_da15d588141e97a5.txt
    """
    from thresholdcli.framework.verify import verify_file

    report = verify_file(file, source)
    if format is Format.json:
        _emit_json(report.as_json())
    else:
        for line in report.lines():
            typer.echo(line)
    if not report.ok:
        raise typer.Exit(3)


# --- scoring -------------------------------------------------------------------------


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class AuditFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


T = TypeVar("T")
PROGRESS_FROM = 200  # files: above this, a terminal gets a progress bar on stderr
BatchPaths = Annotated[
    list[Path],
    typer.Argument(
        help="Files, folders (every *.toml inside, hidden ones skipped) or - to read "
        "paths from stdin, one a line.",
        metavar="PATH",
        show_default=False,
    ),
]


def _batch_paths(given: list[Path]) -> tuple[Iterable[Path], int | None]:
    """The expanded paths, counted only when a progress bar could be shown."""
    from thresholdcli.batch.score import expand_paths

    paths = expand_paths(given, sys.stdin)
    if not sys.stderr.isatty():
        return paths, None
    listed = list(paths)
    return listed, len(listed)


def _with_progress(items: Iterable[T], total: int | None, label: str) -> Iterable[T]:
    if total is None or total <= PROGRESS_FROM:
        return items
    from thresholdcli.render.batch import with_progress

    return with_progress(items, total, label)


@app.command()
def score(
    files: BatchPaths,
    format: Annotated[
        ScoreFormat | None,
        typer.Option(
            "--format", help="table, json or csv (default: table on a terminal, else json)."
        ),
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print every reason.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first failure.")] = False,
    jobs: Annotated[
        str,
        typer.Option(
            "--jobs",
            "-j",
            callback=_job_count,
            metavar="N|auto",
            help="Score in this many processes (json, csv), at most one per CPU; auto: one "
            "per CPU there is.",
        ),
    ] = "1",
) -> None:
    """Score case records and case files, each against the framework version pinned in it,
    and print each suggestion with its reasons. A file that cannot be scored is reported
    with its reason and the batch carries on (exit 7 at the end); --strict stops at once.
    The JSON array is written one object a line, as the files are scored.

    Example: `thresholdcli score cases/ --explain`
    """
    from contextlib import closing

    from thresholdcli.batch import output as batch_output
    from thresholdcli.batch import score as batch

    workers = batch.job_count(jobs)
    chosen = format or (ScoreFormat.table if sys.stdout.isatty() else ScoreFormat.json)
    paths, total = _batch_paths(files)
    tally = batch.Tally()
    if chosen is ScoreFormat.table:  # a table is drawn once it is complete: one process
        from thresholdcli.render.tables import score_table

        scores = list(
            _with_progress(tally.count(batch.score_each(paths, strict)), total, "Scoring")
        )
        score_table(_console(), scores, explain)
    elif chosen is ScoreFormat.json:
        texts = tally.count(batch.score_texts(paths, jobs=workers, strict=strict))
        with closing(texts):
            shown = _with_progress(texts, total, "Scoring")
            batch_output.write_json_lines((row.text for row in shown), sys.stdout)
    else:
        rows = tally.count(batch.score_rows(paths, jobs=workers, strict=strict))
        with closing(rows):
            batch_output.write_csv(_with_progress(rows, total, "Scoring"), sys.stdout)
    if tally.total == 0:
        raise UsageError("no case files found: give files, folders of *.toml files, or -")
    if tally.failed:
        stopped = " (stopped at the first: --strict)" if strict else ""
        raise ScoreFailures(f"{tally.failed} of {tally.total} file(s) could not be scored{stopped}")


@app.command()
def audit(
    files: BatchPaths,
    format: Annotated[
        AuditFormat | None,
        typer.Option(
            "--format",
            help="table (on screen), json or md (default: table on a terminal, else json).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Audit date, YYYY-MM-DD (default: today, UK time); follow-ups due before "
            "it count as overdue (default: due before now).",
        ),
    ] = None,
    redact: Annotated[
        bool,
        typer.Option("--redact", help="Replace case references with salted pseudonyms."),
    ] = False,
    salt: Annotated[
        str | None,
        typer.Option(
            "--salt",
            envvar="THRESHOLDCLI_SALT",
            help="Secret for --redact (8+ characters); the same salt gives the same "
            "pseudonyms. Keep it secret: with it, references can be matched again.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Audit how consistently thresholds are applied, from saved case records: level
    distribution per framework, agreement of decisions with suggestions (confusion matrix),
    decisions below the suggestion without a reason, step-ups and step-downs, out-of-date
    frameworks, cases open at the same level over 12 months or with 3+ reviews, consent
    not done without a required reason, and follow-ups overdue (as of --as-of, else now).
    Only case references identify a case.

    Example: `thresholdcli audit cases/ --format md > audit.md`
    """
    from thresholdcli.batch.audit_files import audit_files

    _check_text("--salt", salt)
    if redact and not salt:
        raise UsageError("--redact needs --salt SECRET (or THRESHOLDCLI_SALT)")
    if salt and not redact:
        raise UsageError("--salt is only used with --redact")
    chosen = format or (AuditFormat.table if sys.stdout.isatty() else AuditFormat.json)
    paths, total = _batch_paths(files)
    report = audit_files(
        _with_progress(paths, total, "Reading"),
        _audit_date(as_of),
        salt if redact else None,
        followups_at=_now() if as_of is None else None,
    )
    if chosen is AuditFormat.json:
        from thresholdcli.batch.audit import report_json

        _emit_json(report_json(report))
    elif chosen is AuditFormat.md:
        from thresholdcli.render.audit import audit_markdown

        sys.stdout.write(audit_markdown(report))
    else:
        from thresholdcli.render.audit import audit_view

        audit_view(_console(), report)
    if report.unreadable_count:
        hint = " (names withheld: --redact)" if redact else ""
        raise ScoreFailures(f"{report.unreadable_count} file(s) could not be read{hint}")


def _audit_date(given: str | None) -> date:
    if given is None:
        from thresholdcli.advice.contacts import UK
        from thresholdcli.clock import clock_from_env

        return clock_from_env()().astimezone(UK).date()
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise UsageError(f"--as-of {given!r} is not a date like 2026-11-23") from None


# --- map between frameworks ----------------------------------------------------------


@app.command("map")
def map_level(
    source: Annotated[
        str,
        typer.Option(
            "--from", metavar="ID", help="Framework the level comes from: " + FRAMEWORK_HELP
        ),
    ],
    level: Annotated[
        int, typer.Option("--level", metavar="N", help="The level (rank) in that framework.")
    ],
    target: Annotated[
        str, typer.Option("--to", metavar="ID", help="Framework to map onto, named as --from.")
    ],
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """Which level(s) of another authority's framework correspond to a level, how sure
    that is and why: through each level's place on the national scale (universal, early
    help, targeted early help, statutory). For children who move between authorities.

    Example: `thresholdcli map --from stoke-on-trent --level 4 --to staffordshire-2023`
    """
    from thresholdcli.advice.mapping import map_level as map_core
    from thresholdcli.framework import loader

    mapping = map_core(loader.resolve_view(source)[0], level, loader.resolve_view(target)[0])
    if format is Format.json:
        _emit_json(mapping.to_json())
        return
    from thresholdcli.render.mapping import mapping_view

    mapping_view(_console(), mapping)


# --- contacts ------------------------------------------------------------------------


@app.command()
def contacts(
    framework_arg: FrameworkArgument = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", metavar="TIME", help='UK local time, e.g. "2026-12-25 10:00" (default: now).'
        ),
    ] = None,
    danger: Annotated[
        bool, typer.Option("--immediate-danger", help="The child is in immediate danger.")
    ] = False,
    level: Annotated[
        int | None,
        typer.Option(
            "--level", metavar="N", help="Only the routes the framework prints for this level."
        ),
    ] = None,
    harm: Annotated[
        bool,
        typer.Option(
            "--significant-harm",
            help="Significant harm is suspected: add the routes printed for it to call now.",
        ),
    ] = False,
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
    framework: FrameworkOption = None,
) -> None:
    """Whom to call now (or at a given time) for a level, in the order to try, and why,
    with the framework's own words for each route; whom to talk to for advice and when
    they next open; what to call if significant harm is suspected.

    Only routes the framework prints for the level and circumstance are "call now";
    emergency and out-of-hours teams only for significant harm or immediate danger, as
    printed. Bank holidays in England count as closed; 999 comes first with
    --immediate-danger. A time with a UTC offset (e.g. "2026-03-29T07:45Z") is converted
    to UK time.

    Example: `thresholdcli contacts -f telford-wrekin --level 2 --at "2026-12-05 02:00"`
    """
    from thresholdcli.advice.contacts import UK, plan_calls, plan_json
    from thresholdcli.framework import loader

    fw, _ = loader.resolve_view(_framework_named(framework_arg, framework))
    moment = _parse_at(at, UK)
    plan = plan_calls(fw, moment, immediate_danger=danger, level=level, significant_harm=harm)
    if format is Format.json:
        from thresholdcli.json_doc import framework_json

        _emit_json({"framework": framework_json(fw.id, fw.version), **plan_json(plan)})
        return
    from thresholdcli.render.tables import contacts_view

    contacts_view(_console(), fw, plan)


def _parse_at(at: str | None, zone: Any, option: str = "--at") -> datetime:
    if at is None:
        from thresholdcli.clock import clock_from_env

        return clock_from_env()()
    from thresholdcli.advice.local_time import uk_moment
    from thresholdcli.clock import in_workable_range

    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        raise UsageError(
            f'{option} {at!r} is not a date and time like "2026-12-25 10:00"'
        ) from None
    out_of_range = f"{option} {at!r} is out of the range of dates thresholdcli works with"
    if moment.tzinfo is not None:
        if not in_workable_range(moment):
            raise UsageError(out_of_range)
        return moment.astimezone(UTC)
    if not in_workable_range(moment.replace(tzinfo=UTC)):
        raise UsageError(out_of_range)
    local = uk_moment(moment, zone)
    if local.assumed:
        _echo_line(local.assumed, err=True)
    return local.moment


# --- reference cards ---------------------------------------------------------------


@app.command()
def card(
    framework_arg: FrameworkArgument = None,
    level: Annotated[
        int | None,
        typer.Option("--level", "-l", metavar="N", help="The level (rank) to show, e.g. 3."),
    ] = None,
    all_levels: Annotated[
        bool, typer.Option("--all", help="One card for every level of the framework.")
    ] = False,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief", help="Only the few most telling indicators per domain (chosen in the data)."
        ),
    ] = False,
    format: Annotated[
        CardFormat,
        typer.Option(
            "--format",
            help="table (on screen; 'terminal' is its old name), md, html (print-ready), "
            "pdf or json.",
        ),
    ] = CardFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file; - means standard output.", metavar="FILE"
        ),
    ] = None,
    framework: FrameworkOption = None,
) -> None:
    """Reference card for a level, to read or to print: indicators by domain, what to do,
    consent checklist, contacts with hours (999 first), source and date printed.
    HTML and PDF fit A4 portrait (at most two pages for one level).

    Example: `thresholdcli card -f hull --level 3 --format pdf -o hull-3.pdf`
    """
    from thresholdcli.advice.cards import build_cards
    from thresholdcli.clock import clock_from_env, uk_zone
    from thresholdcli.framework import loader
    from thresholdcli.render.card_output import emit_cards

    if level is not None and all_levels:
        raise UsageError("give --level N or --all, not both")
    if level is None and not all_levels:
        raise UsageError("give --level N (e.g. --level 3) or --all")
    fw, _ = loader.resolve_view(_framework_named(framework_arg, framework))
    ranks = list(range(1, fw.top_rank + 1)) if level is None else [level]
    printed = clock_from_env()().astimezone(uk_zone()).date()
    if format is CardFormat.pdf:
        typer.echo("thresholdcli: making the PDF (this takes a few seconds)...", err=True)
    shown = "terminal" if format is CardFormat.table else format.value
    emit_cards(build_cards(fw, ranks, brief=brief, printed=printed), shown, output)


# --- entry point ---------------------------------------------------------------------


INTERRUPTED_BY_TYPER = 130


def _fail(message: str, code: int) -> NoReturn:
    _echo_line(f"thresholdcli: error: {message}", err=True)
    sys.exit(code)


def only_command(args: list[str]) -> typer.Typer:
    """The app with just the command `args` names, so typer builds no other command's
    options (a good share of start-up); no command for `--version` before any command (it
    answers before a command is looked at). The whole app when no command is named, as for
    `--help`, or the name is not one (typer then suggests one)."""
    before = list(itertools.takewhile(lambda arg: arg.startswith("-"), args))
    named = args[len(before)] if len(before) < len(args) else None
    commands = [c for c in app.registered_commands if _command_name(c) == named]
    groups = [g for g in app.registered_groups if g.name == named]
    version_only = "--version" in before and not {"--help", "-h"} & set(before)
    if named is None and not version_only and COMPLETE_ENV not in os.environ:
        return listing(app)
    if len(commands) + len(groups) != 1 and not version_only:
        return app
    if version_only:
        commands, groups = [], []
    trimmed = copy.copy(app)
    trimmed.registered_commands = commands
    trimmed.registered_groups = groups
    return trimmed


# Set by the shell when it asks for completions (the command line is then in other
# variables, not in the arguments): the whole app answers.
COMPLETE_ENV = "_THRESHOLDCLI_COMPLETE"


def listing(group: typer.Typer, root: bool = True) -> typer.Typer:
    """`group` as its help lists it, when no command is named (`--help`, no arguments):
    every command and sub-group with its own name and help, but with a stand-in callback
    that takes no parameters, so typer builds no option the listing never shows. The root's
    own options (--version, --debug, --help) are kept whole. tests/test_cli_conventions.py
    checks that the help is exactly the whole app's."""
    listed = copy.copy(group)
    listed.registered_commands = [_listed(info) for info in group.registered_commands]
    listed.registered_groups = [_listed(info) for info in group.registered_groups]
    for listed_group, info in zip(listed.registered_groups, group.registered_groups, strict=True):
        if info.typer_instance is not None:
            listed_group.typer_instance = listing(info.typer_instance, root=False)
    if not root:
        listed.registered_callback = (
            _listed(group.registered_callback) if group.registered_callback else None
        )
        listed.info = _listed(group.info)
    return listed


Info = TypeVar("Info", CommandInfo, TyperInfo)


def _listed(info: Info) -> Info:
    """A copy of `info` whose callback (if it has one) is a stand-in without parameters."""
    found = copy.copy(info)
    if callable(info.callback):
        found.callback = _stand_in(info.callback)
    return found


def _stand_in(callback: Callable[..., Any]) -> Callable[[], None]:
    def stand_in() -> None:
        raise AssertionError("a listing is only for help")  # pragma: no cover

    stand_in.__name__ = callback.__name__
    stand_in.__qualname__ = callback.__qualname__
    stand_in.__doc__ = callback.__doc__
    return stand_in


def _command_name(info: CommandInfo) -> str | None:
    if info.name:
        return info.name
    return info.callback.__name__.lower().replace("_", "-") if info.callback else None


def _without_debug(argv: list[str]) -> tuple[list[str], bool]:
    """`--debug` is accepted anywhere before `--`, also after the subcommand."""
    end = argv.index("--") if "--" in argv else len(argv)
    kept = [a for a in argv[:end] if a != "--debug"] + argv[end:]
    return kept, len(kept) != len(argv)


def _typer_exception(exc: BaseException) -> str | None:
    """ "help", "usage" or "abort" for typer's own exceptions (typer keeps its own copy of
    click's classes, so they are found by name in the class hierarchy)."""
    for cls in type(exc).__mro__:
        if cls.__module__.partition(".")[0] in ("typer", "click"):
            kind = {"NoArgsIsHelpError": "help", "UsageError": "usage", "Abort": "abort"}
            if cls.__name__ in kind:
                return kind[cls.__name__]
    return None


def main() -> None:
    args, debug = _without_debug(sys.argv[1:])
    try:
        code = only_command(args)(args=args, prog_name="thresholdcli", standalone_mode=False)
    except Interrupted as exc:  # its message says what became of the answers
        _fail(str(exc), Interrupted.exit_code)
    except ThresholdError as exc:
        if debug:
            traceback.print_exc()
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:  # e.g. `thresholdcli score … | head`: the reader has gone
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:
        kind = _typer_exception(exc)
        if kind == "help":  # no arguments: the help, as before
            typer.echo(str(exc), err=True)
            sys.exit(UsageError.exit_code)
        if kind == "usage":  # one line, not a box (issue 19)
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else "thresholdcli"
            message = exc.format_message()  # type: ignore[attr-defined]
            _fail(f"{message} (see: {where} --help)", UsageError.exit_code)
        if kind == "abort":
            _fail("aborted", 1)
        if debug:
            raise
        _fail(f"internal error ({type(exc).__name__}); rerun with --debug for details", 70)
    if code == INTERRUPTED_BY_TYPER:  # typer turns Ctrl-C into a silent exit code
        _fail("interrupted (Ctrl-C)", 130)
    sys.exit(code if isinstance(code, int) else 0)
