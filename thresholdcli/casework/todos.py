"""To-dos of one case: duties recorded as "to do" and not yet marked done. Pure.

A consent or information-sharing item answered `to_do` stays open until a later
`followups done` appends a `[[followups_done]]` entry naming its assessment and id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from thresholdcli.records.model import CaseRecord


@dataclass(frozen=True)
class Todo:
    case_ref: str
    assessment: int
    id: str
    due: datetime | None

    def is_overdue(self, as_of: datetime) -> bool:
        return self.due is not None and self.due < as_of


def open_todos(record: CaseRecord) -> list[Todo]:
    """Every to-do of every assessment that has not been marked done, oldest first."""
    done = {(entry.assessment, entry.id) for entry in record.followups_done}
    return [
        Todo(record.case_ref, assessment.number, item.id, item.due)
        for assessment in record.assessments
        for item in assessment.consent
        if item.answer == "to_do" and (assessment.number, item.id) not in done
    ]


def overdue(todos: Iterable[Todo], as_of: datetime) -> list[Todo]:
    """The to-dos past their due time at `as_of`, most overdue first."""
    late = [todo for todo in todos if todo.is_overdue(as_of)]
    return sorted(late, key=lambda todo: (todo.due, todo.case_ref, todo.assessment, todo.id))
