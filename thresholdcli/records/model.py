"""The case record: one file per case, one assessment appended per review."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from thresholdcli.clock import in_workable_range
from thresholdcli.errors import CaseRefError

RECORD_FORMAT: Literal[1] = 1
# Ages are whole years 0-25, as in the frameworks' age ranges (and the interview's question).
MAX_AGE = 25
Age = Annotated[int, Field(ge=0, le=MAX_AGE)] | Literal["unborn"]
# A framework has at most 9 levels (framework schema); a rank outside 1-9 is no level at all.
MAX_RANK = 9
Rank = Annotated[int, Field(ge=1, le=MAX_RANK)]

# The key in `Assessment.notes` of the interview's notes box at the end; every other key is
# a domain's id (a note typed on that domain's screen).
GENERAL_NOTE = "general"

# "to_do": a duty not yet done (recorded as to do, never as done), with its `due` time
# where the framework prints a time limit.
ConsentAnswer = Literal["done", "to_do", "not_done", "not_applicable"]
_CASE_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def check_case_ref(case_ref: str) -> str:
    """A case reference is a pseudonymous id that is also a safe file name."""
    if not _CASE_REF.fullmatch(case_ref) or ".." in case_ref:
        raise CaseRefError(
            "case reference must be 1-64 letters, digits, '.', '_' or '-' "
            "(no spaces, slashes or '..'); use a pseudonymous id, not a name"
        )
    return case_ref


def _checked_moment(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("needs a UTC offset")
    if not in_workable_range(value):
        raise ValueError("is out of the range of dates thresholdcli works with")
    return value


# A moment in a record: with its UTC offset, and within the calendar thresholdcli can use.
Moment = Annotated[datetime, AfterValidator(_checked_moment)]


def _valid_case_ref(value: str) -> str:
    try:
        return check_case_ref(value)
    except CaseRefError as exc:
        raise ValueError(str(exc)) from None


# A case reference read from any file (record, draft, answers or case file): the same rule.
CaseRef = Annotated[str, AfterValidator(_valid_case_ref)]


class Model(BaseModel):
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
    indicators: list[str] = []
    text: str


class Suggestion(Model):
    rank: Rank
    name: str
    act_now: bool = False
    reasons: list[ReasonRecord] = []
    warnings: list[str] = []


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


class Assessment(Model):
    number: int = Field(ge=1)
    assessed_at: Moment
    tool_version: str
    framework: FrameworkPin
    assessor_role: str = ""
    age: Age | None = None
    immediate_danger: bool
    sections: list[str] = []
    indicators: list[TickedIndicator] = []
    notes: dict[str, str] = {}
    strengths: str = ""
    suggestion: Suggestion
    considerations: list[ConsiderationRecord] = []
    decision: Decision
    consent: list[ConsentRecord] = []
    # Set when a re-assessment was explicitly made under a different framework: the
    # previous assessment's framework ref (id@version).
    framework_changed_from: str = ""
    # Domains the practitioner did not look at (finished the walk early), by id.
    domains_not_looked_at: list[str] = []
    # Checklists the framework prints for the level (e.g. warning signs), by guidance id:
    # the items the practitioner ticked, as printed. Never changes the suggestion.
    guidance_ticked: dict[str, list[str]] = {}

    @property
    def ticked_ids(self) -> list[str]:
        return [i.id for i in self.indicators]


class FollowupDone(Model):
    """A to-do of an earlier assessment marked done later: appended, never rewritten."""

    assessment: int = Field(ge=1)
    id: str
    done_at: Moment
    note: str = ""


class CaseRecord(Model):
    format: Literal[1] = RECORD_FORMAT
    case_ref: CaseRef
    assessments: list[Assessment] = Field(min_length=1)
    followups_done: list[FollowupDone] = []

    @model_validator(mode="after")
    def _numbered_in_order(self) -> CaseRecord:
        for expected, assessment in enumerate(self.assessments, start=1):
            if assessment.number != expected:
                raise ValueError(
                    f"assessment {expected} is numbered {assessment.number}; "
                    "assessments must be numbered 1, 2, 3 … in order"
                )
        return self

    @property
    def latest(self) -> Assessment:
        return self.assessments[-1]

    def get(self, number: int) -> Assessment | None:
        return self.assessments[number - 1] if 1 <= number <= len(self.assessments) else None

    def appended(self, assessment: Assessment) -> CaseRecord:
        return self.model_copy(update={"assessments": [*self.assessments, assessment]})
