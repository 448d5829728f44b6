"""A referral summary of one assessment: what the phone call and the written referral
need, from the record. Pure: the record, the frameworks and the moment are passed in.

Nothing is added that the record does not hold. The framework's data gives only its own
words (domain and level names, each consent rule and question, printed time limits) and
the contacts to call; where the pinned framework is no longer shipped, or has changed,
the summary says so instead of taking the words from another version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from thresholdcli.advice.contacts import UK, CallPlan, plan_calls, plan_json
from thresholdcli.casework.history import PinCheck, recorded_reasons_json
from thresholdcli.casework.todos import Lateness, lateness
from thresholdcli.json_doc import SCHEMA_VERSION, framework_ref_json, level_json
from thresholdcli.records.rules import GENERAL_NOTE

if TYPE_CHECKING:
    from thresholdcli.framework.model import ConsentItem, Framework
    from thresholdcli.records.model import (
        Assessment,
        CaseRecord,
        ConsentAnswer,
        ConsentRecord,
        FollowupDone,
        TickedIndicator,
    )


@dataclass(frozen=True)
class ConcernGroup:
    """The ticked indicators of one domain, as recorded (verbatim, with their levels)."""

    domain: str
    name: str  # as the framework prints it; the id when the framework is not shipped
    indicators: tuple[TickedIndicator, ...]


@dataclass(frozen=True)
class DomainNote:
    domain: str
    name: str
    text: str


@dataclass(frozen=True)
class ConsentLine:
    """One consent or information-sharing answer, with the framework's rule when known."""

    record: ConsentRecord  # the answer as recorded
    item: ConsentItem | None  # the framework's words, from the pinned framework's data
    missing: str | None  # why the framework's words are not given
    done: FollowupDone | None  # marked done later with `followups done`
    lateness: Lateness | None  # for an open to-do with a due time, at the summary's moment

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def answer(self) -> ConsentAnswer:
        return self.record.answer

    @property
    def due(self) -> datetime | None:
        return self.record.due


@dataclass(frozen=True)
class Route:
    """Whom to call at a moment, from the framework's contacts (`plan_calls`)."""

    label: str
    at: datetime  # UK local time
    framework_ref: str | None
    plan: CallPlan | None
    missing: str | None  # why there is no plan
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Referral:
    case_ref: str
    assessment: Assessment
    assessments: int  # how many the case has
    made_at: datetime  # when this summary was made (UK local time)
    framework: Framework | None  # the pinned framework when its version is shipped
    pin: PinCheck
    concerns: tuple[ConcernGroup, ...]
    not_looked_at: tuple[str, ...]  # domain names (ids when the framework is not shipped)
    notes: tuple[DomainNote, ...]
    consent: tuple[ConsentLine, ...]
    routes: tuple[Route, Route]
    open_elsewhere: int  # open to-dos of the case's other assessments

    @property
    def followups(self) -> tuple[ConsentLine, ...]:
        return tuple(line for line in self.consent if line.answer == "to_do")

    @property
    def framework_ref(self) -> str:
        return f"{self.assessment.framework.id}@{self.assessment.framework.version}"

    def level_name(self, rank: int) -> str | None:
        if self.framework is not None and 1 <= rank <= self.framework.top_rank:
            return self.framework.level(rank).name
        return None

    def to_json(self) -> dict[str, Any]:
        return referral_json(self)


def build_referral(
    record: CaseRecord,
    number: int,
    framework: Framework | None,
    pin: PinCheck,
    current: Framework | None,
    now: datetime,
) -> Referral:
    """The summary of assessment `number`. `framework` is the pinned framework (None when
    its version is not shipped); `current` is the newest shipped version of the same id
    (None when none is), used only for whom to call now."""
    assessment = record.get(number)
    if assessment is None:
        raise ValueError(f"no assessment {number}")
    names = {d.id: d.name for d in framework.domains} if framework is not None else {}
    names[GENERAL_NOTE] = "General"  # the interview's notes box
    order = {d.id: n for n, d in enumerate(framework.domains)} if framework is not None else {}
    groups: dict[str, list[TickedIndicator]] = {}
    for indicator in assessment.indicators:
        groups.setdefault(indicator.domain, []).append(indicator)
    concerns = tuple(
        ConcernGroup(domain, names.get(domain, domain), tuple(found))
        for domain, found in sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order)))
    )
    notes = tuple(
        DomainNote(domain, names.get(domain, domain), text)
        for domain, text in sorted(
            assessment.notes.items(), key=lambda kv: order.get(kv[0], len(order))
        )
        if text.strip()
    )
    done = {(e.assessment, e.id): e for e in record.followups_done}
    consent = tuple(
        _consent_line(item, framework, pin, done.get((number, item.id)), now)
        for item in assessment.consent
    )
    open_elsewhere = sum(
        1
        for other in record.assessments
        if other.number != number
        for item in other.consent
        if item.answer == "to_do" and (other.number, item.id) not in done
    )
    return Referral(
        case_ref=record.case_ref,
        assessment=assessment,
        assessments=len(record.assessments),
        made_at=now.astimezone(UK),
        framework=framework,
        pin=pin,
        concerns=concerns,
        not_looked_at=tuple(names.get(d, d) for d in assessment.domains_not_looked_at),
        notes=notes,
        consent=consent,
        routes=(
            _route_then(assessment, framework, pin),
            _route_now(assessment, framework, current, now),
        ),
        open_elsewhere=open_elsewhere,
    )


