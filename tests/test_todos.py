"""Open and overdue to-dos of a case."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.test_records import make_assessment
from thresholdcli.casework.todos import open_todos, overdue
from thresholdcli.records.model import CaseRecord, ConsentRecord, FollowupDone

DUE = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def record_with_todos() -> CaseRecord:
    consent = [
        ConsentRecord(id="written-follow-up", answer="to_do", due=DUE),
        ConsentRecord(id="seek-feedback", answer="to_do"),
        ConsentRecord(id="consent-sought", answer="done"),
    ]
    first = make_assessment(number=1).model_copy(update={"consent": consent})
    return CaseRecord(case_ref="C-1", assessments=[first])


def test_only_to_do_answers_are_open() -> None:
    assert [t.id for t in open_todos(record_with_todos())] == ["written-follow-up", "seek-feedback"]


def test_marked_done_later_is_no_longer_open() -> None:
    record = record_with_todos().model_copy(
        update={
            "followups_done": [
                FollowupDone(assessment=1, id="written-follow-up", done_at=DUE, note="")
            ]
        }
    )
    assert [t.id for t in open_todos(record)] == ["seek-feedback"]


def test_overdue_needs_a_due_time_in_the_past() -> None:
    todos = open_todos(record_with_todos())
    assert overdue(todos, datetime(2026, 11, 25, 9, 59, tzinfo=UTC)) == []
    assert [t.id for t in overdue(todos, datetime(2026, 11, 25, 10, 1, tzinfo=UTC))] == [
        "written-follow-up"
    ]
