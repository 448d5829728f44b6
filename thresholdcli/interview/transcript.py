"""Transcript support: record each question and answer, and show output on two screens."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from thresholdcli.advice.contacts import CallPlan
from thresholdcli.advice.scoring import Result
from thresholdcli.casework.referral import Referral
from thresholdcli.interview.output import Output
from thresholdcli.interview.prompter import (
    BACK,
    ENDING,
    FINISH,
    NONE_OF_THESE,
    SEARCH,
    Choice,
    Finder,
    Group,
    Mark,
    Notes,
    NoteTarget,
    Prompter,
    TickListener,
    WalkKeys,
    flatten,
)
from thresholdcli.records.model import CaseRecord

if TYPE_CHECKING:
    from thresholdcli.framework.model import Domain, Framework, GuidanceUse

T = TypeVar("T")
BACK_TITLE = "◀ Back to previous domain"
NOTHING_TITLE = "Nothing here"


class TranscriptPrompter:
    """Wraps a prompter and writes `? question` / `> answer` lines as they happen. A screen
    left with Ctrl-C is written too (`> (Ctrl-C)`), so every screen that waited is there."""

    def __init__(self, inner: Prompter, write: Callable[[str], None]) -> None:
        self.inner = inner
        self.write = write

    def _log(self, message: str, answer: str) -> None:
        self.write(f"? {message}\n> {answer}")

    def _asking(self, message: str, ask: Callable[[], T]) -> T:
        try:
            return ask()
        except KeyboardInterrupt:
            self._log(message, "(Ctrl-C)")
            raise

    def select(
        self,
        message: str,
        choices: Sequence[Choice],
        default: str | None = None,
        details: Sequence[str] = (),
    ) -> str:
        value = self._asking(message, lambda: self.inner.select(message, choices, default, details))
        title = next((c.title for c in choices if c.value == value), value)
        self._log(message, title)
        return value

    def checkbox(
        self,
        message: str,
        groups: Sequence[Group],
        allow_back: bool,
        on_change: TickListener | None = None,
        walk: WalkKeys | None = None,
    ) -> list[str]:
        noted: list[str] = []
        if walk is not None and walk.notes is not None:
            walk = replace(walk, notes=self._noting(walk.notes, noted))
        chosen = walk
        values = self._asking(
            message, lambda: self.inner.checkbox(message, groups, allow_back, on_change, chosen)
        )
        titles = {c.value: c.title for c in flatten(groups)}
        lines = [f"[{v}] {titles[v]}" for v in values if v in titles]
        if BACK in values:
            lines = [BACK_TITLE]
        elif values and values[0] == SEARCH:
            lines = [*lines, "Search (the walk goes on after it)"]
        elif values and values[0] == FINISH:
            lines = [*(lines or [NOTHING_TITLE]), walk.finish if walk else "Finish"]
        elif not lines:
            lines = [NOTHING_TITLE]
        self._log(message, "\n> ".join([*lines, *noted]))
        return values

    def search(
        self,
        message: str,
        find: Finder,
        ticked: Sequence[str],
        on_change: TickListener | None = None,
        notes: Notes | None = None,
        query: str = "",
    ) -> list[str]:
        typed: list[str] = []
        titles: dict[str, str] = {}

        def finding(words: str) -> Sequence[Choice]:
            hits = find(words)
            typed.append(words)
            titles.update({c.value: c.title for c in hits})
            return hits

        noted: list[str] = []
        watched = self._noting(notes, noted) if notes is not None else None
        ticks = self._asking(
            message,
            lambda: self.inner.search(message, finding, ticked, on_change, watched, query),
        )
        searched = next((w for w in reversed(typed) if w.strip()), "")
        lines = [f"searched for: {searched}" if searched else "nothing searched"]
        lines += [f"ticked [{v}] {titles.get(v, '')}".rstrip() for v in ticks if v not in ticked]
        lines += [f"unticked [{v}] {titles.get(v, '')}".rstrip() for v in ticked if v not in ticks]
        self._log(message, "\n> ".join([*lines, *noted]))
        return ticks

    def _noting(self, notes: Notes, noted: list[str]) -> Notes:
        """The same notes, each one saved also written down (by its domain's name)."""
        names: dict[str, str] = {}

        def target(value: str) -> NoteTarget | None:
            found = notes.target(value)
            if found is not None:
                names[found.domain] = found.name
            return found

        def save(domain: str, text: str) -> None:
            notes.save(domain, text)
            noted.append(f"Note on {names.get(domain, domain)}: {text.strip() or '(removed)'}")

        return replace(notes, target=target, save=save)

    def checklist(
        self,
        message: str,
        items: Sequence[Choice],
        marks: Sequence[Mark],
        endings: Sequence[Mark] = (),
    ) -> dict[str, str]:
        answers = self._asking(
            message, lambda: self.inner.checklist(message, items, marks, endings)
        )
        names = {m.value: m.title for m in marks}
        lines = [f"{item.title} — {names[answers[item.value]]}" for item in items]
        ending = {e.value: e.title for e in endings}.get(answers.get(ENDING, ""))
        if ending:
            lines.append(f"Then: {ending}")
        self._log(message, "\n> ".join(lines))
        return answers

    def text(self, message: str, default: str = "") -> str:
        value = self._asking(message, lambda: self.inner.text(message, default))
        self._log(message, value or "(blank)")
        return value

    def confirm(self, message: str, default: bool = False) -> bool:
        value = self._asking(message, lambda: self.inner.confirm(message, default))
        self._log(message, "Yes" if value else "No")
        return value

    def acknowledge(self, message: str) -> None:
        self._asking(message, lambda: self.inner.acknowledge(message))
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

    def act_now(self, framework: Framework, plan: CallPlan, result: Result) -> None:
        for out in self.outputs:
            out.act_now(framework, plan, result)

    def note(self, text: str) -> None:
        for out in self.outputs:
            out.note(text)

    def guidance(self, framework: Framework, use: GuidanceUse) -> None:
        for out in self.outputs:
            out.guidance(framework, use)

    def level_guidance(self, framework: Framework, rank: int, skip: Sequence[str] = ()) -> None:
        for out in self.outputs:
            out.level_guidance(framework, rank, skip)

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
