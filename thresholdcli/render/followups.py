"""Follow-ups on the terminal: every to-do not yet done, most urgent first."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from thresholdcli.advice.contacts import UK
from thresholdcli.batch.followups import FollowupList
from thresholdcli.casework.followups import Followup
from thresholdcli.records.model import FollowupDone
from thresholdcli.render.text import data


def followups_view(console: Console, found: FollowupList, show_notes: bool = False) -> None:
    when = f"{found.as_of.astimezone(UK):%a %d %b %Y %H:%M}"
    if not found.rows:
        console.print(Text(f"No open follow-ups in {found.cases} case(s) as of {when}."))
    else:
        title = (
            f"Open follow-ups as of {when} (UK time): {len(found.rows)} in "
            f"{found.cases} case(s), {found.overdue_count} overdue"
        )
        table = Table(title=title, title_justify="left")
        table.add_column("case, id", overflow="fold")
        table.add_column("to do (the framework's question)", ratio=1, overflow="fold")
        table.add_column("due (UK time)", max_width=11)
        table.add_column("status")
        if show_notes:
            table.add_column("reason recorded", ratio=1, overflow="fold")
        for row in found.rows:
            table.add_row(*_cells(row, show_notes))
        console.print(table)
        for reading in found.readings:
            console.print(Text(f"* {reading}."))
        console.print(Text("Mark one done: thresholdcli followups done CASE ID [--note TEXT]"))
    for failure in found.unreadable:
        console.print(Text(f"Could not read: {failure}", "yellow"))


def _cells(row: Followup, show_notes: bool) -> tuple[str | Text, ...]:
    what = row.what
    if row.item is not None and row.wording_note:
        what += f" (note: {row.wording_note})"
    status = Text(row.status if row.lateness else "—", "bold red" if row.overdue else "")
    where = f"{row.todo.case_ref} #{row.todo.assessment}\n{row.todo.id}"
    cells: tuple[str | Text, ...] = (Text(where), Text(what), row.due_text, status)
    if show_notes:
        cells += (data(row.todo.reason or "—"),)
    return cells


def marked_done_view(console: Console, case_ref: str, entry: FollowupDone) -> None:
    console.print(
        Text(
            f"Marked done: {entry.id} (assessment {entry.assessment}) of case {case_ref}, "
            f"done {entry.done_at.astimezone(UK):%a %d %b %Y %H:%M} (UK time). "
            "Appended to the record; nothing earlier was changed."
        )
    )
