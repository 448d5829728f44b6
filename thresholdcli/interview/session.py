"""Wiring one interview: answer sources, prompter, output, clock. Called by the CLI."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from thresholdcli import __version__
from thresholdcli.clock import clock_from_env
from thresholdcli.errors import NoTerminalError, RecordError, UsageError
from thresholdcli.framework import loader
from thresholdcli.interview.engine import Interview, InterviewSetup, Outcome
from thresholdcli.interview.prompter import Choice, Group, Prompter
from thresholdcli.interview.transcript import TeeOutput, TranscriptPrompter
from thresholdcli.records import store
from thresholdcli.records.sheet import AnswerSheet


@dataclass(frozen=True)
class InterviewRequest:
    framework: str | None = None
    case_ref: str | None = None
    resume: str | None = None
    answers: Path | None = None
    cases_dir: Path | None = None
    transcript: Path | None = None
    role: str | None = None


class NoPrompter:
    """Used with --answers: any question the file does not answer is an error."""

    def _missing(self, message: str) -> UsageError:
        return UsageError(f"the answers file does not answer: {message}")

    def select(self, message: str, choices: Sequence[Choice], default: str | None = None) -> str:
        raise self._missing(message)

    def checkbox(self, message: str, groups: Sequence[Group], allow_back: bool) -> list[str]:
        raise self._missing(message)

    def text(self, message: str, default: str = "") -> str:
        raise self._missing(message)

    def confirm(self, message: str, default: bool = False) -> bool:
        raise self._missing(message)


def merged_sheet(request: InterviewRequest, cases: Path) -> AnswerSheet:
    """Answers file over draft: each key comes from the first source that has it."""
    sheet = AnswerSheet()
    resume_ref = request.resume
    if resume_ref:
        draft = store.load_draft(cases, resume_ref)
        if draft is None:
            raise RecordError(f"no draft for case {resume_ref} (see `thresholdcli drafts`)")
        sheet = draft
    if request.answers is not None:
        given = store.load_sheet(request.answers)
        sheet = sheet.model_copy(update={k: getattr(given, k) for k in given.model_fields_set})
    overrides: dict[str, object] = {}
    if request.framework:
        overrides["framework"] = request.framework
    if request.role is not None:
        overrides["assessor_role"] = request.role.strip()
    ref = request.case_ref or request.resume
    if ref:
        overrides["case_ref"] = ref
    return sheet.model_copy(update=overrides) if overrides else sheet


def run_interview(request: InterviewRequest, stdout: TextIO | None = None) -> Outcome:
    from thresholdcli.render.console import make_console, plain_console
    from thresholdcli.render.interview import RichOutput

    cases = store.cases_dir(request.cases_dir)
    given = merged_sheet(request, cases)
    previous = None
    if given.case_ref:
        record = store.find_record(cases, given.case_ref)
        previous = record.latest if record else None
    prompter: Prompter
    if request.answers is not None:
        prompter = NoPrompter()
    elif not sys.stdin.isatty():
        raise NoTerminalError(
            "no terminal to ask questions on: run in a terminal, or pass --answers FILE"
        )
    else:
        from thresholdcli.interview.questionary_prompter import QuestionaryPrompter

        prompter = QuestionaryPrompter()
    available = [fw for _, fw in loader.shipped()]
    setup = InterviewSetup(
        cases_dir=cases,
        clock=clock_from_env(),
        resolve=loader.resolve,
        available=available,
        default_framework=loader.DEFAULT_FRAMEWORK,
        tool_version=__version__,
    )
    screen = RichOutput(make_console(file=stdout))
    if request.transcript is None:
        return Interview(prompter, screen, setup, given, previous).run()
    with request.transcript.open("w", encoding="utf-8") as handle:
        plain = RichOutput(plain_console(handle))
        recorded = TranscriptPrompter(prompter, plain.note)
        output = TeeOutput(screen, plain)
        return Interview(recorded, output, setup, given, previous).run()
