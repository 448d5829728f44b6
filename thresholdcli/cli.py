"""The command line. Thin: parse, call one core function, render, map errors to exit codes.

Exit codes: 0 ok; 1 error; 2 bad usage; 3 framework problem; 4 case record problem;
5 concurrent save; 6 no terminal; 7 some files in a batch failed; 70 internal error;
130 interrupted.
"""

from __future__ import annotations

import json
import sys
import traceback
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from thresholdcli import __version__
from thresholdcli.errors import Interrupted, ScoreFailures, ThresholdError, UsageError

app = typer.Typer(
    name="thresholdcli",
    help=(
        "Triage assistant for threshold-of-need frameworks. It supports professional "
        "judgement and never replaces it. If a child is in immediate danger, call 999."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
frameworks_app = typer.Typer(help="List, show and validate framework files.", no_args_is_help=True)
app.add_typer(frameworks_app, name="frameworks")


class Format(StrEnum):
    table = "table"
    json = "json"


CasesDir = Annotated[
    Path | None,
    typer.Option(
        "--cases-dir",
        help="Where case records live (default: $THRESHOLDCLI_CASES, else ./cases).",
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


def _emit_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _default_format(given: Format | None) -> Format:
    if given is not None:
        return given
    return Format.table if sys.stdout.isatty() else Format.json


# --- interview ---------------------------------------------------------------------


@app.command()
def interview(
    framework: Annotated[
        str | None,
        typer.Option("--framework", "-f", help="Framework id or id@version (default: ask)."),
    ] = None,
    case: Annotated[
        str | None,
        typer.Option("--case", help="Re-assess this case: appends a new assessment."),
    ] = None,
    resume: Annotated[
        str | None, typer.Option("--resume", help="Continue the draft of this case reference.")
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="Take answers from this TOML file (no terminal needed)."),
    ] = None,
    transcript: Annotated[
        Path | None,
        typer.Option("--transcript", help="Also write a plain-text transcript to this file."),
    ] = None,
    cases_dir: CasesDir = None,
) -> None:
    """Run a triage interview: immediate danger first, then each domain, then the
    suggestion with its reasons, your decision, consent and whom to call. Saves a TOML
    case record (cases/<case-ref>.toml, mode 0600). Ctrl-C keeps a draft."""
    from thresholdcli.interview.session import InterviewRequest, run_interview

    if case and resume and case != resume:
        raise UsageError("--case and --resume name different cases; give one")
    run_interview(
        InterviewRequest(
            framework=framework,
            case_ref=case,
            resume=resume,
            answers=answers,
            cases_dir=cases_dir,
            transcript=transcript,
        )
    )


@app.command()
def drafts(cases_dir: CasesDir = None) -> None:
    """List interview drafts that can be resumed with `interview --resume CASE_REF`."""
    from thresholdcli.records import store

    found = store.list_drafts(store.cases_dir(cases_dir))
    if not found:
        typer.echo("No drafts.")
    for path in found:
        typer.echo(path.stem)


# --- frameworks ----------------------------------------------------------------------


@frameworks_app.command("list")
def frameworks_list(
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """List the shipped frameworks."""
    from thresholdcli.framework import loader
    from thresholdcli.framework.describe import summary

    shipped = [fw for _, fw in loader.shipped()]
    if format is Format.json:
        _emit_json([summary(fw) for fw in shipped])
        return
    from thresholdcli.render.tables import frameworks_table

    frameworks_table(_console(), [(fw, fw.id == loader.DEFAULT_FRAMEWORK) for fw in shipped])


@frameworks_app.command("show")
def frameworks_show(
    framework: Annotated[str, typer.Argument(help="Framework id or id@version.")],
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """Show a framework's levels, domains and indicators."""
    from thresholdcli.framework import loader
    from thresholdcli.framework.describe import describe

    fw, _ = loader.resolve(framework)
    if format is Format.json:
        _emit_json(describe(fw))
        return
    from thresholdcli.render.tables import framework_detail

    framework_detail(_console(), fw)


@frameworks_app.command("validate")
def frameworks_validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Framework files (default: every shipped one)."),
    ] = None,
) -> None:
    """Check framework files against the schema; print each problem as file:line: message."""
    from thresholdcli.framework import loader

    paths = files or loader.framework_files()
    failed = False
    for path in paths:
        framework, problems = loader.check_framework_file(path)
        for problem in problems:
            typer.echo(str(problem), err=True)
        if framework is not None:
            typer.echo(f"{path}: ok ({framework.ref}, {len(framework.indicators)} indicators)")
        failed = failed or bool(problems)
    if failed:
        raise typer.Exit(3)


# --- scoring -------------------------------------------------------------------------


@app.command()
def score(
    files: Annotated[list[Path], typer.Argument(help="Case records or case files.")],
    format: Annotated[
        Format | None,
        typer.Option("--format", help="table or json (default: table on a terminal)."),
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print every reason.")] = False,
) -> None:
    """Score case files and print each suggestion with its reasons."""
    from thresholdcli.batch import score_files

    results = list(score_files(files))
    if _default_format(format) is Format.json:
        _emit_json([r.to_json() for r in results])
    else:
        from thresholdcli.render.tables import score_table

        score_table(_console(), results, explain)
    failed = [r for r in results if r.error]
    if failed:
        raise ScoreFailures(f"{len(failed)} of {len(results)} file(s) could not be scored")


# --- contacts ------------------------------------------------------------------------


@app.command()
def contacts(
    framework: Annotated[str, typer.Argument(help="Framework id or id@version.")],
    at: Annotated[
        str | None,
        typer.Option("--at", help='UK local time, e.g. "2026-12-25 10:00" (default: now).'),
    ] = None,
    danger: Annotated[
        bool, typer.Option("--immediate-danger", help="The child is in immediate danger.")
    ] = False,
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """Which number to call now (or at a given time), and why."""
    from thresholdcli.contacts import UK, plan_calls
    from thresholdcli.framework import loader

    fw, _ = loader.resolve(framework)
    moment = _parse_at(at, UK)
    plan = plan_calls(fw, moment, immediate_danger=danger)
    if format is Format.json:
        _emit_json(
            {
                "at": plan.at.isoformat(),
                "call_now": [
                    {"service": c.contact.service, "phone": c.contact.phone, "why": c.why}
                    for c in plan.call_now
                ],
                "contacts": [c.model_dump(mode="json") for c in plan.contacts],
            }
        )
        return
    from thresholdcli.render.tables import contacts_view

    contacts_view(_console(), fw, plan)


def _parse_at(at: str | None, zone: Any) -> datetime:
    if at is None:
        from thresholdcli.interview.session import clock_from_env

        return clock_from_env()()
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        raise UsageError(f'--at {at!r} is not a date and time like "2026-12-25 10:00"') from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(UTC)


# --- entry point ---------------------------------------------------------------------


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"thresholdcli: error: {message}", err=True)
    sys.exit(code)


def main() -> None:
    debug = "--debug" in sys.argv[1:]
    try:
        app()
    except Interrupted:
        _fail("interrupted (answers so far are in the draft)", Interrupted.exit_code)
    except ThresholdError as exc:
        if debug:
            traceback.print_exc()
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:
        if debug:
            raise
        _fail(f"internal error ({type(exc).__name__}); rerun with --debug for details", 70)
