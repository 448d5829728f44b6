"""What the interview engine shows. Implemented by the rich renderer and by test fakes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from thresholdcli.casework.history import recorded_reasons_json
from thresholdcli.json_doc import framework_json, level_json

if TYPE_CHECKING:
    from thresholdcli.advice.contacts import CallPlan
    from thresholdcli.advice.scoring import Result
    from thresholdcli.casework.referral import Referral
    from thresholdcli.framework.model import Domain, Framework, GuidanceUse
    from thresholdcli.interview.engine import Outcome
    from thresholdcli.records.model import CaseRecord


class Output(Protocol):
    def emergency(self, framework: Framework | None) -> None:
        """The 999 screen: at once, and with the authority's own words once it is known."""
        ...

    def act_now(self, framework: Framework, plan: CallPlan, result: Result) -> None:
        """Significant harm: the framework's words, then phone now, and whom, in order."""
        ...

    def note(self, text: str) -> None: ...

    def guidance(self, framework: Framework, use: GuidanceUse) -> None:
        """The framework's guidance for an interview step (start, domains, strengths)."""
        ...

    def level_guidance(self, framework: Framework, rank: int, skip: Sequence[str] = ()) -> None:
        """The framework's guidance for the result at level `rank`, less the blocks in `skip`
        (already shown for the suggested level)."""
        ...

    def domain_header(self, index: int, total: int, domain: Domain) -> None: ...

    def result(self, framework: Framework, result: Result) -> None: ...

    def consent_header(self, framework: Framework, rank: int) -> None: ...

    def contacts(self, framework: Framework, plan: CallPlan) -> None: ...

    def saved(self, path: Path, record: CaseRecord) -> None: ...

    def referral(self, referral: Referral) -> None:
        """The referral summary of the assessment just saved."""
        ...


class SilentOutput:
    """Shows nothing; records what would have been shown (for tests and scripts)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def emergency(self, framework: Framework | None) -> None:
        self.events.append(("emergency", framework.id if framework else None))

    def act_now(self, framework: Framework, plan: CallPlan, result: Result) -> None:
        self.events.append(("act_now", [c.contact.id for c in plan.call_now]))

    def note(self, text: str) -> None:
        self.events.append(("note", text))

    def guidance(self, framework: Framework, use: GuidanceUse) -> None:
        self.events.append(("guidance", use))

    def level_guidance(self, framework: Framework, rank: int, skip: Sequence[str] = ()) -> None:
        self.events.append(("level_guidance", rank))

    def domain_header(self, index: int, total: int, domain: Domain) -> None:
        self.events.append(("domain", f"Domain {index} of {total}: {domain.name}"))

    def result(self, framework: Framework, result: Result) -> None:
        self.events.append(("result", result.suggested))

    def consent_header(self, framework: Framework, rank: int) -> None:
        self.events.append(("consent", rank))

    def contacts(self, framework: Framework, plan: CallPlan) -> None:
        self.events.append(("contacts", [c.contact.id for c in plan.call_now]))

    def saved(self, path: Path, record: CaseRecord) -> None:
        self.events.append(("saved", str(path)))

    def referral(self, referral: Referral) -> None:
        self.events.append(("referral", referral.case_ref))

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    """`interview --format json`: the assessment just saved, named as in every document,
    with the assessment exactly as written to the record under `assessment`."""
    a = outcome.record.latest
    return {
        "case_ref": outcome.record.case_ref,
        "path": str(outcome.path),
        "number": a.number,
        "framework": framework_json(a.framework.id, a.framework.version, hash=a.framework.hash),
        "immediate_danger": a.immediate_danger,
        "act_now": a.suggestion.act_now,
        "suggested": level_json(a.suggestion.rank, a.suggestion.name),
        "reasons": recorded_reasons_json(a),
        "decided": level_json(a.decision.rank, a.decision.name),
        "agrees_with_suggestion": a.decision.agrees_with_suggestion,
        "assessment": a.model_dump(mode="json", exclude_none=True),
    }
