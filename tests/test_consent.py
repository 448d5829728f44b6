"""The consent checklist: pinned per framework and level, age-filtered, missing reasons flagged."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

import pytest

from thresholdcli.advice.consent import (
    applies_to_age,
    checklist,
    missing_reason_lines,
    missing_reasons,
    question_text,
    rule_text,
)
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework
from thresholdcli.framework.provenance import cites_label
from thresholdcli.interview.engine import Interview, InterviewSetup
from thresholdcli.interview.output import SilentOutput
from thresholdcli.interview.prompter import ScriptedPrompter
from thresholdcli.quote_markup import plain
from thresholdcli.records import store
from thresholdcli.records.model import (
    Assessment,
    ConsentAnswer,
    ConsentRecord,
    Decision,
    FrameworkPin,
    Suggestion,
)
from thresholdcli.records.sheet import AnswerSheet, ConsentGiven

SHIPPED = {fw.id: fw for _, fw in loader.shipped()}
TELFORD_YOUNG_PERSON = ["young-person-consent", "young-person-view-prioritised"]
TELFORD_UNDER_12 = ["parent-consent-under-12"]
STAFFORDSHIRE_2022_REFERRAL = [
    "no-permission-approved",
    "agreement-recorded",
    "refusal-advice",
    "without-agreement-reason",
    "tell-csc-withheld",
    "inform-parent-after",
]

# The checklist for an unknown age, per framework and level: ids in the framework's order.
CHECKLISTS: dict[str, dict[int, list[str]]] = {
    "hull": {
        1: [],
        2: ["share-openly", "early-help-consent", "valid-consent"],
        3: [
            "share-openly",
            "early-help-consent",
            "valid-consent",
            "eha-consent",
            "lead-practitioner-agreement",
            "chase-feedback",
        ],
        4: [
            "share-openly",
            "inform-before-contact",
            "full-information",
            "assessment-accompanies-contact",
            "written-follow-up",
            "chase-feedback",
        ],
    },
    "staffordshire-2022": {
        1: [],
        2: ["eha-consent", "consider-consent", "share-without-consent-record"],
        3: [
            "eha-consent",
            "consider-consent",
            "share-without-consent-record",
            *STAFFORDSHIRE_2022_REFERRAL,
        ],
        4: [
            "consider-consent",
            "share-without-consent-record",
            "cin-consent",
            *STAFFORDSHIRE_2022_REFERRAL,
        ],
    },
    "staffordshire-2023": {
        1: [],
        2: ["eha-consent"],
        3: ["eha-consent"],
        4: [
            "discuss-with-family",
            "no-permission-approved",
            "agreement-recorded",
            "refusal-advice",
            "without-agreement-reason",
            "tell-scas-withheld",
            "inform-parent-after",
        ],
    },
    "stoke-on-trent": {
        1: [],
        **{
            level: [
                "open-and-honest",
                "consider-consent",
                "consent-explicit",
                "shared-without-consent-record",
            ]
            for level in (2, 3, 4)
        },
        5: [
            "open-and-honest",
            "consider-consent",
            "consent-explicit",
            "shared-without-consent-record",
            "no-permission-approved",
            "agreement-recorded",
            "refusal-advice",
            "without-agreement-reason",
            "tell-csc-withheld",
            "inform-parent-after",
            "prevent-not-disclosed",
        ],
    },
    "telford-wrekin": {
        1: [],
        2: [
            "open-and-honest",
            *TELFORD_YOUNG_PERSON,
            *TELFORD_UNDER_12,
            "record-decisions",
        ],
        3: [
            "open-and-honest",
            "advise-family-connect-sharing",
            "engage-in-discussions",
            "consider-parental-consent-request",
            "request-for-service-form",
            *TELFORD_YOUNG_PERSON,
            *TELFORD_UNDER_12,
            "record-decisions",
        ],
        4: [
            "cp-consent-not-required",
            "inform-parents-cp",
            "open-and-honest",
            "advise-family-connect-sharing",
            "engage-in-discussions",
            "consider-parental-consent-request",
            "request-for-service-form",
            *TELFORD_YOUNG_PERSON,
            *TELFORD_UNDER_12,
            "record-decisions",
        ],
    },
}

ROWS = [
    pytest.param(fw_id, level, ids, id=f"{fw_id}-L{level}")
    for fw_id, levels in CHECKLISTS.items()
    for level, ids in levels.items()
]


def framework(fw_id: str) -> Framework:
    if fw_id not in SHIPPED:
        pytest.skip(f"{fw_id} is not shipped (yet)")
    return SHIPPED[fw_id]


def test_every_shipped_framework_and_level_is_pinned() -> None:
    for fw_id, fw in SHIPPED.items():
        assert sorted(CHECKLISTS[fw_id]) == list(range(1, fw.top_rank + 1)), fw_id


@pytest.mark.parametrize(("fw_id", "level", "ids"), ROWS)
def test_checklist_is_pinned(fw_id: str, level: int, ids: list[str]) -> None:
    assert [item.id for item in checklist(framework(fw_id), level, None)] == ids


AgeArg = int | Literal["unborn"] | None


@pytest.mark.parametrize(
    ("age", "young_person", "parent_for_child"),
    [
        (11, False, True),
        (12, True, False),
        (17, True, False),
        (0, False, True),
        ("unborn", False, True),
        (None, True, True),  # unknown age: ask both; "not applicable" is an answer
    ],
)
def test_telford_competent_person_age_of_12(
    age: AgeArg, young_person: bool, parent_for_child: bool
) -> None:
    fw = framework("telford-wrekin")
    for level in (2, 3, 4):
        ids = [item.id for item in checklist(fw, level, age)]
        assert all((i in ids) is young_person for i in TELFORD_YOUNG_PERSON)
        assert ("parent-consent-under-12" in ids) is parent_for_child


def test_a_minimum_age_never_admits_an_unborn_child() -> None:
    fw = framework("telford-wrekin")
    item = next(i for i in fw.consent if i.id == "young-person-consent")
    assert item.age is not None and item.age.unborn  # the schema's default
    assert not applies_to_age(item, "unborn")


@pytest.mark.parametrize("fw_id", sorted(CHECKLISTS))
def test_wording_states_the_rule_and_cites_the_section(fw_id: str) -> None:
    for item in framework(fw_id).consent:
        text = rule_text(item)
        assert item.cite, item.id  # every shipped rule is a cited quote
        intro = f"The framework says ({cites_label(item.cite)}):"
        assert text.startswith(f"{intro}\n“{plain(item.rule)}”")
        assert question_text(item) == f"{item.question} [{item.section}]"
        if item.uncertain:
            assert item.note in text


def test_no_age_items_outside_telford() -> None:
    for fw_id, fw in SHIPPED.items():
        if fw_id != "telford-wrekin":
            assert all(item.age is None for item in fw.consent), fw_id


# --- missing reasons -------------------------------------------------------------------


def record(
    answer: ConsentAnswer, reason: str = "", required: bool = True, item: str = "x"
) -> ConsentRecord:
    return ConsentRecord(id=item, answer=answer, reason=reason, reason_required=required)


def assessment(*consent: ConsentRecord) -> Assessment:
    return Assessment(
        number=1,
        assessed_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
        tool_version="test",
        framework=FrameworkPin(id="staffordshire-2023", version="2023", hash="sha256:0"),
        immediate_danger=False,
        suggestion=Suggestion(rank=4, name="Statutory / Specialist Services"),
        decision=Decision(
            rank=4, name="Statutory / Specialist Services", agrees_with_suggestion=True
        ),
        consent=list(consent),
    )


@pytest.mark.parametrize(
    ("given", "flagged"),
    [
        (record("not_done"), True),
        (record("not_done", reason="   "), True),
        (record("not_done", reason="would put the child at risk"), False),
        (record("not_done", required=False), False),
        (record("done"), False),
        (record("not_applicable"), False),
    ],
)
def test_missing_reasons(given: ConsentRecord, flagged: bool) -> None:
    found = missing_reasons(assessment(given))
    assert [m.id for m in found] == (["x"] if flagged else [])


def test_missing_reasons_keep_order_and_name_only_the_item() -> None:
    found = missing_reasons(
        assessment(
            record("not_done", item="b"), record("done", item="a"), record("not_done", item="c")
        )
    )
    assert [m.id for m in found] == ["b", "c"]
    assert found[0].message == (
        "consent item b: not done and no reason recorded (the framework requires a reason)"
    )


def test_missing_reason_line_cites_the_question_and_section() -> None:
    fw = framework("staffordshire-2023")
    lines = missing_reason_lines(fw, [record("not_done", item="tell-scas-withheld")])
    item = next(i for i in fw.consent if i.id == "tell-scas-withheld")
    assert lines == [
        f"MISSING REASON: {item.question} [{item.section}] — marked not done, and the "
        "framework requires a reason to be recorded."
    ]


# --- in the interview ------------------------------------------------------------------


def telford_sheet(age: AgeArg, consent: dict[str, ConsentAnswer | ConsentGiven]) -> AnswerSheet:
    return AnswerSheet(
        framework="telford-wrekin",
        case_ref="T-1",
        age=age,
        immediate_danger=False,
        sections=[],
        indicators=[],
        strengths="",
        decision=4,
        decision_reason="test: chosen above the suggestion",
        consent=consent,
        guidance_ticked={"warning-signs": []},  # asked at the level chosen: none present
    )


def run(
    setup: InterviewSetup, sheet: AnswerSheet, script: list[object]
) -> tuple[ScriptedPrompter, SilentOutput]:
    framework("telford-wrekin")
    prompter, out = ScriptedPrompter(script), SilentOutput()
    Interview(prompter, out, setup, given=sheet).run()
    assert prompter.answers == [], "not every scripted answer was asked for"
    return prompter, out


def consent_questions(fw_id: str, level: int, age: AgeArg) -> list[str]:
    return [question_text(item) for item in checklist(framework(fw_id), level, age)]


@pytest.mark.parametrize(("age", "own_consent"), [(13, True), (10, False)])
def test_interview_asks_the_young_persons_own_consent_from_12(
    setup: InterviewSetup, age: int, own_consent: bool
) -> None:
    expected = consent_questions("telford-wrekin", 4, age)
    prompter, out = run(setup, telford_sheet(age, {}), ["", ["done"] * len(expected)])
    assert prompter.listed == expected  # one screen, every item on it
    asked_own = any("young person" in q and "own consent" in q for q in prompter.listed)
    assert asked_own is own_consent
    notes = [str(text) for kind, text in out.events if kind == "note"]
    rules = [n for n in notes if n.startswith("The framework says")]
    assert rules[0].startswith(
        "The framework says (“A PARTNERSHIP WITH FAMILIES – INFORMATION SHARING”, line 179"
    )


def test_interview_flags_a_missing_required_reason(setup: InterviewSetup) -> None:
    expected = consent_questions("telford-wrekin", 4, 13)
    marks = ["done"] * len(expected)
    marks[1] = "not_done"  # inform-parents-cp: reason required, none given
    marks[-1] = "not_done"  # record-decisions: reason not required
    prompter, out = run(setup, telford_sheet(13, {}), ["", marks, "", ""])
    assert "the framework requires a reason" in prompter.asked[2]
    assert "(optional)" in prompter.asked[-1]
    flags = [str(t) for k, t in out.events if k == "note" and str(t).startswith("MISSING")]
    assert len(flags) == 1 and "Inform the parents" in flags[0]
    saved = store.find_record(setup.cases_dir, "T-1")
    assert saved is not None
    assert [m.id for m in missing_reasons(saved.latest)] == ["inform-parents-cp"]
    by_id = {c.id: c for c in saved.latest.consent}
    assert by_id["inform-parents-cp"].reason_required is True
    assert by_id["record-decisions"].answer == "not_done"


def test_answers_file_without_a_required_reason_is_flagged(setup: InterviewSetup) -> None:
    ids = [item.id for item in checklist(framework("telford-wrekin"), 4, 13)]
    consent: dict[str, ConsentAnswer | ConsentGiven] = {i: "done" for i in ids}
    consent["inform-parents-cp"] = "not_done"
    consent["open-and-honest"] = ConsentGiven(answer="not_done", reason="police asked us to wait")
    _, out = run(setup, telford_sheet(13, consent), [""])
    flags = [str(t) for k, t in out.events if k == "note" and str(t).startswith("MISSING")]
    assert len(flags) == 1
    saved = store.find_record(setup.cases_dir, "T-1")
    assert saved is not None
    assert [m.id for m in missing_reasons(saved.latest)] == ["inform-parents-cp"]
