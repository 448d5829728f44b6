"""What changed between two assessments: level, indicators per domain, notes, consent, decision.

Pure: works from the records alone (each assessment keeps its indicators' domain, level and
text), so two assessments compare even when their framework has moved on since.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from thresholdcli.casework.history import PinCheck, ShippedIndex, Step, check_pin, local_date, step
from thresholdcli.errors import UsageError
from thresholdcli.json_doc import level_json

if TYPE_CHECKING:
    from thresholdcli.records.model import Assessment, CaseRecord, ConsentRecord, TickedIndicator

V = TypeVar("V")
ABSENT = "—"


class Side(NamedTuple):
    """One of the two assessments compared: where it comes from and which one it is."""

    source: str
    case_ref: str
    assessment: Assessment
    pin: PinCheck

    @property
    def label(self) -> str:
        a = self.assessment
        return f"{self.source} #{a.number} ({local_date(a).isoformat()})"


class LevelChange(NamedTuple):
    before_rank: int
    before_name: str
    after_rank: int
    after_name: str
    step: Step

    @property
    def changed(self) -> bool:
        return (self.before_rank, self.before_name) != (self.after_rank, self.after_name)

    def to_json(self) -> dict[str, Any]:
        return {
            "before": level_json(self.before_rank, self.before_name),
            "after": level_json(self.after_rank, self.after_name),
            "step": self.step,
        }


class FieldChange(NamedTuple):
    """A value shown as text on both sides, e.g. age, a note, a consent answer."""

    field: str
    before: str
    after: str

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "before": self.before, "after": self.after}


class DomainChange(NamedTuple):
    domain: str
    added: tuple[TickedIndicator, ...]
    removed: tuple[TickedIndicator, ...]
    name: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "name": self.name or self.domain,
            "added": [i.model_dump() for i in self.added],
            "removed": [i.model_dump() for i in self.removed],
        }


class AssessmentDiff(NamedTuple):
    before: Side
    after: Side
    suggested: LevelChange
    decided: LevelChange
    details: tuple[FieldChange, ...]
    indicators: tuple[DomainChange, ...]
    notes: tuple[FieldChange, ...]
    considerations: tuple[FieldChange, ...]
    consent: tuple[FieldChange, ...]
    decision: tuple[FieldChange, ...]

    @property
    def notices(self) -> tuple[str, ...]:
        grouped: dict[str, list[str]] = {}
        for side in (self.before, self.after):
            if side.pin.notice:
                grouped.setdefault(side.pin.notice, []).append(side.label)
        return tuple(f"{' and '.join(labels)}: {notice}." for notice, labels in grouped.items())

    @property
    def unchanged(self) -> bool:
        return not (
            self.suggested.changed
            or self.decided.changed
            or self.details
            or self.indicators
            or self.notes
            or self.considerations
            or self.consent
            or self.decision
        )

    def to_json(self) -> dict[str, Any]:
        def side(s: Side) -> dict[str, Any]:
            a = s.assessment
            return {
                "source": s.source,
                "case_ref": s.case_ref,
                "number": a.number,
                "assessed_at": a.assessed_at.isoformat(),
                "framework": s.pin.to_json(),
            }

        return {
            "before": side(self.before),
            "after": side(self.after),
            "unchanged": self.unchanged,
            "suggested": self.suggested.to_json(),
            "decided": self.decided.to_json(),
            "details": [c.to_json() for c in self.details],
            "indicators": [c.to_json() for c in self.indicators],
            "notes": [c.to_json() for c in self.notes],
            "considerations": [c.to_json() for c in self.considerations],
            "consent": [c.to_json() for c in self.consent],
            "decision": [c.to_json() for c in self.decision],
            "notices": list(self.notices),
        }


def pick(record: CaseRecord, first: int | None, second: int | None) -> tuple[int, int]:
    """Which two assessments `diff` compares: by default the last two."""
    count = len(record.assessments)
    after = second if second is not None else count
    before = first if first is not None else after - 1
    for option, number in (("--from", before), ("--to", after)):
        if record.get(number) is None:
            if count == 1:
                raise UsageError(
                    f"case {record.case_ref} has only one assessment: nothing to compare yet"
                )
            raise UsageError(
                f"{option} {number}: case {record.case_ref} has assessments 1 to {count}"
            )
    return before, after


def compare(
    before: Side, after: Side, domain_names: Mapping[str, str] | None = None
) -> AssessmentDiff:
    a, b = before.assessment, after.assessment
    return AssessmentDiff(
        before=before,
        after=after,
        suggested=LevelChange(
            a.suggestion.rank,
            a.suggestion.name,
            b.suggestion.rank,
            b.suggestion.name,
            _level_step(a, b, a.suggestion.rank, b.suggestion.rank),
        ),
        decided=LevelChange(
            a.decision.rank, a.decision.name, b.decision.rank, b.decision.name, step(a, b)
        ),
        details=_changed(
            [
                ("framework", _ref(a), _ref(b)),
                ("immediate danger", _yes_no(a.immediate_danger), _yes_no(b.immediate_danger)),
                ("act now", _yes_no(a.suggestion.act_now), _yes_no(b.suggestion.act_now)),
                ("age", _age(a), _age(b)),
                ("sections", ", ".join(a.sections) or "none", ", ".join(b.sections) or "none"),
                ("assessor role", a.assessor_role, b.assessor_role),
                ("strengths", a.strengths, b.strengths),
            ]
        ),
        indicators=_indicator_changes(a.indicators, b.indicators, domain_names or {}),
        notes=_keyed_changes(a.notes, b.notes, lambda text: text),
        considerations=_keyed_changes(
            {c.rule: c.accepted for c in a.considerations},
            {c.rule: c.accepted for c in b.considerations},
            lambda accepted: f"level considered: {'yes' if accepted else 'no'}",
        ),
        consent=_keyed_changes(
            {c.id: c for c in a.consent}, {c.id: c for c in b.consent}, _consent_text
        ),
        decision=_changed(
            [
                ("reason", a.decision.reason, b.decision.reason),
                ("agreed by", a.decision.agreed_by, b.decision.agreed_by),
                (
                    "agrees with suggestion",
                    _yes_no(a.decision.agrees_with_suggestion),
                    _yes_no(b.decision.agrees_with_suggestion),
                ),
            ]
        ),
    )


def side(source: str, record: CaseRecord, number: int, shipped: ShippedIndex) -> Side:
    assessment = record.assessments[number - 1]
    return Side(source, record.case_ref, assessment, check_pin(assessment.framework, shipped))


def _level_step(a: Assessment, b: Assessment, before: int, after: int) -> Step:
    if a.framework.id != b.framework.id:
        return "other_framework"
    return "up" if after > before else "down" if after < before else "same"


def _ref(a: Assessment) -> str:
    return f"{a.framework.id}@{a.framework.version}"


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _age(a: Assessment) -> str:
    return "not recorded" if a.age is None else str(a.age)


def _changed(rows: Sequence[tuple[str, str, str]]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(name, old, new) for name, old, new in rows if old != new)


def _keyed_changes(
    before: Mapping[str, V], after: Mapping[str, V], text: Callable[[V], str]
) -> tuple[FieldChange, ...]:
    """Changes per key, in the order keys first appear (after, then before)."""
    keys = list(after) + [k for k in before if k not in after]
    return tuple(
        FieldChange(
            key,
            text(before[key]) if key in before else ABSENT,
            text(after[key]) if key in after else ABSENT,
        )
        for key in keys
        if before.get(key) != after.get(key)
    )


def _consent_text(record: ConsentRecord) -> str:
    words = {"done": "done", "not_done": "not done", "not_applicable": "not applicable"}
    answer = words[record.answer]
    return f"{answer} (reason: {record.reason})" if record.reason else answer


def _indicator_changes(
    before: Sequence[TickedIndicator],
    after: Sequence[TickedIndicator],
    domain_names: Mapping[str, str],
) -> tuple[DomainChange, ...]:
    old = {i.id: i for i in before}
    new = {i.id: i for i in after}
    domains = list(dict.fromkeys([i.domain for i in after] + [i.domain for i in before]))
    changes = []
    for domain in domains:
        added = tuple(i for i in after if i.domain == domain and i.id not in old)
        removed = tuple(i for i in before if i.domain == domain and i.id not in new)
        if added or removed:
            changes.append(DomainChange(domain, added, removed, domain_names.get(domain, "")))
    return tuple(changes)
