"""The diff of two assessments on the terminal: lines and hanging indents, no table (so
`diff` never imports rich's table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from thresholdcli.quote_markup import plain
from thresholdcli.render.steps import level_text, show_notices, step_text
from thresholdcli.render.text import data

if TYPE_CHECKING:
    from thresholdcli.casework.diff import AssessmentDiff, FieldChange, LevelChange


def diff_view(console: Console, diff: AssessmentDiff) -> None:
    console.print(Text(f"{diff.before.label} → {diff.after.label}", "bold"))
    _level_line(console, "Suggested level", diff.suggested)
    _level_line(console, "Decided level", diff.decided)
    if diff.unchanged:
        console.print("No changes.")
    _changes(console, "Details", diff.details)
    if diff.indicators:
        console.print(Text("Indicators", "bold"))
        for domain in diff.indicators:
            console.print(f"  {domain.name or domain.domain}")
            for ind in domain.added:
                _hanging(console, f"+ {ind.id} (level {ind.level}) {plain(ind.text)}", 4, "green")
            for ind in domain.removed:
                _hanging(console, f"- {ind.id} (level {ind.level}) {plain(ind.text)}", 4, "red")
    _changes(console, "Notes", diff.notes)
    _changes(console, "Considerations", diff.considerations)
    _changes(console, "Consent", diff.consent)
    _changes(console, "Decision", diff.decision)
    show_notices(console, diff.notices, diff.after.source)


def _level_line(console: Console, title: str, change: LevelChange) -> None:
    before = level_text(change.before_rank, change.before_name)
    if not change.changed:
        console.print(f"{title}: {before} (no change)")
        return
    after = level_text(change.after_rank, change.after_name)
    console.print(Text.assemble(f"{title}: {before} → {after} (", step_text(change.step), ")"))


def _changes(console: Console, title: str, changes: tuple[FieldChange, ...]) -> None:
    if not changes:
        return
    console.print(Text(title, "bold"))
    for change in changes:
        before, after = change.before or "(blank)", change.after or "(blank)"
        if "\n" in before + after or len(f"{change.field}{before}{after}") > 60:
            console.print(f"  {change.field}:")
            _hanging(console, f"was: {_hang(before)}", 4, "red")
            _hanging(console, f"now: {_hang(after)}", 4, "green")
        else:
            _hanging(console, f"{change.field}: {before} → {after}", 2)


def _hang(text: str) -> str:
    """Continuation lines of a multi-line value line up under its first line."""
    return "\n     ".join(text.split("\n"))


def _hanging(console: Console, text: str, indent: int, style: str = "") -> None:
    console.print(Padding(data(text, style), (0, 0, 0, indent), expand=False))
