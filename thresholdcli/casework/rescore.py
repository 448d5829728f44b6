"""Rescore a recorded assessment with the framework shipped now.

Pure: the recorded ticks are scored again; ticks whose ids the framework no longer has are
listed (with their recorded level and text), never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from thresholdcli.advice.scoring import (
    Answers,
    Result,
    consideration_json,
    reason_json,
    score,
)
from thresholdcli.casework.history import PinCheck, ShippedIndex, Step, check_pin, local_date
from thresholdcli.json_doc import framework_json, level_json

if TYPE_CHECKING:
    from thresholdcli.framework.model import Framework, Indicator
    from thresholdcli.records.model import Assessment, CaseRecord, TickedIndicator


@dataclass(frozen=True)
class Moved:
    """A tick whose indicator is now at another level."""

    recorded: TickedIndicator
    now: Indicator


@dataclass(frozen=True)
class Rescore:
    case_ref: str
    assessment: Assessment
    pin: PinCheck
    framework: Framework
    framework_hash: str
    result: Result
    retired: tuple[TickedIndicator, ...]
    moved: tuple[Moved, ...]

    @property
    def step(self) -> Step:
        if self.framework.id != self.assessment.framework.id:
            return "other_framework"
        before, after = self.assessment.suggestion.rank, self.result.suggested
        return "up" if after > before else "down" if after < before else "same"

    @property
    def same_file(self) -> bool:
        """Scored with exactly the framework file the assessment was recorded with."""
        return self.framework.ref == self.pin.ref and self.framework_hash == self.pin.pin.hash

    @property
    def warnings(self) -> tuple[str, ...]:
        found = []
        higher = [t for t in self.retired if t.level > self.result.suggested]
        if higher:
            ids = ", ".join(t.id for t in higher)
            found.append(
                f"Ticks recorded above the new suggestion no longer exist ({ids}): "
                "re-assess the case rather than rely on this suggestion."
            )
        return tuple(found)

    def to_json(self) -> dict[str, Any]:
        a = self.assessment
        fw = self.framework
        return {
            "case_ref": self.case_ref,
            "number": a.number,
            "date": local_date(a).isoformat(),
            "recorded": {
                "framework": self.pin.to_json(),
                "suggested": level_json(a.suggestion.rank, a.suggestion.name),
                "decided": level_json(a.decision.rank, a.decision.name),
            },
            "framework": framework_json(fw.id, fw.version, hash=self.framework_hash),
            "suggested": level_json(self.result.suggested, fw.level(self.result.suggested).name),
            "step": self.step,
            "act_now": self.result.act_now,
            "reasons": [reason_json(r) for r in self.result.reasons],
            "considerations": [consideration_json(c) for c in self.result.considerations],
            "retired_indicators": [t.model_dump() for t in self.retired],
            "moved_indicators": [
                {"id": m.recorded.id, "recorded_level": m.recorded.level, "level_now": m.now.level}
                for m in self.moved
            ],
            "warnings": [*self.result.warnings, *self.warnings],
            "notices": [self.pin.notice] if self.pin.notice else [],
        }


def rescore(
    record: CaseRecord,
    number: int,
    framework: Framework,
    framework_hash: str,
    shipped: ShippedIndex,
) -> Rescore:
    assessment = record.assessments[number - 1]
    index = framework.indicator_index
    kept = [t.id for t in assessment.indicators if t.id in index]
    result = score(framework, Answers.of(kept, assessment.immediate_danger, assessment.age))
    return Rescore(
        case_ref=record.case_ref,
        assessment=assessment,
        pin=check_pin(assessment.framework, shipped),
        framework=framework,
        framework_hash=framework_hash,
        result=result,
        retired=tuple(t for t in assessment.indicators if t.id not in index),
        moved=tuple(
            Moved(t, index[t.id])
            for t in assessment.indicators
            if t.id in index and index[t.id].level != t.level
        ),
    )
