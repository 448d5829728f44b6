"""Transcript support: record each question and answer, and show output on two screens."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from thresholdcli.advice.contacts import CallPlan
from thresholdcli.advice.scoring import Result
from thresholdcli.casework.referral import Referral
from thresholdcli.framework.model import Domain, Framework
from thresholdcli.interview.output import Output
from thresholdcli.interview.prompter import (
    BACK,
    NONE_OF_THESE,
    Choice,
    Group,
    Prompter,
    TickListener,
    flatten,
)
from thresholdcli.records.model import CaseRecord


class TranscriptPrompter:
    """Wraps a prompter and writes `? question` / `> answer` lines as they happen."""

    def __init__(self, inner: Prompter, write: Callable[[str], None]) -> None:
        self.inner = inner
        self.write = write

    def _log(self, message: str, answer: str) -> None:
        self.write(f"? {message}\n> {answer}")

    def select(self, message: str, choices: Sequence[Choice], default: str | None = None) -> str:
        value = self.inner.select(message, choices, default)
        title = next((c.title for c in choices if c.value == value), value)
        self._log(message, title)
        return value

    def checkbox(
        self,
        message: str,
        groups: Sequence[Group],
        allow_back: bool,
        on_change: TickListener | None = None,
    ) -> list[str]:
        values = self.inner.checkbox(message, groups, allow_back, on_change)
        titles = {c.value: c.title for c in flatten(groups)}
        if BACK in values:
            shown = "◀ Back to previous domain"
        else:
            picked = [f"[{v}] {titles[v]}" for v in values if v in titles]
            shown = "\n> ".join(picked) if picked else "None of these"
        self._log(message, shown)
        return values

    def text(self, message: str, default: str = "") -> str:
        value = self.inner.text(message, default)
        self._log(message, value or "(blank)")
        return value

    def confirm(self, message: str, default: bool = False) -> bool:
        value = self.inner.confirm(message, default)
        self._log(message, "Yes" if value else "No")
        return value

    def acknowledge(self, message: str) -> None:
        self.inner.acknowledge(message)
        self._log(message, "(Enter)")

    def remind(self, lines: Sequence[str]) -> None:
        self.inner.remind(lines)
        shown = "\n".join(f"  {line}" for line in lines)
        self.write(f"On every screen from here:\n{shown}")


class TeeOutput:
    """Shows everything on each of several outputs, in order."""

    def __init__(self, *outputs: Output) -> None:
        self.outputs = outputs

    def emergency(self, framework: Framework | None) -> None:
        for out in self.outputs:
            out.emergency(framework)

    def act_now(self, framework: Framework, plan: CallPlan) -> None:
        for out in self.outputs:
            out.act_now(framework, plan)

    def note(self, text: str) -> None:
        for out in self.outputs:
            out.note(text)

    def guidance(self, framework: Framework, use: str) -> None:
        for out in self.outputs:
            out.guidance(framework, use)

    def domain_header(self, index: int, total: int, domain: Domain) -> None:
        for out in self.outputs:
            out.domain_header(index, total, domain)

    def result(self, framework: Framework, result: Result) -> None:
        for out in self.outputs:
            out.result(framework, result)

    def consent_header(self, framework: Framework, rank: int) -> None:
        for out in self.outputs:
            out.consent_header(framework, rank)

    def contacts(self, framework: Framework, plan: CallPlan) -> None:
        for out in self.outputs:
            out.contacts(framework, plan)

    def saved(self, path: Path, record: CaseRecord) -> None:
        for out in self.outputs:
            out.saved(path, record)

    def referral(self, referral: Referral) -> None:
        for out in self.outputs:
            out.referral(referral)


__all__ = ["NONE_OF_THESE", "TeeOutput", "TranscriptPrompter"]
