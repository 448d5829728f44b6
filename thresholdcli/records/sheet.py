"""The answer sheet: the partial answers of an interview.

One model serves three uses: an `--answers` file, an interview draft, and the minimal
hand-written case file that `score` accepts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from thresholdcli.records.lookups import AnswerSheetLookups
from thresholdcli.records.model import Age, CaseRef, ConsentAnswer, Rank, empty_table


class ConsentGiven(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)

    answer: ConsentAnswer
    reason: str = ""


class AnswerSheet(AnswerSheetLookups, BaseModel):
    # defer_build: the validator is built on first use (`ready`), not at import, so the
    # interview's first question (which validates nothing) is on screen sooner.
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)

    framework: str | None = None
    case_ref: CaseRef | None = None
    assessor_role: str | None = None
    age: Age | None = None
    immediate_danger: bool | None = None
    sections: list[str] | None = None
    indicators: list[str] | None = None
    domains: dict[str, list[str]] = empty_table()
    notes: dict[str, str] = empty_table()
    strengths: str | None = None
    considerations: dict[str, bool] = empty_table()
    decision: Literal["accept"] | Rank | None = None
    decision_reason: str | None = None
    agreed_by: str | None = None
    consent: dict[str, ConsentAnswer | ConsentGiven] = empty_table()
    # Checklists the framework prints for the level (e.g. warning signs): guidance id -> the
    # items ticked, as printed.
    guidance_ticked: dict[str, list[str]] = empty_table()
    # Drafts only: ticks made on a domain screen that was interrupted before it was answered;
    # offered pre-ticked when the draft is resumed.
    unfinished: dict[str, list[str]] = empty_table()
    # Drafts only: ticks made through the search in domains not yet answered (pre-ticked when
    # the walk reaches them; counted when the walk is finished early).
    found: list[str] = []
    # Set once the walk is finished early: the domains not looked at (never asked on resume).
    domains_not_looked_at: list[str] | None = None


def blank() -> AnswerSheet:
    """A sheet with no answers: exactly `AnswerSheet()`, without needing the validator."""
    return AnswerSheet.model_construct()


def ready() -> None:
    """Build the sheet's validators now (e.g. while a practitioner reads a question)."""
    AnswerSheet.model_rebuild()
    ConsentGiven.model_rebuild()
