"""Cases for the referral tests, made by the interview engine from an answers sheet."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.record_helpers import interview
from thresholdcli.advice.contacts import UK
from thresholdcli.framework.model import Framework
from thresholdcli.records.sheet import AnswerSheet, ConsentGiven

# Friday afternoon, offices open; the summary is made on the Saturday morning after.
ASSESSED = datetime(2026, 11, 27, 15, 30, tzinfo=UK)
MADE = "2026-11-28T10:00:00+00:00"
CONSENT_PATTERN: tuple[str | ConsentGiven, ...] = (
    "done",
    "to_do",
    ConsentGiven(answer="not_done", reason="Mother not reached yet; trying again Monday"),
    "not_applicable",
)


def referral_sheet(framework: Framework, case_ref: str) -> AnswerSheet:
    """Two ticks (a level 3 in the first domain, a level 2 in the next domain that has
    one), a note, strengths, the suggestion accepted, and consent answered in turn done,
    to do, not done (with a reason) and not applicable."""
    first = framework.domains[0]
    ticks = [
        next(i.id for i in framework.indicators_in(first.id) if i.level == 3 and not i.act_now)
    ]
    for domain in framework.domains[1:]:
        found = [i for i in framework.indicators_in(domain.id) if i.level == 2]
        if found:
            ticks.append(found[0].id)
            break
    return AnswerSheet(
        framework=framework.ref,
        case_ref=case_ref,
        assessor_role="school DSL",
        age=9,
        immediate_danger=False,
        sections=[],
        indicators=ticks,
        notes={first.id: "Seen at school on Monday.\nSays things are hard at home."},
        strengths="Grandmother lives nearby and helps with school runs.",
        considerations={a.id: False for a in framework.accumulation},
        decision="accept",
        consent={
            item.id: CONSENT_PATTERN[n % len(CONSENT_PATTERN)]
            for n, item in enumerate(framework.consent)
        },
    )


def make_case(cases: Path, framework: Framework, case_ref: str | None = None) -> str:
    ref = case_ref or f"REF-{framework.id}"
    interview(cases, ASSESSED, referral_sheet(framework, ref))
    return ref
