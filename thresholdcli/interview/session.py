"""Wiring one interview: answer sources, prompter, output, clock. Called by the CLI."""

from __future__ import annotations

import io
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, TextIO, cast

from thresholdcli import __version__, safe_io
from thresholdcli.clock import clock_from_env
from thresholdcli.errors import Interrupted, NoTerminalError, OutputError, RecordError, UsageError
from thresholdcli.framework import loader
from thresholdcli.interview.engine import Interview, InterviewSetup, Outcome, Start, Unanswered
from thresholdcli.interview.output import Output
from thresholdcli.interview.prompter import (
    Choice,
    Finder,
    Group,
    Mark,
    Notes,
    Prompter,
    TickListener,
    WalkKeys,
)
from thresholdcli.records import sheet as answer_sheet
from thresholdcli.records import store
from thresholdcli.records.settings import Setting
from thresholdcli.records.sheet import AnswerSheet, blank


@dataclass(frozen=True)
class InterviewRequest:
    framework: str | None = None
    case_ref: str | None = None
    resume: str | None = None
    answers: Path | None = None
    cases_dir: Path | None = None
    transcript: Path | None = None
    role: str | None = None
    plain: bool = False
    # Settings taken from the environment or the settings file: said on screen when used.
    remembered: tuple[Setting, ...] = ()


class NoPrompter:
    """Used with --answers: any question the file does not answer is an error.

    There is no one to acknowledge a screen, so `acknowledge` goes straight on."""

    def _missing(self, message: str) -> Unanswered:
        return Unanswered(f"the answers file does not answer: {message}")

    def select(
        self,
        message: str,
        choices: Sequence[Choice],
        default: str | None = None,
        details: Sequence[str] = (),
    ) -> str:
        raise self._missing(message)

    def checkbox(
        self,
        message: str,
        groups: Sequence[Group],
        allow_back: bool,
        on_change: TickListener | None = None,
        walk: WalkKeys | None = None,
    ) -> list[str]:
        raise self._missing(message)

    def search(
        self,
        message: str,
        find: Finder,
        ticked: Sequence[str],
        on_change: TickListener | None = None,
        notes: Notes | None = None,
        query: str = "",
    ) -> list[str]:
        raise self._missing(message)

    def checklist(
        self,
        message: str,
        items: Sequence[Choice],
        marks: Sequence[Mark],
        endings: Sequence[Mark] = (),
    ) -> dict[str, str]:
        raise self._missing(f"{message} ({', '.join(item.value for item in items)})")

    def text(self, message: str, default: str = "") -> str:
        raise self._missing(message)

    def confirm(self, message: str, default: bool = False) -> bool:
        raise self._missing(message)

    def acknowledge(self, message: str) -> None:
        return None

    def remind(self, lines: Sequence[str]) -> None:
        return None


class InterruptGuard:
    """Ctrl-C between questions is taken at the next safe point (the next question or the
    save), so it never lands inside a library's clean-up; a second Ctrl-C stops at once.
    Inside a question the prompt itself turns Ctrl-C into KeyboardInterrupt."""

    def __init__(self) -> None:
        self.pressed = False
        self._previous: Any = None

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        if self.pressed:
            raise KeyboardInterrupt
        self.pressed = True

    def checkpoint(self) -> None:
        if self.pressed:
            self.pressed = False
            raise KeyboardInterrupt

    def __enter__(self) -> InterruptGuard:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handler)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def answers_sheet(request: InterviewRequest) -> AnswerSheet:
    """The answers given up front: the answers file, then the command line's flags over it."""
    sheet = blank()
    if request.answers is not None:
        sheet = store.load_sheet(request.answers)
    overrides: dict[str, object] = {}
    if request.framework:
        overrides["framework"] = request.framework
    if request.role is not None:
        overrides["assessor_role"] = request.role.strip()
    ref = request.case_ref or request.resume
    if ref:
        overrides["case_ref"] = ref
    return sheet.model_copy(update=overrides) if overrides else sheet


def remembered_line(setting: Setting, cases: Path) -> str:
    """What a remembered setting does in this interview, and where it comes from."""
    if setting.key == "framework":
        what = f"Framework offered first: {setting.value}"
    elif setting.key == "role":
        what = f"Recorded as assessed by: {setting.value}"
    else:
        what = f"Case records are kept in: {cases}"
    return f"{what} (from {setting.origin})."


