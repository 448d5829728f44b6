"""To-dos of one case: duties recorded as "to do" and not yet marked done. Pure.

A consent or information-sharing item answered `to_do` stays open until a later
`followups done` appends a `[[followups_done]]` entry naming its assessment and id.
How late a to-do is counts clock hours (in UTC, so a clock change neither adds nor
loses an hour) and working days (Monday to Friday except England's bank holidays).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

from thresholdcli.clock import uk_zone
from thresholdcli.errors import UsageError

if TYPE_CHECKING:
    from thresholdcli.records.model import CaseRecord, FollowupDone

UK = uk_zone()
LATENESS_READING = (
    "thresholdcli's reading: hours are clock hours; working days are Monday to Friday "
    "except bank holidays in England, counted by calendar day in UK time"
)


class Todo(NamedTuple):
    case_ref: str
    assessment: int
    id: str
    due: datetime | None
    # The practitioner's free text recorded with the item: shown only when asked for.
    reason: str = ""

    def is_overdue(self, as_of: datetime) -> bool:
        return self.due is not None and self.due < as_of


class Lateness(NamedTuple):
    """How far a due time lies from a moment: past it (overdue) or still to come."""

    overdue: bool
    hours: int  # whole clock hours between the two
    working_days: int  # working days after the earlier day, up to and including the later

    @property
    def text(self) -> str:
        days = f"{self.working_days} working day{'s' * (self.working_days != 1)}"
        hours = f"{self.hours} hour{'s' * (self.hours != 1)}"
        span = f"{days} ({hours})" if self.working_days else hours
        return f"overdue by {span}" if self.overdue else f"due in {span}"


def lateness(due: datetime, as_of: datetime) -> Lateness:
    """How overdue (or how soon due) a to-do is at `as_of`."""
    from thresholdcli.advice.duties import working_days_between

    overdue = due < as_of
    earlier, later = (due, as_of) if overdue else (as_of, due)
    seconds = (later.astimezone(UTC) - earlier.astimezone(UTC)).total_seconds()
    days = working_days_between(earlier.astimezone(UK).date(), later.astimezone(UK).date())
    return Lateness(overdue=overdue, hours=int(seconds // 3600), working_days=days)


def open_todos(record: CaseRecord) -> list[Todo]:
    """Every to-do of every assessment that has not been marked done, oldest first."""
    done = {(entry.assessment, entry.id) for entry in record.followups_done}
    return [
        Todo(record.case_ref, assessment.number, item.id, item.due, item.reason)
        for assessment in record.assessments
        for item in assessment.consent
        if item.answer == "to_do" and (assessment.number, item.id) not in done
    ]


def overdue(todos: Iterable[Todo], as_of: datetime) -> list[Todo]:
    """The to-dos past their due time at `as_of`, most overdue first."""
    late = [todo for todo in todos if todo.is_overdue(as_of)]
    return sorted(late, key=lambda todo: (todo.due, todo.case_ref, todo.assessment, todo.id))


_FAR = datetime.max.replace(tzinfo=UTC)


def urgency(todo: Todo) -> tuple[bool, datetime, str, int, str]:
    """Sort key: earliest due first (so the most overdue lead); no due time last."""
    return (todo.due is None, todo.due or _FAR, todo.case_ref, todo.assessment, todo.id)


def mark_done(
    record: CaseRecord,
    item_id: str,
    done_at: datetime,
    now: datetime,
    note: str = "",
    assessment: int | None = None,
) -> FollowupDone:
    """The entry that marks one open to-do done. Refuses anything that is not an open
    to-do of the record, a to-do open in more than one assessment unless `assessment`
    names one, and a time before the assessment, after `now` or with no time zone."""
    if done_at.tzinfo is None:
        raise UsageError("the time a follow-up was done needs a time zone")
    if done_at > now:
        raise UsageError("--at is in the future: give the time the follow-up was done")
    candidates = [t for t in open_todos(record) if t.id == item_id]
    if assessment is not None:
        candidates = [t for t in candidates if t.assessment == assessment]
    if not candidates:
        raise UsageError(_not_open(record, item_id, assessment))
    if len(candidates) > 1:
        numbers = ", ".join(str(t.assessment) for t in candidates)
        raise UsageError(
            f"{item_id} is open in assessments {numbers} of case {record.case_ref}: "
            "say which with --assessment N"
        )
    todo = candidates[0]
    found = record.get(todo.assessment)
    assert found is not None
    if done_at < found.assessed_at:
        raise UsageError(
            f"--at is before assessment {todo.assessment} was made "
            f"({found.assessed_at.astimezone(UK):%Y-%m-%d %H:%M} UK time)"
        )
    from thresholdcli.records.model import FollowupDone

    return FollowupDone(
        assessment=todo.assessment, id=item_id, done_at=done_at.astimezone(UTC), note=note
    )


def _not_open(record: CaseRecord, item_id: str, assessment: int | None) -> str:
    where = f" in assessment {assessment}" if assessment is not None else ""
    already = [
        e
        for e in record.followups_done
        if e.id == item_id and (assessment is None or e.assessment == assessment)
    ]
    if already:
        last = already[-1]
        return (
            f"{item_id}{where} of case {record.case_ref} was already marked done "
            f"on {last.done_at.astimezone(UK):%Y-%m-%d %H:%M} (UK time)"
        )
    open_ids = sorted({t.id for t in open_todos(record)})
    listed = ", ".join(open_ids) if open_ids else "none"
    return (
        f"{item_id}{where} is not an open follow-up of case {record.case_ref} "
        f"(open: {listed}; see thresholdcli followups)"
    )
