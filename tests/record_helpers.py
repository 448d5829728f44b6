"""Helpers for the case-record tests: real assessments built by the interview engine."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework
from thresholdcli.interview.engine import Interview, InterviewSetup, Outcome, Start
from thresholdcli.interview.output import SilentOutput
from thresholdcli.interview.prompter import (
    ENDING,
    Choice,
    Group,
    Mark,
    TickListener,
    WalkKeys,
)
from thresholdcli.records.sheet import AnswerSheet


class DefaultPrompter:
    """Answers anything the sheet leaves open with the offered default (or the first choice)."""

    def select(self, message: str, choices: Sequence[Choice], default: str | None = None) -> str:
        return default if default is not None else choices[0].value

    def checkbox(
        self,
        message: str,
        groups: Sequence[Group],
        allow_back: bool,
        on_change: TickListener | None = None,
        walk: WalkKeys | None = None,
    ) -> list[str]:
        return [c.value for g in groups for c in g.choices if c.checked]

    def text(self, message: str, default: str = "") -> str:
        if message.startswith("Notes (optional)"):  # the notes box at the end: left empty
            return default
        return default or "recorded by test"

    def checklist(
        self,
        message: str,
        items: Sequence[Choice],
        marks: Sequence[Mark],
        endings: Sequence[Mark] = (),
    ) -> dict[str, str]:
        marked = {item.value: marks[0].value for item in items}
        return {**marked, ENDING: endings[0].value} if endings else marked

    def confirm(self, message: str, default: bool = False) -> bool:
        return default

    def acknowledge(self, message: str) -> None:
        return None

    def remind(self, lines: Sequence[str]) -> None:
        return None


def setup_for(cases: Path, now: datetime) -> InterviewSetup:
    return InterviewSetup(
        cases_dir=cases,
        clock=lambda: now,
        resolve=loader.resolve,
        available=[fw for _, fw in loader.shipped()],
        default_framework=loader.DEFAULT_FRAMEWORK,
        tool_version="test",
    )


def interview(cases: Path, now: datetime, sheet: AnswerSheet) -> Outcome:
    """One interview on the sheet; a re-assessment (as `--case REF`) if the case exists."""
    exists = (cases / f"{sheet.case_ref}.toml").exists()
    start = Start(reassess=exists)
    return Interview(
        DefaultPrompter(), SilentOutput(), setup_for(cases, now), sheet, start=start
    ).run()


def rich_sheet(framework: Framework, case_ref: str) -> AnswerSheet:
    """Answers that touch every part of a record: one tick per domain and level, every
    section, notes with awkward text, a decision below the suggestion, every consent item."""
    ticks: dict[tuple[str, int], str] = {}
    for ind in framework.indicators:
        if not ind.act_now:
            ticks.setdefault((ind.domain, ind.level), ind.id)
    top = framework.top_rank
    return AnswerSheet(
        framework=framework.ref,
        case_ref=case_ref,
        assessor_role="school DSL",
        age=9,
        immediate_danger=False,
        sections=[s.id for s in framework.sections],
        indicators=sorted(ticks.values()),
        notes={
            d.id: f'Line one of {d.name}\n  "quoted" \\ back\tslash\r\nlast """ line'
            for d in framework.domains[:2]
        },
        strengths="Grandmother nearby\n\nattends every appointment",
        considerations={a.id: True for a in framework.accumulation},
        decision=top - 1,
        decision_reason="Agreed in team meeting: family engaging well",
        agreed_by="DSL",
        consent={c.id: "not_applicable" for c in framework.consent},
    )


def value_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in parsed TOML data (keys and list positions), for changing one."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += value_paths(child, (*prefix, key))
    elif isinstance(value, list):
        for n, child in enumerate(value):
            found += value_paths(child, (*prefix, n))
    return found
