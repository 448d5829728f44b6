"""A to-do described for the practitioner: what it is (the framework's own question),
when it is due and how late it is. Pure: the framework item and the moment are passed in.

The record holds the to-do (item id, due time, any reason typed); the wording comes
from the pinned framework's data. Where that framework is no longer shipped the
wording is not guessed from another version: the follow-up says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from thresholdcli.advice.contacts import UK
from thresholdcli.advice.duties import reading_for
from thresholdcli.casework.todos import LATENESS_READING, Lateness, Todo, lateness, open_todos

if TYPE_CHECKING:
    from thresholdcli.framework.model import ConsentItem, Framework
    from thresholdcli.records.model import CaseRecord, FrameworkPin

NO_DUE = "no due time recorded"


@dataclass(frozen=True)
class Followup:
    todo: Todo
    pin: FrameworkPin
    item: ConsentItem | None  # from the pinned framework's data; None when not shipped
    wording_note: str | None  # why the wording is missing or may differ from the time
    lateness: Lateness | None  # None when the record holds no due time

    @property
    def framework_ref(self) -> str:
        return f"{self.pin.id}@{self.pin.version}"

    @property
    def what(self) -> str:
        if self.item is not None:
            return self.item.question
        return f"consent item {self.todo.id} (wording not available: {self.wording_note})"

    @property
    def due_text(self) -> str:
        if self.todo.due is None:
            return NO_DUE
        return f"{self.todo.due.astimezone(UK):%a %d %b %Y %H:%M}"

    @property
    def status(self) -> str:
        return self.lateness.text if self.lateness is not None else NO_DUE

    @property
    def overdue(self) -> bool:
        return self.lateness is not None and self.lateness.overdue

    @property
    def readings(self) -> tuple[str, ...]:
        """thresholdcli's readings behind the due time and the lateness shown."""
        found = []
        if self.item is not None and self.item.due is not None and self.todo.due is not None:
            found.append(reading_for(self.item.due))
        if self.lateness is not None:
            found.append(LATENESS_READING)
        return tuple(found)

    def done_command(self) -> str:
        return f"thresholdcli followups done {self.todo.case_ref} {self.todo.id}"

    def to_json(self, show_notes: bool = False) -> dict[str, Any]:
        """No free text from the record unless `show_notes`: the reason typed is left out."""
        item = self.item
        late = self.lateness
        data: dict[str, Any] = {
            "case_ref": self.todo.case_ref,
            "assessment": self.todo.assessment,
            "id": self.todo.id,
            "framework": {"id": self.pin.id, "version": self.pin.version},
            "what": item.question if item is not None else None,
            "section": item.section if item is not None else None,
            "wording_note": self.wording_note,
            "due": self.todo.due.isoformat() if self.todo.due is not None else None,
            "limit": item.due.text if item is not None and item.due is not None else None,
            "overdue": self.overdue,
            "hours": late.hours if late is not None else None,
            "working_days": late.working_days if late is not None else None,
            "status": self.status,
            "readings": list(self.readings),
        }
        if show_notes:
            data["reason"] = self.todo.reason
        return data


def describe(
    todo: Todo,
    pin: FrameworkPin,
    item: ConsentItem | None,
    wording_note: str | None,
    as_of: datetime,
) -> Followup:
    late = lateness(todo.due, as_of) if todo.due is not None else None
    return Followup(todo, pin, item, wording_note, late)


# The pinned framework for a pin, if shipped, and a note when its words may not be the
# ones the practitioner saw (changed or no longer shipped).
PinnedLookup = Callable[["FrameworkPin"], "tuple[Framework | None, str | None]"]


def case_followups(record: CaseRecord, as_of: datetime, pinned: PinnedLookup) -> list[Followup]:
    """The open to-dos of one case, each described, in the record's order."""
    found = []
    for todo in open_todos(record):
        assessment = record.get(todo.assessment)
        assert assessment is not None
        framework, note = pinned(assessment.framework)
        item = None
        if framework is not None:
            item = next((c for c in framework.consent if c.id == todo.id), None)
            if item is None:
                note = f"{framework.ref} no longer has this item"
        found.append(describe(todo, assessment.framework, item, note, as_of))
    return found
