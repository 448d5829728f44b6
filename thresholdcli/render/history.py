"""A case over time on the terminal: history table and rescore (the diff of two assessments
is in `diff.py`, which needs no table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from thresholdcli.casework.history import History, TrajectoryRow, local_date
from thresholdcli.casework.todos import UK, lateness
from thresholdcli.quote_markup import plain
from thresholdcli.render.steps import level_text, show_notices, step_text

if TYPE_CHECKING:
    from thresholdcli.casework.rescore import Rescore

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
    show_notices(console, history.notices, history.case_ref)
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
    suggested = level_text(a.suggestion.rank, a.suggestion.name)
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
        level_text(a.decision.rank, a.decision.name),
        step_text(row.step),
        a.assessor_role or "—",
    )


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
        f"Recorded: suggested {level_text(a.suggestion.rank, a.suggestion.name)}; "
        f"decided {level_text(a.decision.rank, a.decision.name)}"
    )
    now = fw.level(result.result.suggested)
    line = Text.assemble(
        f"Would now suggest: {level_text(now.rank, now.name)} (", step_text(result.step), ")"
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