def _consent_line(
    answer: ConsentRecord,
    framework: Framework | None,
    pin: PinCheck,
    done: FollowupDone | None,
    now: datetime,
) -> ConsentLine:
    item = None
    missing = None
    if framework is None:
        missing = f"{pin.notice}; see the framework's own document"
    else:
        item = next((c for c in framework.consent if c.id == answer.id), None)
        if item is None:
            missing = f"{framework.ref} as shipped now has no item {answer.id}"
    open_todo = answer.answer == "to_do" and done is None
    late = lateness(answer.due, now) if open_todo and answer.due is not None else None
    return ConsentLine(answer, item, missing, done, late)


def _route_then(assessment: Assessment, framework: Framework | None, pin: PinCheck) -> Route:
    at = assessment.assessed_at.astimezone(UK)
    label = "At the assessment"
    if framework is None:
        return Route(label, at, None, None, f"{pin.notice}: its contacts are not available")
    plan = plan_calls(
        framework,
        at,
        assessment.immediate_danger,
        _rank(framework, assessment.decision.rank),
        significant_harm=assessment.suggestion.act_now,
    )
    return Route(label, at, framework.ref, plan, None)


def _route_now(
    assessment: Assessment,
    framework: Framework | None,
    current: Framework | None,
    now: datetime,
) -> Route:
    at = now.astimezone(UK)
    label = "Now"
    if current is None:
        pin = assessment.framework
        return Route(label, at, None, None, f"{pin.id} is not a shipped framework any more")
    notes = []
    level: int | None = _rank(current, assessment.decision.rank)
    if framework is None or current.ref != framework.ref:
        level = None
        notes.append(
            f"From {current.ref}, the version shipped now (the assessment used "
            f"{assessment.framework.id}@{assessment.framework.version}): contacts for every "
            "level are shown."
        )
    if current.superseded_by:
        notes.append(
            f"{current.ref} is superseded by {current.superseded_by}: check which framework "
            "the authority uses now."
        )
    plan = plan_calls(
        current,
        at,
        assessment.immediate_danger,
        level,
        significant_harm=assessment.suggestion.act_now,
    )
    return Route(label, at, current.ref, plan, None, tuple(notes))


def _rank(framework: Framework, rank: int) -> int | None:
    return rank if 1 <= rank <= framework.top_rank else None


# --- JSON --------------------------------------------------------------------------------


def _route_json(route: Route) -> dict[str, Any]:
    plan = plan_json(route.plan) if route.plan is not None else {}
    return {
        "label": route.label,
        "at": route.at.isoformat(),
        "framework": framework_ref_json(route.framework_ref) if route.framework_ref else None,
        "missing": route.missing,
        "call_now": plan.get("call_now", []),
        "if_significant_harm": plan.get("if_significant_harm", []),
        "summary": plan.get("summary"),
        "notes": [*route.notes, *plan.get("notes", [])],
    }


def _consent_json(line: ConsentLine) -> dict[str, Any]:
    item = line.item
    return {
        "id": line.id,
        "answer": line.answer,
        "reason": line.record.reason,
        "reason_required": line.record.reason_required,
        "due": line.due.isoformat() if line.due is not None else None,
        "question": item.question if item is not None else None,
        "rule": item.rule if item is not None else None,
        "section": item.section if item is not None else None,
        "cite": [c.model_dump() for c in item.quote_cites("rule")] if item is not None else [],
        "limit": item.due.text if item is not None and item.due is not None else None,
        "rule_missing": line.missing,
        "done": (
            {"done_at": line.done.done_at.isoformat(), "note": line.done.note}
            if line.done is not None
            else None
        ),
        "status": line.lateness.text if line.lateness is not None else None,
    }


def referral_json(referral: Referral) -> dict[str, Any]:
    a = referral.assessment
    return {
        "schema_version": SCHEMA_VERSION,
        "case_ref": referral.case_ref,
        "assessment": a.number,
        "assessments": referral.assessments,
        "assessed_at": a.assessed_at.isoformat(),
        "made_at": referral.made_at.isoformat(),
        "framework": {
            **referral.pin.to_json(),
            "authority": referral.framework.authority if referral.framework else None,
            "title": referral.framework.title if referral.framework else None,
            "changed_from": a.framework_changed_from or None,
        },
        "age": a.age,
        "assessor_role": a.assessor_role,
        "immediate_danger": a.immediate_danger,
        "act_now": a.suggestion.act_now,
        "suggested": level_json(a.suggestion.rank, a.suggestion.name),
        "reasons": recorded_reasons_json(a),
        "warnings": list(a.suggestion.warnings),
        "considerations": [
            {
                "rule": c.rule,
                "consider_level": c.consider_level,
                "accepted": c.accepted,
                "text": c.text,
            }
            for c in a.considerations
        ],
        "decided": level_json(a.decision.rank, a.decision.name),
        "agrees_with_suggestion": a.decision.agrees_with_suggestion,
        "decision_reason": a.decision.reason,
        "agreed_by": a.decision.agreed_by,
        "concerns": [
            {
                "domain": group.domain,
                "name": group.name,
                "indicators": [
                    {"id": i.id, "level": i.level, "text": i.text} for i in group.indicators
                ],
            }
            for group in referral.concerns
        ],
        "domains_not_looked_at": list(referral.not_looked_at),
        "notes": [{"domain": n.domain, "name": n.name, "text": n.text} for n in referral.notes],
        "strengths": a.strengths,
        "consent": [_consent_json(line) for line in referral.consent],
        "routes": [_route_json(route) for route in referral.routes],
        "followups": [line.id for line in referral.followups],
        "open_followups_in_other_assessments": referral.open_elsewhere,
    }
