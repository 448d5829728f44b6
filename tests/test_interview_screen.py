"""Interview safety as a person sees it: a real pseudo-terminal, its screen rendered by pyte.

Each session is short: where the point needs a later screen, a prepared draft is resumed.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.pty_screen import Terminal, flat
from thresholdcli.records import store
from thresholdcli.records.sheet import AnswerSheet

pytestmark = pytest.mark.pty
REMINDER = "IMMEDIATE DANGER: call 999 now"


def draft(cases: Path, **answers: object) -> None:
    store.save_draft(cases, AnswerSheet.model_validate({"case_ref": "S-1", **answers}))


def test_999_is_on_every_screen_after_a_yes(tmp_path: Path) -> None:
    term = Terminal(tmp_path, ["--framework", "hull"])
    term.wait_for(r"immediate danger right now\?")
    assert REMINDER not in term.text
    term.send("y")
    screen = term.wait_for("Press Enter to go on")
    assert "CALL 999 NOW" in screen and "If a child is in immediate danger, call 999" in screen
    term.key("enter")
    for anchor, answer in (
        ("Case reference", "S-1\r"),
        ("age in years", "4\r"),
        ("Domain 1 of 3", "\r"),
        ("Domain 2 of 3", ""),
    ):
        screen = term.wait_for(anchor)
        assert REMINDER in term.lines()[-1] or REMINDER in screen.split(anchor)[-1], screen
        term.send(answer)
    term.child.sendcontrol("c")
    screen = term.wait_for("Keep a draft")
    assert REMINDER in screen
    term.send("y")
    assert term.finish() == 130


def test_a_two_word_filter_ticks_nothing(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    draft(cases, framework="staffordshire-2023", immediate_danger=False, age=9)
    term = Terminal(cases, ["--resume", "S-1"])
    term.wait_for("Domain 1 of 4")
    term.send("mental health")
    screen = term.wait_for('Filter: "mental health"')
    assert "[x]" not in screen and "Ticked so far: 0" in screen
    term.send("zzz")
    screen = term.wait_for("no indicator matches")
    assert 'no indicator matches "mental healthzzz"' in screen
    term.key("tab")  # nothing to tick: says so, ticks nothing
    screen = term.wait_for("Only an indicator can be ticked")
    assert "Ticked so far: 0" in screen
    assert term.interrupt_and_keep() == 130
    kept = store.load_draft(cases, "S-1")
    assert kept is not None and kept.all_ticked() == [] and kept.unfinished == {}


def test_tab_ticks_while_filtering_and_the_tick_stays_in_sight(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    draft(cases, framework="staffordshire-2023", immediate_danger=False, age=9)
    term = Terminal(cases, ["--resume", "S-1"])
    term.wait_for("Domain 1 of 4")
    term.send("mental health")
    term.wait_for('Filter: "mental health"')
    term.key("tab")
    term.wait_for("Ticked so far: 1")
    term.send("x")  # the filter now hides the tick: still counted, and named
    screen = term.wait_for(r"1 hidden by the filter")
    assert "dev.3.09" in screen
    assert term.interrupt_and_keep() == 130
    kept = store.load_draft(cases, "S-1")
    assert kept is not None and kept.unfinished == {"developmental-needs": ["dev.3.09"]}


def test_an_existing_reference_says_so_and_asks(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    answers = tmp_path / "a.toml"
    answers.write_text(
        'framework = "hull"\ncase_ref = "S-1"\nimmediate_danger = false\nage = 7\n'
        'indicators = []\nstrengths = ""\ndecision = "accept"\n'
    )
    first = Terminal(cases, ["--answers", str(answers)])
    assert first.finish() == 0
    term = Terminal(cases, [])
    term.wait_for("immediate danger")
    term.send("n")
    term.wait_for("Case reference")
    term.send("S-1\r")
    screen = term.wait_for("Re-assess this case, or give another reference")
    assert "Case S-1 already exists: 1 assessment, the last on 2026-11-27 with hull@2018-05" in (
        flat(screen)
    )
    assert "Give another reference" in screen
    term.key("enter")  # the default: another reference
    term.wait_for("Case reference")
    term.child.sendcontrol("c")
    assert term.finish() == 130
    record = tomllib.loads((cases / "S-1.toml").read_text())
    assert len(record["assessments"]) == 1


def test_back_works_after_resume(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    draft(
        cases,
        framework="staffordshire-2023",
        immediate_danger=False,
        age=9,
        domains={"developmental-needs": ["dev.3.01"]},
    )
    term = Terminal(cases, ["--resume", "S-1"], rows=40)
    screen = term.wait_for("Domain 2 of 4")
    assert "Resuming the interview of case S-1" in screen
    term.key("end")  # "Finish the walk here" is last, "◀ Back" above it
    term.key("up")
    term.key("enter")  # "◀ Back" is chosen with Enter
    screen = term.wait_for(r"Domain 1 of 4 · ")
    assert "[x] Child has some serious" in screen  # dev.3.01, the draft's tick
    assert "Ticked so far: 1: dev.3.01" in screen
    assert term.interrupt_and_keep() == 130


def test_act_now_stays_until_acknowledged_then_reminds(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    draft(
        cases,
        framework="staffordshire-2023",
        immediate_danger=False,
        age=9,
        domains={
            "developmental-needs": [],
            "parenting-capacity": [],
            "family-environment": [],
            "significant-harm": ["sh.4.06"],
        },
    )
    term = Terminal(cases, ["--resume", "S-1"], rows=30)
    term.wait_for("Strengths")
    term.key("enter")
    term.wait_for(r"Notes \(optional\)")
    term.key("enter")
    screen = term.wait_for("Press Enter once you have read whom to phone")
    assert "ACT NOW" in screen and "Significant harm: phone now" in screen
    term.key("enter")
    screen = term.wait_for("Your decision")
    assert "ACT NOW: phone" in term.lines()[-1]
    term.child.sendcontrol("c")
    term.wait_for("Keep a draft")
    assert "ACT NOW: phone" in term.text
    term.send("n")
    assert term.finish() == 130


def test_the_picker_marks_a_superseded_framework(tmp_path: Path) -> None:
    term = Terminal(tmp_path, [], columns=100)
    term.wait_for("immediate danger")
    term.send("n")
    term.wait_for("Case reference")
    term.send("S-1\r")
    screen = term.wait_for("Which framework")
    assert "staffordshire-2022@2022-04) — SUPERSEDED by staffordshire-2023" in screen
    term.child.sendcontrol("c")
    term.wait_for("Keep a draft")
    term.send("n")
    assert term.finish() == 130
