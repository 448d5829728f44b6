"""The search inside the interview: its ticks are the walk's ticks (the same record, the same
suggestion, the same act-now), finishing the walk early says and records which domains were
not looked at, and nothing found or ticked in the search is ever dropped."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from thresholdcli.advice.consent import checklist
from thresholdcli.framework import loader
from thresholdcli.interview.engine import Interview, InterviewSetup, Start, search_choice
from thresholdcli.interview.output import SilentOutput
from thresholdcli.interview.prompter import ScriptedPrompter
from thresholdcli.records import store
from thresholdcli.records.sheet import AnswerSheet

HEAD = [False, "C-1", "staffordshire-2023", "9"]
AFTER = ["", "", "ack", "accept", ["done"] * 7]  # strengths, notes, ACT NOW, decision, consent


def interview(
    setup: InterviewSetup, script: list[object], **kwargs: Any
) -> tuple[ScriptedPrompter, SilentOutput]:
    prompter, out = ScriptedPrompter(script), SilentOutput()
    Interview(prompter, out, setup, **kwargs).run()
    assert prompter.answers == [], "not every scripted answer was asked for"
    return prompter, out


def latest(setup: InterviewSetup, ref: str = "C-1") -> dict[str, Any]:
    record = tomllib.loads((setup.cases_dir / f"{ref}.toml").read_text())
    found: dict[str, Any] = record["assessments"][-1]
    return found


def same_outcome(a: dict[str, Any], b: dict[str, Any]) -> None:
    for key in ("indicators", "suggestion", "decision", "consent"):
        assert a[key] == b[key], key


def notes_of(out: SilentOutput) -> list[str]:
    return [str(text) for kind, text in out.events if kind == "note"]


def test_a_search_tick_is_the_walks_tick(setup: InterviewSetup) -> None:
    walked = [*HEAD, [], [], [], ["sh.4.06"], *AFTER]
    interview(setup, walked)
    by_walk = latest(setup)
    searched = [
        False,
        "C-2",
        "staffordshire-2023",
        "9",
        {"then": "search"},
        {"query": "disclos abuse", "tick": ["sh.4.06"]},  # a level-4 indicator of domain 4
        [],  # domain 1 again: nothing here
        [],
        [],
        "keep",  # domain 4 shows the search's tick, pre-ticked
        *AFTER,
    ]
    prompter, _ = interview(setup, searched)
    by_search = latest(setup, "C-2")
    same_outcome(by_walk, by_search)
    assert by_search["suggestion"]["act_now"] is True  # act-now, exactly as in the walk
    domain_4 = next(q for q in prompter.asked if q.startswith("Domain 4 of 4"))
    assert "ticks made in the search are kept" in domain_4


@pytest.mark.parametrize("ref", ["staffordshire-2023", "hull", "telford-wrekin"])
def test_search_ticks_every_act_now_indicator_as_the_walk_would(
    setup: InterviewSetup, ref: str
) -> None:
    """Finishing at once after the search: the act-now indicator alone decides, as it would
    ticked in the walk (the scorer sees the same ticks)."""
    framework = loader.resolve(ref)[0]
    target = next(i for i in framework.indicators if i.act_now)
    sections = [] if not framework.sections else "no"
    script: list[object] = [False, "C-9", ref, "9"]
    script += [False] * len(framework.sections) if sections else []
    script += [
        {"then": "search"},
        {"query": target.text, "tick": [target.id]},
        {"ticks": "keep", "then": "finish"},
        "",
        "",
        "ack",
        *([[]] * len(framework.guidance_for("ask", framework.top_rank))),  # e.g. warning signs
        "accept",
        ["done"] * len(checklist(framework, framework.top_rank, 9)),
    ]
    _, out = interview(setup, script)
    saved = latest(setup, "C-9")
    assert [i["id"] for i in saved["indicators"]] == [target.id]
    assert saved["suggestion"]["act_now"] is True
    assert saved["suggestion"]["rank"] == framework.top_rank
    assert "act_now" in out.kinds()


def test_finishing_early_says_and_records_the_domains_not_looked_at(
    setup: InterviewSetup,
) -> None:
    script = [
        *HEAD,
        ["dev.2.07"],
        {"then": "search"},
        {"query": "mental health", "tick": ["par.3.04"]},  # a domain not reached yet
        {"ticks": "keep", "then": "finish"},  # on domain 2: finish the walk here
        "",
        "",
        "accept",
        ["done"],
    ]
    prompter, out = interview(setup, script)
    saved = latest(setup)
    assert saved["domains_not_looked_at"] == ["family-environment", "significant-harm"]
    said = [n for n in notes_of(out) if "not looked at" in n.lower()]
    assert said[0].startswith("Walk finished early: 2 domain(s) not looked at")
    assert said[1] == (
        "Not looked at (the walk was finished early): 2 domain(s): Family / Environmental "
        "Factors; Significant harm. The record keeps this list."
    )
    kinds = out.kinds()
    assert kinds.index("result") < len(kinds) - 1 - kinds[::-1].index("note")
    assert [i["id"] for i in saved["indicators"]] == ["dev.2.07", "par.3.04"]
    assert not any(q.startswith("Domain 3 of 4") for q in prompter.asked)


def test_a_search_tick_in_a_domain_not_looked_at_still_counts(setup: InterviewSetup) -> None:
    script = [
        *HEAD,
        {"then": "search"},
        {"query": "disclos", "tick": ["sh.4.06"]},
        {"ticks": [], "then": "finish"},  # finish on domain 1: domain 4 never looked at
        *AFTER,
    ]
    _, out = interview(setup, script)
    saved = latest(setup)
    assert "significant-harm" in saved["domains_not_looked_at"]
    assert [i["id"] for i in saved["indicators"]] == ["sh.4.06"]
    assert saved["suggestion"]["act_now"] is True
    assert any("Ticks made there in the search count: sh.4.06" in n for n in notes_of(out))


def test_a_walk_to_the_end_records_no_domain_not_looked_at(setup: InterviewSetup) -> None:
    interview(setup, [*HEAD, [], [], [], [], "", "", "accept"])
    assert "domains_not_looked_at" not in latest(setup)


def test_unticking_in_the_search_unticks_the_walks_tick(setup: InterviewSetup) -> None:
    script = [
        *HEAD,
        ["dev.2.07"],
        {"then": "search"},
        {"query": "school attendance", "untick": ["dev.2.07"]},
        [],
        [],
        [],
        "",
        "",
        "accept",
    ]
    interview(setup, script)
    assert latest(setup).get("indicators", []) == []


def test_a_search_tick_in_a_section_not_chosen_adds_the_section(setup: InterviewSetup) -> None:
    telford = loader.resolve("telford-wrekin")[0]
    script: list[object] = [False, "T-1", "telford-wrekin", "14", False]  # no CE concern
    script += [
        {"then": "search"},
        {"query": "later than agreed", "tick": ["cemiss.2.01"]},
        {"ticks": [], "then": "finish"},
        "",
        "",
        "accept",
        ["done"] * len(checklist(telford, 2, 14)),
    ]
    prompter, out = interview(setup, script)
    saved = latest(setup, "T-1")
    assert saved["sections"] == ["child-exploitation"]
    assert [i["id"] for i in saved["indicators"]] == ["cemiss.2.01"]
    assert "ce-missing" in saved["domains_not_looked_at"]
    assert any("its domains are added to this interview" in n for n in notes_of(out))
    search = next(q for q in prompter.asked if q.startswith("Search every indicator"))
    assert "Child Exploitation" in search  # the search says it covers the section


def test_a_note_from_the_search_goes_to_the_hits_domain(setup: InterviewSetup) -> None:
    script = [
        *HEAD,
        {"then": "search"},
        {"query": "disclos", "tick": ["sh.4.06"], "note": ("sh.4.06", "told her teacher")},
        {"ticks": [], "then": "finish"},
        *AFTER,
    ]
    interview(setup, script)
    assert latest(setup)["notes"] == {"significant-harm": "told her teacher"}


def test_a_resumed_draft_finished_early_is_not_walked_again(setup: InterviewSetup) -> None:
    script = [
        *HEAD,
        ["dev.2.07"],
        {"ticks": [], "then": "finish"},
        "^C",  # at strengths
        True,
    ]
    with pytest.raises(Exception, match="draft kept"):
        interview(setup, script)
    draft = store.load_draft(setup.cases_dir, "C-1")
    assert draft is not None
    assert draft.domains_not_looked_at == ["family-environment", "significant-harm"]
    prompter, _ = interview(
        setup,
        ["", "", "accept", ["done"]],
        given=AnswerSheet(case_ref="C-1"),
        start=Start(resume=True),
    )
    assert not any(q.startswith("Domain") for q in prompter.asked)
    assert latest(setup)["domains_not_looked_at"] == ["family-environment", "significant-harm"]


def test_age_never_hides_an_indicator_in_the_search() -> None:
    framework = loader.resolve("staffordshire-2023")[0]
    unborn = framework.indicator("sh.4.04")
    assert unborn is not None and unborn.age is not None and not unborn.age.born
    shown = search_choice(framework, unborn, 16, [])
    assert shown.title == unborn.text
    assert "level 4" in shown.note and "Significant harm" in shown.note
    assert "usually about an unborn baby" in shown.note
