"""A case's trajectory over time, and whether each assessment's framework has moved on.

Pure: works from a loaded case record and an index of the shipped frameworks' hashes.
An old record always gets a history, whatever has happened to its framework since.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from thresholdcli.casework.todos import UK, Todo, lateness, open_todos, overdue
from thresholdcli.json_doc import framework_json, level_json

if TYPE_CHECKING:
    from thresholdcli.records.model import Assessment, CaseRecord, FrameworkPin

Step = Literal["first", "up", "down", "same", "other_framework"]
PinState = Literal["current", "changed", "version_not_shipped", "not_shipped"]
# Framework id -> [(version, content hash)] in shipping order; the last is the newest.
ShippedIndex = Mapping[str, Sequence[tuple[str, str]]]


class PinCheck(NamedTuple):
    """How an assessment's pinned framework compares with what is shipped now."""

    pin: FrameworkPin
    state: PinState
    shipped_ref: str | None

    @property
    def ref(self) -> str:
        return f"{self.pin.id}@{self.pin.version}"

    def to_json(self) -> dict[str, Any]:
        """The pinned framework as every JSON document names it, with how it compares now."""
        return framework_json(
            self.pin.id,
            self.pin.version,
            hash=self.pin.hash,
            state=self.state,
            notice=self.notice,
        )

    @property
    def notice(self) -> str | None:
        if self.state == "changed":
            return f"{self.ref} has changed since then"
        if self.state == "version_not_shipped":
            return f"{self.ref} is no longer shipped; the current version is {self.shipped_ref}"
        if self.state == "not_shipped":
            return f"{self.pin.id} is not a shipped framework any more"
        return None


def recorded_reasons_json(assessment: Assessment) -> list[dict[str, Any]]:
    """The recorded suggestion's reasons as every JSON document gives them: the indicators
    as objects (id, level and text as ticked), not bare ids."""
    ticked = {t.id: t for t in assessment.indicators}

    def indicator(id_: str) -> dict[str, Any]:
        found = ticked.get(id_)
        if found is None:  # a reason naming an indicator not ticked: keep what is recorded
            return {"id": id_, "level": None, "text": None}
        return {"id": found.id, "level": found.level, "text": found.text}

    return [
        {
            "rule": r.rule,
            "level": r.level,
            "text": r.text,
            "indicators": [indicator(i) for i in r.indicators],
        }
        for r in assessment.suggestion.reasons
    ]


def check_pin(pin: FrameworkPin, shipped: ShippedIndex) -> PinCheck:
    versions = shipped.get(pin.id, ())
    if not versions:
        return PinCheck(pin, "not_shipped", None)
    newest = f"{pin.id}@{versions[-1][0]}"
    hashes = dict(versions)
    if pin.version not in hashes:
        return PinCheck(pin, "version_not_shipped", newest)
    state: PinState = "current" if hashes[pin.version] == pin.hash else "changed"
    return PinCheck(pin, state, f"{pin.id}@{pin.version}")


def local_date(assessment: Assessment) -> date:
    """The assessment's date in UK local time (the record keeps UTC)."""
    return assessment.assessed_at.astimezone(UK).date()


def step(before: Assessment | None, after: Assessment) -> Step:
    """The decided level's move from one assessment to the next."""
    if before is None:
        return "first"
    if before.framework.id != after.framework.id:
        return "other_framework"
    if after.decision.rank > before.decision.rank:
        return "up"
    if after.decision.rank < before.decision.rank:
        return "down"
    return "same"


class TrajectoryRow(NamedTuple):
    assessment: Assessment
    step: Step
    pin: PinCheck

    @property
    def number(self) -> int:
        return self.assessment.number

    @property
    def date(self) -> date:
        return local_date(self.assessment)

    def to_json(self) -> dict[str, Any]:
        a = self.assessment
        return {
            "number": a.number,
            "assessed_at": a.assessed_at.isoformat(),
            "date": self.date.isoformat(),
            "framework": self.pin.to_json(),
            "suggested": level_json(a.suggestion.rank, a.suggestion.name),
            "act_now": a.suggestion.act_now,
            "immediate_danger": a.immediate_danger,
            "decided": level_json(a.decision.rank, a.decision.name),
            "agrees_with_suggestion": a.decision.agrees_with_suggestion,
            "step": self.step,
            "assessor_role": a.assessor_role,
            "agreed_by": a.decision.agreed_by,
        }


class History(NamedTuple):
    case_ref: str
    rows: tuple[TrajectoryRow, ...]
    as_of: datetime | None = None  # the moment follow-ups are judged overdue at
    todos: tuple[Todo, ...] = ()  # follow-ups not yet done, oldest first

    @property
    def overdue(self) -> tuple[Todo, ...]:
        return tuple(overdue(self.todos, self.as_of)) if self.as_of is not None else ()

    @property
    def notices(self) -> tuple[str, ...]:
        """One line per framework that has moved on, naming the assessments concerned."""
        grouped: dict[str, list[str]] = {}
        for row in self.rows:
            if row.pin.notice:
                grouped.setdefault(row.pin.notice, []).append(str(row.number))
        return tuple(
            f"{'Assessment' if len(numbers) == 1 else 'Assessments'} "
            f"{', '.join(numbers)}: {notice}."
            for notice, numbers in grouped.items()
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "case_ref": self.case_ref,
            "assessments": [row.to_json() for row in self.rows],
            "notices": list(self.notices),
            "followups": self._followups_json(),
        }

    def _followups_json(self) -> dict[str, Any]:
        as_of = self.as_of
        return {
            "as_of": as_of.isoformat() if as_of is not None else None,
            "open": len(self.todos),
            "overdue": len(self.overdue),
            "overdue_items": [
                {
                    "assessment": todo.assessment,
                    "id": todo.id,
                    "due": todo.due.isoformat(),
                    "status": lateness(todo.due, as_of).text,
                }
                for todo in self.overdue
                if todo.due is not None and as_of is not None
            ],
        }


def trajectory(record: CaseRecord, shipped: ShippedIndex, as_of: datetime | None = None) -> History:
    rows = []
    before: Assessment | None = None
    for assessment in record.assessments:
        pin = check_pin(assessment.framework, shipped)
        rows.append(TrajectoryRow(assessment, step(before, assessment), pin))
        before = assessment
    return History(record.case_ref, tuple(rows), as_of, tuple(open_todos(record)))