class DeferredScreen:
    """The screen (rich), made when first used. On a terminal the first question is a
    prompt and needs none of it, so it is on screen sooner: the prompter calls `prepare`
    once that question is drawn, while the practitioner reads it and before the answer is
    read, so the 999 screen after a yes never waits for it (H-135)."""

    def __init__(self, make: Callable[[], Output]) -> None:
        self._make = make
        self._screen: Output | None = None

    def prepare(self) -> Output:
        if self._screen is None:
            self._screen = self._make()
        return self._screen

    def __getattr__(self, name: str) -> Any:
        return getattr(self.prepare(), name)


def _get_ready(screen: DeferredScreen) -> None:
    """What the interview needs after its first question, made while that question is read:
    the screen, and the answer sheet's validator (built on first use)."""
    screen.prepare()
    answer_sheet.ready()


def _terminal_screen(stdout: TextIO | None) -> Output:
    from thresholdcli.render.console import make_console
    from thresholdcli.render.interview import RichOutput

    return RichOutput(make_console(file=stdout))


def _plain_screen(out_stream: TextIO, width: int) -> Output:
    """No boxes, no colour, no terminal codes."""
    from thresholdcli.render.console import plain_console
    from thresholdcli.render.interview import RichOutput

    return RichOutput(plain_console(out_stream, width=width), boxes=False)


def run_interview(request: InterviewRequest, stdout: TextIO | None = None) -> Outcome:
    cases = store.cases_dir(request.cases_dir)
    if request.transcript is not None:
        safe_io.check_output_path(request.transcript, UsageError)
    given = answers_sheet(request)
    if request.resume and store.load_draft(cases, request.resume) is None:
        raise RecordError(f"no draft for case {request.resume} (see `thresholdcli drafts`)")
    prompter: Prompter
    ready_when_asked = False  # the screen made while the first question is read
    plain_mode = request.plain or os.environ.get("TERM", "") == "dumb"
    out_stream = stdout or sys.stdout
    if plain_mode:
        width = shutil.get_terminal_size((80, 24)).columns
        screen = DeferredScreen(lambda: _plain_screen(out_stream, width))
    else:
        screen = DeferredScreen(lambda: _terminal_screen(stdout))
    if request.answers is not None:
        prompter = NoPrompter()
    elif plain_mode:
        from thresholdcli.interview.plain_prompter import PlainPrompter

        prompter = PlainPrompter(sys.stdin, out_stream)
    elif not sys.stdin.isatty():
        raise NoTerminalError(
            "no terminal to ask questions on: run in a terminal, answer line by line with "
            "--plain (a pipe works), or pass --answers FILE"
        )
    else:
        from thresholdcli.interview.questionary_prompter import QuestionaryPrompter

        prompter = QuestionaryPrompter(while_waiting=lambda: _get_ready(screen))
        ready_when_asked = True
    if not ready_when_asked:  # no question drawn to make it under: made now
        screen.prepare()
    start = Start(
        reassess=request.case_ref is not None,
        resume=request.resume is not None,
        framework_given=request.framework is not None,
        answers_label=str(request.answers) if request.answers else "answers file",
    )
    available = loader.shipped_views()
    offered = next((s.value for s in request.remembered if s.key == "framework"), "")
    offered = offered.partition("@")[0] if offered else None
    with InterruptGuard() as guard:
        setup = InterviewSetup(
            cases_dir=cases,
            clock=clock_from_env(),
            resolve=loader.resolve_view,
            available=available,
            default_framework=offered or loader.DEFAULT_FRAMEWORK,
            tool_version=__version__,
            checkpoint=guard.checkpoint,
            remembered=tuple(remembered_line(s, cases) for s in request.remembered),
            offer_referral=request.answers is None,
        )
        if request.transcript is None:
            outcome = Interview(prompter, cast(Output, screen), setup, given, start=start).run()
        else:
            from thresholdcli.interview.transcript import TeeOutput, TranscriptPrompter
            from thresholdcli.render.console import plain_console
            from thresholdcli.render.interview import RichOutput

            transcript = io.StringIO()
            plain = RichOutput(plain_console(transcript), full=True)  # details too: case notes
            recorded = TranscriptPrompter(prompter, plain.note)
            output = TeeOutput(screen.prepare(), plain)
            try:
                outcome = Interview(recorded, output, setup, given, start=start).run()
            finally:  # private like a record (it holds notes), and whole: also when stopped
                data = transcript.getvalue().encode("utf-8")
                safe_io.write_atomic(request.transcript, data, 0o600, OutputError, "write")
        if guard.pressed:
            latest = outcome.record.latest
            raise Interrupted(
                f"interrupted after the save: assessment {latest.number} of case "
                f"{outcome.record.case_ref} is saved in {outcome.path}"
            )
    return outcome
