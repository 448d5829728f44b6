"""The case record: one file per case, one assessment appended per review."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from thresholdcli.errors import CaseRefError
from thresholdcli.records.lookups import AssessmentLookups, CaseRecordLookups
from thresholdcli.records.rules import (
    GENERAL_NOTE,
    MAX_AGE,
    MAX_RANK,
    RECORD_FORMAT,
    check_case_ref,
    checked_moment,
    numbering_problem,
)

__all__ = ["GENERAL_NOTE", "MAX_AGE", "MAX_RANK", "RECORD_FORMAT", "check_case_ref"]

Age = Annotated[int, Field(ge=0, le=MAX_AGE)] | Literal["unborn"]
Rank = Annotated[int, Field(ge=1, le=MAX_RANK)]
# rules.CONSENT_ANSWERS, as the type the schema publishes (a test keeps them the same).
ConsentAnswer = Literal["done", "to_do", "not_done", "not_applicable"]


def empty_list() -> Any:
    """An empty list by default, made fresh for each model validated (a `[]` default is
    deep-copied for each one, which costs a batch of records time); the JSON schema still
    says `[]`."""
    return Field(default_factory=list, json_schema_extra={"default": []})


def empty_table() -> Any:
    """An empty table by default, made fresh for each model validated (see `empty_list`);
    the JSON schema still says `{}`."""
    return Field(default_factory=dict, json_schema_extra={"default": {}})


# A moment in a record: with its UTC offset, and within the calendar thresholdcli can use.
Moment = Annotated[datetime, AfterValidator(checked_moment)]


def _valid_case_ref(value: str) -> str:
    try:
        return check_case_ref(value)
    except CaseRefError as exc:
        raise ValueError(str(exc)) from None


# A case reference read from any file (record, draft, answers or case file): the same rule.
CaseRef = Annotated[str, AfterValidator(_valid_case_ref)]


class Model(BaseModel):
    # A field added to any model here (or to sheet.AnswerSheet) is added to `view.FIELDS`
    # too, which reads records without pydantic; tests/test_records_view.py says so if not.
    # defer_build: the validator is built on first use, so a run that validates no record
    # (e.g. scoring minimal case files) does not pay for building it.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class FrameworkPin(Model):
    id: str
    version: str
    hash: str


class TickedIndicator(Model):
    id: str
    domain: str
    level: Rank
    text: str


class ReasonRecord(Model):
    rule: str
    level: Rank
    indicators: list[str] = empty_list()
    text: str


class Suggestion(Model):
    rank: Rank
    name: str
    act_now: bool = False
    reasons: list[ReasonRecord] = empty_list()
    warnings: list[str] = empty_list()


class ConsiderationRecord(Model):
    rule: str
    consider_level: Rank
    accepted: bool
    text: str


class Decision(Model):
    rank: Rank
    name: str
    agrees_with_suggestion: bool
    reason: str = ""
    agreed_by: str = ""


class ConsentRecord(Model):
    id: str
    answer: ConsentAnswer
    reason: str = ""
    reason_required: bool = False
    due: Moment | None = None


class Assessment(AssessmentLookups, Model):
    number: int = Field(ge=1)
    assessed_at: Moment
    tool_version: str
    framework: FrameworkPin
    assessor_role: str = ""
    age: Age | None = None
    immediate_danger: bool
    sections: list[str] = empty_list()
    indicators: list[TickedIndicator] = empty_list()
    notes: dict[str, str] = empty_table()
    strengths: str = ""
    suggestion: Suggestion
    considerations: list[ConsiderationRecord] = empty_list()
    decision: Decision
    consent: list[ConsentRecord] = empty_list()
    # Set when a re-assessment was explicitly made under a different framework: the
    # previous assessment's framework ref (id@version).
    framework_changed_from: str = ""
    # Domains the practitioner did not look at (finished the walk early), by id.
    domains_not_looked_at: list[str] = empty_list()
    # Checklists the framework prints for the level (e.g. warning signs), by guidance id:
    # the items the practitioner ticked, as printed. Never changes the suggestion.
    guidance_ticked: dict[str, list[str]] = empty_table()


class FollowupDone(Model):
    """A to-do of an earlier assessment marked done later: appended, never rewritten."""

    assessment: int = Field(ge=1)
    id: str
    done_at: Moment
    note: str = ""


class CaseRecord(CaseRecordLookups, Model):
    format: Literal[1] = RECORD_FORMAT
    case_ref: CaseRef
    assessments: list[Assessment] = Field(min_length=1)
    followups_done: list[FollowupDone] = empty_list()

    @model_validator(mode="after")
    def _numbered_in_order(self) -> CaseRecord:
        problem = numbering_problem([a.number for a in self.assessments])
        if problem is not None:
            raise ValueError(problem)
        return self

    def appended(self, assessment: Assessment) -> CaseRecord:
        return self.model_copy(update={"assessments": [*self.assessments, assessment]})
