"""The interview engine driven by a scripted prompter."""

from __future__ import annotations

import tomllib

import pytest

from thresholdcli.errors import Interrupted
from thresholdcli.framework.model import Framework
from thresholdcli.interview.engine import Interview, InterviewSetup, Start
from thresholdcli.interview.output import SilentOutput
from thresholdcli.interview.prompter import ScriptedPrompter
from thresholdcli.interview.session import NoPrompter
from thresholdcli.records import store
from thresholdcli.records.sheet import AnswerSheet

# Staffordshire 2023: danger (always first), case ref, framework, age, then 4 domains
# (ticks, a note a key away), strengths, the notes box, decision, the consent checklist.
HEAD = [False, "C-100", "staffordshire-2023", "9"]


def full_script() -> list[object]:
    return [
        *HEAD,
        {"ticks": ["dev.2.07"], "note": "misses school on Mondays"},
        ["par.3.03"],
        [],
        [],
        "grandmother nearby",
        "",
        "accept",
        ["done"],
    ]


def run(
    setup: InterviewSetup, script: list[object], **kwargs: object
) -> tuple[Interview, SilentOutput]:
    """A scripted interview; with no script, a sheet-only run as with --answers."""
    out = SilentOutput()
    prompter = ScriptedPrompter(script) if script else NoPrompter()
    interview = Interview(prompter, out, setup, **kwargs)  # type: ignore[arg-type]
    interview.run()
    return interview, out


def saved(setup: InterviewSetup, ref: str = "C-100") -> dict[str, object]:
    return tomllib.loads((setup.cases_dir / f"{ref}.toml").read_text())


def test_full_interview_saves_a_record(setup: InterviewSetup) -> None:
    _, out = run(setup, full_script())
    data = saved(setup)
    (assessment,) = data["assessments"]  # type: ignore[misc]
    assert assessment["suggestion"]["rank"] == 3
    assert assessment["suggestion"]["reasons"][0]["indicators"] == ["par.3.03"]
    assert assessment["decision"] == {
        "rank": 3,
        "name": "Targeted Early Help",
        "agrees_with_suggestion": True,
        "reason": "",
        "agreed_by": "",
    }
    assert [i["id"] for i in assessment["indicators"]] == ["dev.2.07", "par.3.03"]
    assert assessment["notes"] == {"developmental-needs": "misses school on Mondays"}
    assert assessment["consent"][0]["id"] == "eha-consent"
    assert assessment["framework"]["hash"].startswith("sha256:")
    assert out.kinds().count("domain") == 4
    assert "emergency" not in out.kinds()
    assert not store.list_drafts(setup.cases_dir)


def test_immediate_danger_is_shown_at_once_before_any_domain(setup: InterviewSetup) -> None:
    script = [
        True,
        "ack",
        "C-101",
        "staffordshire-2023",
        "4",
        [],
        [],
        [],
        [],
        "",
        "",
        "accept",
        ["not_applicable"] * 7,
    ]
    _, out = run(setup, script)
    kinds = out.kinds()
    assert kinds.index("emergency") < kinds.index("domain")
    assert saved(setup, "C-101")["assessments"][0]["suggestion"]["rank"] == 4  # type: ignore[index]


def test_back_returns_to_the_previous_domain_and_keeps_answers(setup: InterviewSetup) -> None:
    script = [
        *HEAD,
        ["dev.2.07"],
        "back",  # on domain 2: back to domain 1, shown with its ticks
        "keep",
        ["par.2.01"],
        [],
        [],
        "",
        "",
        "accept",
        ["done"],
    ]
    _, out = run(setup, script)
    headers = [e[1] for e in out.events if e[0] == "domain"]
    assert headers[:3] == [
        "Domain 1 of 4: Child's Developmental Needs",
        "Domain 2 of 4: Parenting Capacity",
        "Domain 1 of 4: Child's Developmental Needs",
    ]
    ids = [i["id"] for i in saved(setup)["assessments"][0]["indicators"]]  # type: ignore[index]
    assert ids == ["dev.2.07", "par.2.01"]


