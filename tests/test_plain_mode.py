"""Plain mode (`--plain`, and TERM=dumb): numbered line prompts, a typed line for each answer,
no full-screen list, no boxes, no colour. Driven through a pipe, as a screen reader or a slow
link would be: the same engine, the same record."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thresholdcli.interview.engine import DANGER_REMINDER
from thresholdcli.interview.plain_prompter import PlainPrompter, _numbers, _one_number
from thresholdcli.interview.prompter import ENDING, Choice, Group, Mark

ANSI = re.compile(r"\x1b\[")
BOXES = set("╭╮╰╯│─━┃")


def run_plain(
    tmp_path: Path, lines: list[str], *args: str, term: str = "xterm"
) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("thresholdcli", path=str(Path(sys.executable).parent))
    assert exe
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("THRESHOLDCLI_")},
        "TERM": term,
        "THRESHOLDCLI_CASES": str(tmp_path / "cases"),
        "THRESHOLDCLI_CONFIG_DIR": str(tmp_path / "config"),
        "THRESHOLDCLI_CACHE_DIR": os.environ.get("THRESHOLDCLI_CACHE_DIR", ""),
        "THRESHOLDCLI_NOW": "2026-11-27T16:45:00+00:00",
    }
    return subprocess.run(
        [exe, "interview", *args],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def saved(tmp_path: Path, ref: str) -> dict[str, object]:
    found: dict[str, object] = tomllib.loads((tmp_path / "cases" / f"{ref}.toml").read_text())[
        "assessments"
    ][-1]
    return found


# Immediate danger yes, then Staffordshire 2023 for a nine-year-old: indicator 2 of domain 1
# with a note, nothing in the other three, strengths, no notes, accept, seven consent items.
A_FULL_INTERVIEW = [
    "y",  # immediate danger: the first question
    "",  # the 999 screen: Enter to go on
    "P-1",
    "",  # the framework: the default (Staffordshire 2023)
    "9",
    "n seen at clinic",  # a note on domain 1, then the same question again
    "2",  # tick item 2
    "",
    "",
    "",  # domains 2 to 4: nothing here
    "midwife involved",
    "",  # the notes box
    "",  # the decision: the default, accept
    "ddddddd",  # consent: one letter per item
]


def test_a_full_interview_completes_through_a_pipe(tmp_path: Path) -> None:
    done = run_plain(tmp_path, A_FULL_INTERVIEW, "--plain")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "Saved assessment 1 of case P-1" in done.stdout
    assessment = saved(tmp_path, "P-1")
    assert [i["id"] for i in assessment["indicators"]] == ["dev.3.02"]  # type: ignore[index]
    assert assessment["notes"] == {"developmental-needs": "seen at clinic"}
    assert assessment["immediate_danger"] is True
    assert [c["answer"] for c in assessment["consent"]] == ["done"] * 7  # type: ignore[index]


def test_the_framework_may_be_typed_by_its_id_in_any_case(tmp_path: Path) -> None:
    typed = [*A_FULL_INTERVIEW[:3], "Staffordshire-2023", *A_FULL_INTERVIEW[4:]]
    done = run_plain(tmp_path, typed, "--plain")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "[number or name, Enter for the default]" in done.stdout
    assert "Type a number" not in done.stdout  # taken at once, not asked again
    assessment = saved(tmp_path, "P-1")
    assert assessment["framework"]["id"] == "staffordshire-2023"  # type: ignore[index]


def test_a_choice_is_taken_by_number_value_or_title_and_a_miss_is_asked_again() -> None:
    choices = [Choice("hull", "Hull (2018)"), Choice("telford-wrekin", "Telford & Wrekin")]
    out = io.StringIO()
    reply = io.StringIO("york\nTELFORD-WREKIN\nhull (2018)\n1\n")
    prompter = PlainPrompter(reply, out)
    assert [prompter.select("Which?", choices) for _ in range(3)] == [
        "telford-wrekin",
        "hull",
        "hull",
    ]
    assert "Type a number from 1 to 2, or a name: hull, telford-wrekin." in out.getvalue()


def test_numbered_values_are_taken_by_position_only() -> None:
    choices = [Choice("2", "Level 2"), Choice("1", "Level 1")]
    out = io.StringIO()
    picked = PlainPrompter(io.StringIO("level 1\n1\n"), out).select("Level?", choices)
    assert picked == "2"  # the first in the list: a typed number is a position
    assert "[number]" in out.getvalue() and "or a name" not in out.getvalue()


def test_no_boxes_no_colour_and_999_with_every_prompt_after_a_yes(tmp_path: Path) -> None:
    out = run_plain(tmp_path, A_FULL_INTERVIEW, "--plain").stdout
    assert not ANSI.search(out)
    assert not BOXES & set(out)
    prompts = [line for line in out.splitlines() if line.startswith("? ")]
    first = next(n for n, p in enumerate(prompts) if "Press Enter to go on" in p)
    lines = out.splitlines()
    for n, line in enumerate(lines):
        if line.startswith("? ") and prompts.index(line) > first:
            assert lines[n - 1] == f"!! {DANGER_REMINDER}", line
    assert "!!" not in out.split("Press Enter to go on")[0].split("CALL 999 NOW")[0]


def test_term_dumb_means_plain_mode(tmp_path: Path) -> None:
    done = run_plain(tmp_path, A_FULL_INTERVIEW, term="dumb")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert not BOXES & set(done.stdout)


def test_search_in_plain_mode_ticks_by_number_and_finishing_early(tmp_path: Path) -> None:
    lines = [
        "n",
        "T-1",
        "0",  # a baby
        "n",  # no exploitation concern
        "s bruis baby",  # on domain 1: search every domain
        "1",  # tick the first hit
        "",  # back to the walk
        "f",  # finish the walk here, keeping the search's tick
        "",
        "",
        "",  # strengths, notes, the ACT NOW screen
        "",  # the framework's warning signs (asked at levels 3-4): none
        "",  # accept
        "ddddddddd",
    ]
    done = run_plain(tmp_path, lines, "--plain", "-f", "Telford-Wrekin")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    assert "1. [ ] Bruising on non mobile baby. (level 4 Acute · Basic Care" in done.stdout
    assessment = saved(tmp_path, "T-1")
    assert [i["id"] for i in assessment["indicators"]] == ["care.4.22"]  # type: ignore[index]
    assert len(assessment["domains_not_looked_at"]) == 10  # type: ignore[arg-type]
    assert assessment["suggestion"]["act_now"] is True  # type: ignore[index]
    assert "ACT NOW: phone" in done.stdout


def test_the_consent_answer_may_end_by_asking_for_the_referral_summary(tmp_path: Path) -> None:
    done = run_plain(tmp_path, [*A_FULL_INTERVIEW[:-1], "ddddddd r"], "--plain")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "then r: Save the record, then show a referral summary" in done.stdout
    after = done.stdout.split("Saved assessment 1 of case P-1")[1]  # shown once saved
    assert "Referral summary: case P-1" in after
    assert "Show a referral summary?" not in done.stdout  # no prompt of its own
    assert [c["answer"] for c in saved(tmp_path, "P-1")["consent"]] == ["done"] * 7  # type: ignore[index]


def test_a_checklist_answer_of_the_wrong_length_is_asked_again() -> None:
    marks = [Mark("d", "done", "Done"), Mark("a", "n_a", "N/A")]
    endings = [Mark("s", "save", "Save"), Mark("r", "refer", "Save, then refer")]
    items = [Choice("one", "One"), Choice("two", "Two")]
    out = io.StringIO()
    answers = PlainPrompter(io.StringIO("d\ndrr\nda\n"), out).checklist(
        "consent", items, marks, endings
    )
    assert answers == {"one": "done", "two": "n_a", ENDING: "save"}
    assert out.getvalue().count("2 letter(s), each one of") == 2


def test_the_end_of_the_input_keeps_a_draft(tmp_path: Path) -> None:
    done = run_plain(tmp_path, ["n", "P-2", "", "9"], "--plain")
    assert done.returncode == 130
    assert "draft kept" in done.stderr and "--resume P-2" in done.stderr
    assert (tmp_path / "cases" / ".drafts" / "P-2.toml").exists()


def test_a_wrong_answer_is_asked_again_not_taken() -> None:
    reply = io.StringIO("12\n1,9\n1, 3\n")
    out = io.StringIO()
    groups = [Group("Level 2", tuple(Choice(f"i{n}", f"Item {n}") for n in range(1, 4)))]
    ticks = PlainPrompter(reply, out).checkbox("tick", groups, allow_back=False)
    assert ticks == ["i1", "i3"]
    assert out.getvalue().count("Numbers from 1 to 3") == 2


@given(st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=8), st.data())
def test_typed_numbers_tick_exactly_those_items(picked: list[int], data: st.DataObject) -> None:
    separator = data.draw(st.sampled_from([",", " ", ", ", " ,  "]))
    assert _numbers(separator.join(map(str, picked)), 40) == list(dict.fromkeys(picked))


@given(st.text(max_size=12))
def test_anything_else_typed_is_refused_or_in_range(text: str) -> None:
    found = _numbers(text, 10)
    assert found is None or all(1 <= n <= 10 for n in found)


@pytest.mark.parametrize("typed", ["0", "11", "3-1x", "a", "2--4", "²", "1-²", "٣", "1" * 5000])
def test_out_of_range_or_malformed_numbers_are_refused(typed: str) -> None:
    assert _numbers(typed, 10) is None  # superscripts, other scripts' digits, 5000 digits
    assert _one_number(typed, 10) is None
