"""A case over time on the terminal: history table, diff of two assessments, rescore."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from thresholdcli.casework.history import History, Step, TrajectoryRow, local_date
from thresholdcli.casework.todos import UK, lateness
from thresholdcli.quote_markup import plain
from thresholdcli.render.text import data

if TYPE_CHECKING:
    from thresholdcli.casework.diff import AssessmentDiff, FieldChange, LevelChange
    from thresholdcli.casework.rescore import Rescore

STEP_WORDS: dict[Step, str] = {
    "first": "first",
    "up": "↑ up",
    "down": "↓ down",
    "same": "= same",
    "other_framework": "other framework",
}
STEP_STYLES: dict[Step, str] = {"up": "bold red", "down": "green"}


def _level(rank: int, name: str) -> str:
    return f"{rank} {name}"


def _step(step: Step) -> Text:
    return Text(STEP_WORDS[step], STEP_STYLES.get(step, ""))


def _notices(console: Console, notices: tuple[str, ...], case: str) -> None:
    for notice in notices:
        console.print(Text(f"Note: {notice}", "yellow"))
    if notices:
        console.print(f"See what the framework shipped now suggests: thresholdcli rescore {case}")


# --- history ---------------------------------------------------------------------------


def history_view(console: Console, history: History) -> None:
    count = len(history.rows)
    ids = {row.assessment.framework.id for row in history.rows}
    one_framework = len(ids) == 1
    title = f"Case {history.case_ref}: {count} assessment{'s' * (count != 1)}"
    if one_framework:
        title += f" with {next(iter(ids))}"
    table = Table(title=title)
    table.add_column("#", no_wrap=True, justify="right")
    table.add_column("date", no_wrap=True)
    table.add_column("version" if one_framework else "framework", overflow="fold")
    for column in ("suggested", "decided", "change"):
        table.add_column(column)
    table.add_column("by", overflow="fold")
    for row in history.rows:
        table.add_row(*_history_cells(row, one_framework))
    console.print(table)
    if any(row.pin.notice for row in history.rows):
        console.print("* the framework file has changed or gone since that assessment")
    _notices(console, history.notices, history.case_ref)
    _followups(console, history)


def _followups(console: Console, history: History) -> None:
    """Follow-ups not yet done, and those overdue at `history.as_of`, by id."""
    if not history.todos or history.as_of is None:
        return
    late = history.overdue
    when = f"{history.as_of.astimezone(UK):%a %d %b %Y %H:%M}"
    console.print(
        Text(
            f"Follow-ups not yet done: {len(history.todos)}; overdue as of {when} (UK time): "
            f"{len(late)}",
            "bold red" if late else "",
        )
    )
    for todo in late:
        assert todo.due is not None
        console.print(
            Text(
                f"  {todo.id} (assessment {todo.assessment}): due "
                f"{todo.due.astimezone(UK):%a %d %b %Y %H:%M}, "
                f"{lateness(todo.due, history.as_of).text}"
            )
        )
    console.print(
        f"See them all: thresholdcli followups; when one is done: "
        f"thresholdcli followups done {history.case_ref} ID"
    )


def _history_cells(row: TrajectoryRow, one_framework: bool) -> tuple[str | Text, ...]:
    a = row.assessment
    suggested = _level(a.suggestion.rank, a.suggestion.name)
    if a.immediate_danger or a.suggestion.act_now:
        suggested += " (act now)"
    pinned = a.framework.version if one_framework else f"{a.framework.id}@{a.framework.version}"
    if row.pin.notice:
        pinned += " *"
    return (
        str(a.number),
        row.date.isoformat(),
        pinned,
        suggested,
        _level(a.decision.rank, a.decision.name),
        _step(row.step),
        a.assessor_role or "—",
    )


# --- diff ------------------------------------------------------------------------------


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
    _notices(console, diff.notices, diff.after.source)


def _level_line(console: Console, title: str, change: LevelChange) -> None:
    before = _level(change.before_rank, change.before_name)
    if not change.changed:
        console.print(f"{title}: {before} (no change)")
        return
    after = _level(change.after_rank, change.after_name)
    console.print(Text.assemble(f"{title}: {before} → {after} (", _step(change.step), ")"))


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


# --- rescore ---------------------------------------------------------------------------


def rescore_view(console: Console, result: Rescore) -> None:
    a = result.assessment
    fw = result.framework
    console.print(
        Text(
            f"Case {result.case_ref}, assessment {a.number} ({local_date(a).isoformat()}), "
            f"recorded with {result.pin.ref}",
            "bold",
        )
    )
    if result.same_file:
        console.print(f"Rescored with {fw.ref}: the same framework file, unchanged.")
    else:
        console.print(f"Rescored with {fw.ref}, the version shipped now.")
        if result.pin.notice:
            console.print(Text(f"Note: {result.pin.notice}.", "yellow"))
    console.print(
        f"Recorded: suggested {_level(a.suggestion.rank, a.suggestion.name)}; "
        f"decided {_level(a.decision.rank, a.decision.name)}"
    )
    now = fw.level(result.result.suggested)
    line = Text.assemble(
        f"Would now suggest: {_level(now.rank, now.name)} (", _step(result.step), ")"
    )
    console.print(line)
    from thresholdcli.render.interview import reason_lines

    for reason in reason_lines(result.result):
        console.print(reason)
    for item in result.result.considerations:
        console.print(Text(f"  Consider: {item.explanation}"))
        console.print(Text(f"    {item.count_line}", "dim"))
    if result.retired:
        console.print(
            Text(f"Ticked indicators that no longer exist ({len(result.retired)})", "bold")
        )
        for ind in result.retired:
            console.print(f"  - {ind.id} (level {ind.level}, {ind.domain}) {plain(ind.text)}")
    else:
        console.print("Every ticked indicator still exists.")
    for moved in result.moved:
        console.print(
            f"  {moved.recorded.id}: recorded at level {moved.recorded.level}, "
            f"now level {moved.now.level}"
        )
    for warning in (*result.result.warnings, *result.warnings):
        console.print(Text(f"Warning: {warning}", "bold yellow"))
    console.print("This is a suggestion to support your judgement; the recorded decision stands.")
