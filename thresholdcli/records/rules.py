"""The rules of a case record that need no pydantic: shared by the model (`model.py`) and
the pydantic-free reader (`view.py`), so both apply exactly the same ones."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from thresholdcli.clock import in_workable_range
from thresholdcli.errors import CaseRefError

RECORD_FORMAT: Literal[1] = 1
# Ages are whole years 0-25, as in the frameworks' age ranges (and the interview's question).
MAX_AGE = 25
UNBORN = "unborn"
# A framework has at most 9 levels (framework schema); a rank outside 1-9 is no level at all.
MAX_RANK = 9
# The key in `Assessment.notes` of the interview's notes box at the end; every other key is
# a domain's id (a note typed on that domain's screen).
GENERAL_NOTE = "general"
# "to_do": a duty not yet done (recorded as to do, never as done), with its `due` time
# where the framework prints a time limit.
CONSENT_ANSWERS = ("done", "to_do", "not_done", "not_applicable")
_CASE_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def check_case_ref(case_ref: str) -> str:
    """A case reference is a pseudonymous id that is also a safe file name."""
    if not _CASE_REF.fullmatch(case_ref) or ".." in case_ref:
        raise CaseRefError(
            "case reference must be 1-64 letters, digits, '.', '_' or '-' "
            "(no spaces, slashes or '..'); use a pseudonymous id, not a name"
        )
    return case_ref


def checked_moment(value: datetime) -> datetime:
    """A moment in a record: with its UTC offset, and within the calendar thresholdcli
    can use. ValueError otherwise."""
    if value.tzinfo is None:
        raise ValueError("needs a UTC offset")
    if not in_workable_range(value):
        raise ValueError("is out of the range of dates thresholdcli works with")
    return value


def numbering_problem(numbers: list[int]) -> str | None:
    """What is wrong with the assessments' numbers, if they are not 1, 2, 3 … in order."""
    for expected, number in enumerate(numbers, start=1):
        if number != expected:
            return (
                f"assessment {expected} is numbered {number}; "
                "assessments must be numbered 1, 2, 3 … in order"
            )
    return None