def test_override_below_suggestion_needs_a_reason_and_asks_who_agreed(
    setup: InterviewSetup,
) -> None:
    script = [*full_script()[:-2], "2", "already supported by school nurse", "DSL", ["done"]]
    run(setup, script)
    decision = saved(setup)["assessments"][0]["decision"]  # type: ignore[index]
    assert decision["rank"] == 2 and not decision["agrees_with_suggestion"]
    assert decision["reason"] == "already supported by school nurse"
    assert decision["agreed_by"] == "DSL"
    assert saved(setup)["assessments"][0]["suggestion"]["rank"] == 3  # type: ignore[index]


def test_ctrl_c_keeps_a_draft_and_resume_finishes_it(setup: InterviewSetup) -> None:
    script = [*HEAD, {"ticks": ["dev.2.07"], "note": "a note"}, "^C", True]
    with pytest.raises(Interrupted):
        run(setup, script)
    draft = store.load_draft(setup.cases_dir, "C-100")
    assert draft is not None
    assert draft.domains == {"developmental-needs": ["dev.2.07"]}
    assert draft.notes == {"developmental-needs": "a note"}
    assert not (setup.cases_dir / "C-100.toml").exists()

    # Resume: the draft answers the first domain; only the rest is asked.
    rest = [["par.3.03"], [], [], "", "", "accept", ["done"]]
    run(setup, rest, given=AnswerSheet(case_ref="C-100"), start=Start(resume=True))
    assessment = saved(setup)["assessments"][0]  # type: ignore[index]
    assert [i["id"] for i in assessment["indicators"]] == ["dev.2.07", "par.3.03"]
    assert assessment["notes"]["developmental-needs"] == "a note"
    assert store.load_draft(setup.cases_dir, "C-100") is None


def test_ctrl_c_then_discard_removes_the_draft(setup: InterviewSetup) -> None:
    with pytest.raises(Interrupted):
        run(setup, [*HEAD, "^C", False])
    assert store.load_draft(setup.cases_dir, "C-100") is None


def test_answers_sheet_answers_everything(setup: InterviewSetup, staffs: Framework) -> None:
    sheet = AnswerSheet(
        framework="staffordshire-2023",
        case_ref="C-102",
        age=10,
        immediate_danger=False,
        indicators=["sh.4.06"],
        strengths="",
        decision="accept",
        consent={c.id: "done" for c in staffs.consent_for(4)},  # pinned in test_consent.py
    )
    _, out = run(setup, [], given=sheet)
    assessment = saved(setup, "C-102")["assessments"][0]  # type: ignore[index]
    assert assessment["suggestion"]["act_now"] is True
    assert assessment["suggestion"]["rank"] == 4
    assert ("contacts", ["scas"]) in out.events


def test_reassessment_appends_and_offers_previous_ticks(setup: InterviewSetup) -> None:
    run(setup, full_script())
    record = store.find_record(setup.cases_dir, "C-100")
    assert record is not None
    script = [
        False,
        "C-100",
        "staffordshire-2023",
        "10",
        "keep",
        "keep",
        "keep",
        "keep",
        "",
        "",
        "accept",
        ["done"],
    ]
    prompter = ScriptedPrompter(script)
    Interview(prompter, SilentOutput(), setup, previous=record.latest).run()
    assert any("still applies?" in q for q in prompter.asked)
    again = store.find_record(setup.cases_dir, "C-100")
    assert again is not None and [a.number for a in again.assessments] == [1, 2]
    assert again.assessments[1].ticked_ids == again.assessments[0].ticked_ids
    assert again.assessments[0] == record.assessments[0]


def test_case_ref_that_is_not_a_safe_name_is_asked_again(setup: InterviewSetup) -> None:
    script = full_script()
    script[1:2] = ["../etc/passwd", "C-100"]
    _, out = run(setup, script)
    assert any("case reference" in str(e[1]) for e in out.events if e[0] == "note")
    assert (setup.cases_dir / "C-100.toml").exists()


