"""What a case record, an assessment and an answer sheet answer beyond their fields.

Shared, like `framework/lookups.py`, by the pydantic models (`model.py`, `sheet.py`) and
the read-only views made without pydantic (`view.py`), so both answer the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from thresholdcli.records.model import Assessment, TickedIndicator


class AssessmentLookups:
    if TYPE_CHECKING:
        indicators: list[TickedIndicator]

    @property
    def ticked_ids(self) -> list[str]:
        return [i.id for i in self.indicators]


class CaseRecordLookups:
    if TYPE_CHECKING:
        assessments: list[Assessment]

    @property
    def latest(self) -> Assessment:
        return self.assessments[-1]

    def get(self, number: int) -> Assessment | None:
        return self.assessments[number - 1] if 1 <= number <= len(self.assessments) else None


class AnswerSheetLookups:
    if TYPE_CHECKING:
        indicators: list[str] | None
        domains: dict[str, list[str]]

    def ticked_for(self, domain_id: str, domain_ids: set[str]) -> list[str] | None:
        """The ticks for one domain, or None when the sheet does not answer it."""
        if domain_id in self.domains:
            return self.domains[domain_id]
        if self.indicators is not None:
            return [i for i in self.indicators if i in domain_ids]
        return None

    def all_ticked(self) -> list[str]:
        ticked = list(self.indicators or [])
        for ids in self.domains.values():
            ticked.extend(i for i in ids if i not in ticked)
        return ticked


LOOKUPS: dict[str, tuple[type[Any], ...]] = {
    "Assessment": (AssessmentLookups,),
    "CaseRecord": (CaseRecordLookups,),
    "AnswerSheet": (AnswerSheetLookups,),
}
