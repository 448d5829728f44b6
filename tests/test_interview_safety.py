"""Interview safety (issue 13 and its parts of 14 and 19), driven by the scripted prompter:
danger first with 999 kept in sight, ACT NOW kept in sight, no silent merge of two cases,
drafts only replaced by their own continuation, unknown ids named, age never hides an
indicator, consent duties recorded as to do with their due time, resume and re-assessment."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW, run_cli
from thresholdcli.errors import Interrupted, UsageError
from thresholdcli.framework import loader
from thresholdcli.interview.engine import (
    ACT_NOW_ACK,
    DANGER_ACK,
    DANGER_QUESTION,
    DANGER_REMINDER,
    Interview,
    InterviewSetup,
    Start,
    indicator_groups,
)
from thresholdcli.interview.output import SilentOutput
from thresholdcli.interview.prompter import ScriptedPrompter
from thresholdcli.interview.session import NoPrompter
from thresholdcli.records import store
from thresholdcli.records.drafts import CaseInUseError, Claim
from thresholdcli.records.sheet import AnswerSheet

# Staffordshire 2023, nothing of note: 4 domains, strengths, the notes box, decision (level 1
# has no consent items).
QUIET = [[], [], [], [], "", "", "accept"]


def interview(
    setup: InterviewSetup,
    script: list[object],
    given: AnswerSheet | None = None,
    start: Start | None = None,
) -> tuple[ScriptedPrompter, SilentOutput]:
    prompter = ScriptedPrompter(script)
    out = SilentOutput()
    Interview(prompter, out, setup, given, start=start).run()
    return prompter, out


def sheet_run(setup: InterviewSetup, sheet: AnswerSheet, start: Start | None = None) -> None:
    Interview(NoPrompter(), SilentOutput(), setup, sheet, start=start).run()


def assessments(setup: InterviewSetup, ref: str) -> list[dict[str, object]]:
    data = tomllib.loads((setup.cases_dir / f"{ref}.toml").read_text())
    found: list[dict[str, object]] = data["assessments"]
    return found


def first_case(setup: InterviewSetup, ref: str = "C-1") -> None:
    interview(setup, [False, ref, "staffordshire-2023", "9", *QUIET])


# --- 1. danger first, 999 kept in sight ---------------------------------------------------


def test_immediate_danger_is_the_first_question(setup: InterviewSetup) -> None:
    prompter, _ = interview(setup, [False, "C-1", "staffordshire-2023", "9", *QUIET])
    assert prompter.asked[0] == DANGER_QUESTION
    assert prompter.asked[1].startswith("Case reference")
    assert prompter.asked[2] == "Which framework?"


def test_999_at_once_then_on_every_screen_after_a_yes(setup: InterviewSetup) -> None:
    script = [True, "ack", "C-1", "staffordshire-2023", "9", *QUIET, ["not_applicable"] * 7]
    prompter, out = interview(setup, script)
    assert out.events[0] == ("emergency", None)  # before the framework is known
    assert ("emergency", "staffordshire-2023") in out.events  # its own words, once known
    asked_after = prompter.screens[prompter.asked.index(DANGER_ACK) + 1 :]
    assert len(asked_after) >= 10  # every screen to the end
    assert all(DANGER_REMINDER in reminders for _, reminders in asked_after)
    assert prompter.screens[0][1] == ()  # nothing to remind of before the answer


def test_framework_known_first_shows_its_emergency_words_at_once(setup: InterviewSetup) -> None:
    script = [True, "ack", "C-1", "9", *QUIET, ["not_applicable"] * 7]
    _, out = interview(setup, script, AnswerSheet(framework="staffordshire-2023"))
    assert [e for e in out.events if e[0] == "emergency"] == [("emergency", "staffordshire-2023")]


def test_act_now_stays_until_acknowledged_then_reminds_on_every_screen(
    setup: InterviewSetup,
) -> None:
    script = [False, "C-1", "staffordshire-2023", "9", [], [], []]
    script += [["sh.4.06"], "", "", "ack", "accept", ["done"] * 7]
    prompter, out = interview(setup, script)
    kinds = out.kinds()
    assert kinds.index("act_now") < kinds.index("consent")
    ack = prompter.asked.index(ACT_NOW_ACK)
    assert prompter.asked[ack - 1].startswith("Notes")  # the last answer before the result
    later = prompter.screens[ack + 1 :]
    assert later and all(
        any(r.startswith("ACT NOW: phone SCAS on 0300 111 8007") for r in reminders)
        for _, reminders in later
    )


# --- 3. no silent merge of two children's records --------------------------------------------


def test_an_existing_reference_asks_reassess_or_another(setup: InterviewSetup) -> None:
    first_case(setup)
    script = [False, "C-1", "another", "C-2", "staffordshire-2023", "9", *QUIET]
    prompter, _ = interview(setup, script)
    collision = prompter.asked[2]
    assert collision.startswith("Case C-1 already exists: 1 assessment, the last on 2026-11-23")
    assert "staffordshire-2023@2023, decided level 1" in collision
    assert len(assessments(setup, "C-1")) == 1 and len(assessments(setup, "C-2")) == 1


def test_choosing_reassess_appends_with_the_previous_framework(setup: InterviewSetup) -> None:
    first_case(setup)
    script = [False, "C-1", "reassess", "default", "9", *(["keep"] * 4), "", "", "accept"]
    _prompter, _ = interview(setup, script)
    assert len(assessments(setup, "C-1")) == 2
    assert "framework_changed_from" not in assessments(setup, "C-1")[1]


def test_answers_file_on_an_existing_case_refuses_without_case_flag(
    setup: InterviewSetup,
) -> None:
    first_case(setup)
    sheet = AnswerSheet(
        case_ref="C-1",
        framework="staffordshire-2023",
        immediate_danger=False,
        age=9,
        indicators=[],
        strengths="",
        decision="accept",
    )
    with pytest.raises(UsageError, match=r"C-1 already exists.*pass --case C-1"):
        sheet_run(setup, sheet)
    sheet_run(setup, sheet, Start(reassess=True))
    assert len(assessments(setup, "C-1")) == 2


def test_reassessing_under_another_framework_needs_an_explicit_choice(
    setup: InterviewSetup,
) -> None:
    first_case(setup)
    hull = loader.resolve("hull")[0]
    script = [False, "C-1", "reassess", "hull", False, "hull", True, "9"]
    script += [[], [], [], "", "", "accept", ["done"] * len(hull.consent_for(1))]
    prompter, _out = interview(setup, script)
    assert prompter.asked.count("Which framework?") == 2  # "no" asked again
    latest = assessments(setup, "C-1")[1]
    assert latest["framework_changed_from"] == "staffordshire-2023@2023"
    assert latest["framework"]["id"] == "hull"  # type: ignore[index]


def test_answers_file_cannot_change_framework_without_the_flag(setup: InterviewSetup) -> None:
    first_case(setup)
    sheet = AnswerSheet(case_ref="C-1", framework="hull", immediate_danger=False)
    with pytest.raises(
        UsageError, match=r"last assessed with staffordshire-2023@2023.*--framework"
    ):
        sheet_run(setup, sheet, Start(reassess=True))


# --- drafts: only replaced by their own continuation (issue 19 item 1) -----------------


def keep_a_draft(setup: InterviewSetup, ref: str = "C-1") -> AnswerSheet:
    first = {"ticks": ["dev.2.07"], "note": "first note"}
    script = [False, ref, "staffordshire-2023", "9", first, "^C", True]
    with pytest.raises(Interrupted, match=f"draft kept: resume with .*--resume {ref}"):
        interview(setup, script)
    draft = store.load_draft(setup.cases_dir, ref)
    assert draft is not None
    return draft


def test_answers_run_refuses_a_reference_with_a_kept_draft(setup: InterviewSetup) -> None:
    before = keep_a_draft(setup)
    other = AnswerSheet(
        case_ref="C-1",
        framework="staffordshire-2023",
        immediate_danger=False,
        age=3,
        notes={"developmental-needs": "second practitioner"},
    )
    with pytest.raises(UsageError, match=r"C-1 has a draft kept .*--resume C-1"):
        sheet_run(setup, other)
    with pytest.raises(UsageError, match=r"C-1 has a draft kept"):
        sheet_run(setup, other, Start(reassess=True))
    assert store.load_draft(setup.cases_dir, "C-1") == before


def test_a_new_interview_offers_to_resume_the_kept_draft(setup: InterviewSetup) -> None:
    keep_a_draft(setup)
    script = [False, "C-1", "resume", ["par.3.03"], [], [], "", "", "accept", ["done"]]
    prompter, out = interview(setup, script)
    assert "Resume it, or give another reference?" in prompter.asked[2]
    notes = [str(t) for k, t in out.events if k == "note"]
    assert any(n.startswith("Resuming the interview of case C-1") for n in notes)
    (only,) = assessments(setup, "C-1")
    assert [i["id"] for i in only["indicators"]] == ["dev.2.07", "par.3.03"]  # type: ignore[attr-defined]
    assert only["notes"] == {"developmental-needs": "first note"}


def test_giving_another_reference_leaves_the_draft_alone(setup: InterviewSetup) -> None:
    before = keep_a_draft(setup)
    interview(setup, [False, "C-1", "another", "C-2", "staffordshire-2023", "9", *QUIET])
    assert store.load_draft(setup.cases_dir, "C-1") == before
    assert (setup.cases_dir / "C-2.toml").exists()


def test_a_case_open_in_another_interview_is_refused(setup: InterviewSetup) -> None:
    running = Claim(setup.cases_dir, "C-1")  # another practitioner's interview, still going
    try:
        sheet = AnswerSheet(case_ref="C-1", immediate_danger=False)
        with pytest.raises(CaseInUseError, match="open in another interview"):
            sheet_run(setup, sheet)
        # Interactively, it says so and asks for another reference.
        _prompter, out = interview(setup, [False, "C-1", "C-2", "staffordshire-2023", "9", *QUIET])
        assert any("open in another interview" in str(t) for k, t in out.events if k == "note")
    finally:
        running.release()
    assert not (setup.cases_dir / "C-1.toml").exists()


def test_a_finished_interview_deletes_only_its_own_draft(setup: InterviewSetup) -> None:
    kept = keep_a_draft(setup, "C-1")
    interview(setup, [False, "C-2", "staffordshire-2023", "9", *QUIET])
    assert store.load_draft(setup.cases_dir, "C-1") == kept
    assert store.load_draft(setup.cases_dir, "C-2") is None


# --- unknown ids in an answers file (issue 19 item 2) ------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"notes": {"developmental_needs": "x"}}, 'notes: unknown domain .*"developmental-needs"'),
        ({"consent": {"eha_consent": "done"}}, 'consent: unknown consent item .*"eha-consent"'),
        ({"sections": ["exploitation"]}, "sections: unknown section 'exploitation'"),
        ({"considerations": {"range-of-need-3": True}}, '"range-of-needs-3"'),
        ({"indicators": ["dev2.07"]}, 'indicators: unknown indicator .*"dev.2.07"'),
        ({"domains": {"parenting": []}}, 'domains: unknown domain .*"parenting-capacity"'),
        (
            {"domains": {"developmental-needs": ["par.3.03"]}},
            "indicator 'par.3.03' belongs to domain 'parenting-capacity'",
        ),
    ],
)
def test_every_unknown_id_is_named_with_a_suggestion(
    setup: InterviewSetup, given: dict[str, object], expected: str
) -> None:
    sheet = AnswerSheet.model_validate(
        {"case_ref": "C-1", "framework": "staffordshire-2023", "immediate_danger": False, **given}
    )
    with pytest.raises(UsageError, match=expected):
        sheet_run(setup, sheet)
    assert not (setup.cases_dir / "C-1.toml").exists()


def test_unknown_id_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text(
        'framework = "staffordshire-2023"\ncase_ref = "C-1"\nimmediate_danger = false\n'
        '[notes]\ndevelopmental_needs = "x"\n'
    )
    code, _, err = run_cli(
        ["interview", "--answers", str(answers), "--cases-dir", str(tmp_path / "c")], capsys
    )
    assert code == 2
    assert err.count("\n") == 1 and 'did you mean "developmental-needs"?' in err


# --- Ctrl-C (issue 19 item 15) ------------------------------------------------------------


def test_ctrl_c_in_an_answers_run_keeps_the_draft_and_says_so(setup: InterviewSetup) -> None:
    calls = iter(range(100))

    def interrupt_on_third() -> None:
        if next(calls) == 1:
            raise KeyboardInterrupt

    interrupted = InterviewSetup(**{**setup.__dict__, "checkpoint": interrupt_on_third})
    sheet = AnswerSheet(
        case_ref="C-1", framework="staffordshire-2023", immediate_danger=False, age=4
    )
    with pytest.raises(Interrupted, match=r"draft kept: resume with .*--resume C-1"):
        sheet_run(interrupted, sheet)


def test_no_to_keep_a_draft_says_it_was_discarded(setup: InterviewSetup) -> None:
    script = [False, "C-1", "staffordshire-2023", "9", "^C", False]
    with pytest.raises(Interrupted) as caught:
        interview(setup, script)
    assert str(caught.value) == "interrupted; the draft was discarded"
    assert "in the draft" not in str(caught.value)
    assert store.load_draft(setup.cases_dir, "C-1") is None


def test_ctrl_c_before_a_reference_saves_nothing(setup: InterviewSetup) -> None:
    with pytest.raises(Interrupted, match="nothing was saved"):
        interview(setup, [False, "^C"])
    assert not store.list_drafts(setup.cases_dir)


# --- age never hides an indicator (issue 14 item 3) ------------------------------------------


@pytest.mark.parametrize(
    ("ref", "domain", "age"),
    [
        ("staffordshire-2023", "significant-harm", 16),
        ("staffordshire-2022", "health", 5),
    ],
)
def test_age_never_hides_an_indicator(ref: str, domain: str, age: int) -> None:
    framework = loader.resolve(ref)[0]
    indicators = framework.indicators_in(domain)
    offered = [c for g in indicator_groups(framework, indicators, age, set()) for c in g.choices]
    assert sorted(c.value for c in offered) == sorted(i.id for i in indicators)
    unborn_only = [i.id for i in indicators if i.age is not None and not i.age.born]
    assert unborn_only  # sh.4.04; the pre-natal items
    notes = {c.value: c.note for c in offered}
    assert all(
        notes[i] == "thresholdcli's reading: usually about an unborn baby" for i in unborn_only
    )


def test_sh_4_04_is_offered_for_a_pregnant_sixteen_year_old(setup: InterviewSetup) -> None:
    script = [False, "C-1", "staffordshire-2023", "16", [], [], []]
    script += [["sh.4.04"], "", "", "ack", "accept", ["done"] * 7]
    interview(setup, script)
    (only,) = assessments(setup, "C-1")
    assert only["suggestion"]["act_now"] is True  # type: ignore[index]


# --- 4. consent: whom to call first; duties not yet done are "to do", with a due time -----


def hull_level_4(
    setup: InterviewSetup, consent: list[object]
) -> tuple[ScriptedPrompter, SilentOutput]:
    script = [False, "H-1", "hull", "9", ["child.4.03"], [], [], "", "", "ack", "accept"]
    return interview(setup, [*script, consent])


def test_hull_written_follow_up_is_to_do_with_its_due_time(setup: InterviewSetup) -> None:
    hull = loader.resolve("hull")[0]
    ids = [c.id for c in hull.consent_for(4)]
    answers = ["to_do" if i in ("written-follow-up", "chase-feedback") else "done" for i in ids]
    _prompter, out = hull_level_4(setup, answers)
    kinds = out.kinds()
    assert kinds.index("contacts") < kinds.index("consent")  # whom to call, then the checklist
    records = {c["id"]: c for c in assessments(setup, "H-1")[0]["consent"]}  # type: ignore[attr-defined]
    assert records["written-follow-up"]["answer"] == "to_do"
    assert records["written-follow-up"]["due"] == FIXED_NOW + timedelta(hours=48)
    # Monday 23 Nov 2026 + 5 working days: the end of Monday 30 Nov, UK time (GMT).
    assert records["chase-feedback"]["due"] == datetime(2026, 11, 30, 23, 59, tzinfo=UTC)
    assert "due" not in records["full-information"]
    notes = [str(t) for k, t in out.events if k == "note"]
    assert any("Time limit printed: “within 48 hours”" in n for n in notes)
    assert any("thresholdcli's reading: clock hours" in n for n in notes)


def test_no_consent_question_presumes_the_duty_is_already_done() -> None:
    for _, framework in loader.shipped():
        for item in framework.consent:
            if item.due is not None:
                assert not item.question.startswith("Have you"), (framework.id, item.id)


# --- 6. resume and re-assessment ------------------------------------------------------------


def test_back_works_after_resume(setup: InterviewSetup) -> None:
    keep_a_draft(setup)
    changed = {"ticks": ["dev.3.01"], "note": "changed note"}
    script = ["back", changed, [], [], [], "", "", "accept", ["done"]]
    prompter, _ = interview(setup, script, AnswerSheet(case_ref="C-1"), Start(resume=True))
    assert prompter.asked[0].startswith("Domain 2 of 4")
    assert prompter.asked[1].startswith("Domain 1 of 4")
    (only,) = assessments(setup, "C-1")
    assert [i["id"] for i in only["indicators"]] == ["dev.3.01"]  # type: ignore[attr-defined]
    assert only["notes"] == {"developmental-needs": "changed note"}


def test_ticks_on_the_interrupted_screen_are_kept_in_the_draft(setup: InterviewSetup) -> None:
    script = [False, "C-1", "staffordshire-2023", "9", [], ("ticks-then-^C", ["par.3.03"])]
    with pytest.raises(Interrupted):
        interview(setup, [*script, True])
    draft = store.load_draft(setup.cases_dir, "C-1")
    assert draft is not None and draft.unfinished == {"parenting-capacity": ["par.3.03"]}
    rest = ["keep", [], [], "", "", "accept", ["done"]]
    prompter, out = interview(setup, rest, AnswerSheet(case_ref="C-1"), Start(resume=True))
    assert "ticks made before the interruption are kept" in prompter.asked[0]
    notes = [str(t) for k, t in out.events if k == "note"]
    assert any("1 tick(s) kept from the screen that was interrupted" in n for n in notes)
    (only,) = assessments(setup, "C-1")
    assert [i["id"] for i in only["indicators"]] == ["par.3.03"]  # type: ignore[attr-defined]


def test_prefilled_strengths_get_a_space_before_more_text(setup: InterviewSetup) -> None:
    interview(
        setup, [False, "C-1", "staffordshire-2023", "9", *QUIET[:-3], "Aunt nearby", "", "accept"]
    )
    script = [False, "C-1", "reassess", "default", "9", *(["keep"] * 4)]

    class Typing(ScriptedPrompter):
        def text(self, message: str, default: str = "") -> str:
            answer = super().text(message, default)
            return default + "and school" if message.startswith("Strengths") else answer

    prompter = Typing([*script, "", "", "accept"])
    Interview(prompter, SilentOutput(), setup).run()
    assert assessments(setup, "C-1")[1]["strengths"] == "Aunt nearby and school"


def test_yes_to_consider_a_higher_level_makes_it_the_default_decision(
    setup: InterviewSetup,
) -> None:
    script = [False, "H-2", "hull", "9", ["child.3.01"], ["par.3.01"], [], "", ""]
    script += [True, "default"]
    hull = loader.resolve("hull")[0]
    script += ["several concerns together", ["done"] * len(hull.consent_for(4))]
    interview(setup, script)
    decision = assessments(setup, "H-2")[0]["decision"]
    assert decision["rank"] == 4  # type: ignore[index]
    assert decision["reason"] == "several concerns together"  # type: ignore[index]
