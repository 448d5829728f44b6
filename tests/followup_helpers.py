"""Hand-written case records with to-dos, pinned to a shipped framework."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from thresholdcli.advice.duties import due_at
from thresholdcli.framework import loader
from thresholdcli.framework.model import Due
from thresholdcli.records import store
from thresholdcli.records.model import (
    Assessment,
    ConsentRecord,
    Decision,
    FrameworkPin,
    ReasonRecord,
    Suggestion,
    TickedIndicator,
)

HOURS_48 = Due(hours=48, text="within 48 hours")
TWO_WORKING_DAYS = Due(working_days=2, text="within 2 working days")
FIVE_WORKING_DAYS = Due(working_days=5, text="within 5 working days")
# Free text that must never leak into follow-ups output unless asked for.
SECRET = "Jane-Secret-Smith"


def hull_assessment(
    at: datetime,
    todos: dict[str, Due | None],
    reason: str = "",
    done: tuple[str, ...] = (),
) -> Assessment:
    """A Hull level-4 assessment made at `at`, with each of `todos` answered "to do" (its
    due time computed from `at` by the framework's printed limit, or none)."""
    framework, digest = loader.resolve("hull")
    indicator = next(i for i in framework.indicators if i.level == 4 and not i.act_now)
    consent = [
        ConsentRecord(
            id=item_id,
            answer="to_do",
            reason=reason,
            due=due_at(at, limit) if limit is not None else None,
        )
        for item_id, limit in todos.items()
    ]
    consent += [ConsentRecord(id=item_id, answer="done") for item_id in done]
    return Assessment(
        number=1,
        assessed_at=at,
        tool_version="test",
        framework=FrameworkPin(id=framework.id, version=framework.version, hash=digest),
        assessor_role=f"role {SECRET}",
        age=9,
        immediate_danger=False,
        indicators=[
            TickedIndicator(id=indicator.id, domain=indicator.domain, level=4, text=indicator.text)
        ],
        notes={indicator.domain: f"note {SECRET}"},
        strengths=f"strengths {SECRET}",
        suggestion=Suggestion(
            rank=4,
            name=framework.level(4).name,
            reasons=[
                ReasonRecord(rule="highest_level", level=4, indicators=[indicator.id], text="x")
            ],
        ),
        decision=Decision(
            rank=4,
            name=framework.level(4).name,
            agrees_with_suggestion=True,
            reason=f"decision {SECRET}",
            agreed_by=f"agreed {SECRET}",
        ),
        consent=consent,
    )


def save(cases: Path, case_ref: str, assessment: Assessment) -> Path:
    store.append_assessment(cases, case_ref, assessment)
    return store.record_path(cases, case_ref)