def test_refer_to_section_adds_that_sections_domains(setup: InterviewSetup) -> None:
    from thresholdcli.framework import loader

    telford = loader.resolve("telford-wrekin")[0]
    pointer = telford.indicator("sebi.4.05")
    assert pointer is not None and pointer.refers_to_section == "child-exploitation"
    sheet = AnswerSheet(
        framework="telford-wrekin",
        case_ref="C-103",
        age=14,
        immediate_danger=False,
        sections=[],
        indicators=["sebi.4.05"],
        strengths="",
        decision="accept",
        consent={c.id: "done" for c in telford.consent_for(4)},
        guidance_ticked={"warning-signs": []},  # the warning signs, asked at level 4: none
    )
    _, out = run(setup, [], given=sheet)
    notes = [str(text) for kind, text in out.events if kind == "note"]
    assert any("[sebi.4.05] refers to the" in n for n in notes)
    headers = [str(text) for kind, text in out.events if kind == "domain"]
    ce_domains = [d for d in telford.domains if d.section == "child-exploitation"]
    assert len(headers) == len(telford.domains)
    assert headers[-1].endswith(ce_domains[-1].name)
    assessment = saved(setup, "C-103")["assessments"][0]  # type: ignore[index]
    assert assessment["sections"] == ["child-exploitation"]


def test_reassessment_names_ticks_the_framework_no_longer_has(setup: InterviewSetup) -> None:
    run(setup, full_script())
    record = store.find_record(setup.cases_dir, "C-100")
    assert record is not None
    old = record.latest
    retired = old.indicators[0].model_copy(update={"id": "dev.9.99"})
    previous = old.model_copy(update={"indicators": [retired, *old.indicators[1:]]})
    sheet = AnswerSheet(
        framework="staffordshire-2023",
        case_ref="C-100",
        age=10,
        immediate_danger=False,
        indicators=[],
        strengths="",
        decision="accept",
    )
    out = SilentOutput()
    Interview(NoPrompter(), out, setup, given=sheet, previous=previous).run()
    notes = [str(text) for kind, text in out.events if kind == "note"]
    assert any("Ticked last time but not in staffordshire-2023@2023: dev.9.99" in n for n in notes)


def _referral_outcome(setup: InterviewSetup, out: SilentOutput, shown: bool) -> None:
    assert out.kinds()[-2] == "saved"  # shown, or its command said, only once the record is saved
    assert (("referral", "C-100") in out.events) is shown
    if not shown:
        hint = "The referral summary, any time: thresholdcli referral C-100"
        assert out.events[-1] == ("note", hint)
    assert saved(setup)["assessments"] and not store.list_drafts(setup.cases_dir)


@pytest.mark.parametrize(
    ("ending", "shown"), [(["referral"], True), (["save"], False), ([], False)]
)
def test_the_consent_screen_offers_a_referral_summary_at_no_extra_prompt(
    setup: InterviewSetup, ending: list[str], shown: bool
) -> None:
    from dataclasses import replace

    from thresholdcli.interview.engine import CONSENT_QUESTION

    plain_script = full_script()
    prompter = ScriptedPrompter([*plain_script[:-1], ["done", *ending]])
    out = SilentOutput()
    Interview(prompter, out, replace(setup, offer_referral=True)).run()
    assert prompter.asked[-1] == CONSENT_QUESTION  # no screen of its own
    assert len(prompter.asked) == len(plain_script)
    _referral_outcome(setup, out, shown)


@pytest.mark.parametrize(("answer", "shown"), [(True, True), (False, False), ("^C", False)])
def test_without_a_consent_screen_the_referral_summary_is_asked_on_its_own(
    setup: InterviewSetup, answer: object, shown: bool
) -> None:
    from dataclasses import replace

    prompter = ScriptedPrompter([*full_script()[:-1], answer])
    out = SilentOutput()
    given = AnswerSheet(consent={"eha-consent": "done"})
    Interview(prompter, out, replace(setup, offer_referral=True), given=given).run()
    assert prompter.asked[-1] == "Show a referral summary?"
    _referral_outcome(setup, out, shown)


def test_no_referral_question_without_a_person_to_answer(setup: InterviewSetup) -> None:
    _, out = run(setup, full_script())
    assert "referral" not in out.kinds()
