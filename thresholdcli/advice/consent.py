"""The consent and information-sharing checklist. Pure: no I/O, no clock.

Which of a framework's consent items apply at a level and age, how each is worded
(the framework's own rule, citing its section: never advice beyond the framework), and
which recorded answers lack the reason the framework requires (for the result screen
and for `audit`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from thresholdcli.advice.contacts import UK
from thresholdcli.advice.duties import due_at, reading_for
from thresholdcli.framework.provenance import words
from thresholdcli.quote_markup import plain

if TYPE_CHECKING:
    from thresholdcli.framework.model import ConsentItem, Framework
    from thresholdcli.records.model import Assessment, ConsentRecord

Age = int | Literal["unborn"] | None


@dataclass(frozen=True)
class MissingReason:
    """A consent item answered "not done" without the reason the framework requires."""

    id: str
    message: str


def applies_to_age(item: ConsentItem, age: Age) -> bool:
    """An unknown age keeps every item (the practitioner can answer "not applicable").

    A minimum age (e.g. Telford's competent person, 12 or over) never admits an unborn
    child, whatever `unborn` defaults to.
    """
    if item.age is None or age is None:
        return True
    if age == "unborn":
        return item.age.unborn and not item.age.min
    return item.age.admits(age)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def act_now_consent(framework: Framework) -> list[ConsentItem]:
    """The framework's own words on consent for the ACT NOW panel (items flagged `in_act_now`),
    leaving out any whose words the framework's act-now text already quotes."""
    said = _plain(framework.act_now)
    return [item for item in framework.consent if item.in_act_now and _plain(item.rule) not in said]


def checklist(framework: Framework, rank: int, age: Age) -> list[ConsentItem]:
    """The items that apply at level `rank` for a child of `age`, in the framework's order."""
    return [item for item in framework.consent_for(rank) if applies_to_age(item, age)]


def rule_text(item: ConsentItem) -> str:
    """The rule in the framework's words, citing where it is in the source text."""
    rule = words(None, item, "rule")
    text = f"{rule.intro()}\n“{plain(item.rule)}”"
    if item.uncertain:
        text += f"\n(Where this applies is a judgement in the framework data: {item.note})"
    return text


def question_text(item: ConsentItem) -> str:
    return f"{item.question} [{item.section}]"


def due_time(item: ConsentItem, start: datetime) -> datetime | None:
    """When the duty falls due (UTC), counted from `start`; None without a printed limit."""
    if item.due is None:
        return None
    return due_at(start, item.due).astimezone(UTC)


def when(moment: datetime) -> str:
    """A due time as a practitioner reads it: UK local, with the weekday."""
    return f"{moment.astimezone(UK):%a %d %b %Y %H:%M} (UK time)"


def due_lines(item: ConsentItem, start: datetime) -> list[str]:
    """The printed limit, the due time thresholdcli computed from it, and how it counted."""
    due = due_time(item, start)
    if item.due is None or due is None:
        return []
    return [
        f"Time limit printed: “{item.due.text}”. If it is still to do, it is due by {when(due)}.",
        f"({reading_for(item.due)}.)",
    ]


def reason_prompt(item: ConsentItem) -> str:
    if item.reason_required:
        return "Reason it is not done (the framework requires a reason to be recorded):"
    return "Reason it is not done (optional):"


def lacks_reason(record: ConsentRecord) -> bool:
    return record.answer == "not_done" and record.reason_required and not record.reason.strip()


def missing_reasons(assessment: Assessment) -> list[MissingReason]:
    """Consent answers "not done" with no reason where the framework requires one."""
    return [
        MissingReason(
            id=record.id,
            message=(
                f"consent item {record.id}: not done and no reason recorded "
                "(the framework requires a reason)"
            ),
        )
        for record in assessment.consent
        if lacks_reason(record)
    ]


def missing_reason_lines(framework: Framework, records: list[ConsentRecord]) -> list[str]:
    """The flags shown on screen: the question and section of each item lacking a reason."""
    items = {item.id: item for item in framework.consent}
    lines = []
    for record in records:
        if not lacks_reason(record):
            continue
        item = items.get(record.id)
        where = f"{item.question} [{item.section}]" if item else f"consent item {record.id}"
        lines.append(
            f"MISSING REASON: {where} — marked not done, and the framework requires a "
            "reason to be recorded."
        )
    return lines
