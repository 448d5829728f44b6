"""The real questionary prompts, driven through prompt_toolkit pipe input."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from thresholdcli.interview.engine import Interview, InterviewSetup
from thresholdcli.interview.output import SilentOutput
from thresholdcli.interview.prompter import BACK, NONE_OF_THESE, Choice, Group
from thresholdcli.interview.questionary_prompter import QuestionaryPrompter
from thresholdcli.interview.tty_list import ListState, Row, render

DOWN, ENTER, SPACE = "\x1b[B", "\r", " "


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def prompter(pipe: PipeInput) -> QuestionaryPrompter:
    return QuestionaryPrompter(input=pipe, output=DummyOutput())


TAB, ESC, END, HOME, PGDN = "\t", "\x1b", "\x1b[F", "\x1b[H", "\x1b[6~"


def test_checkbox_ticks_with_space_and_offers_none_and_back(pipe: PipeInput) -> None:
    groups = [
        Group("Level 2", (Choice("a", "A"), Choice("b", "B"))),
        Group("Level 1", (Choice("c", "C"),)),
    ]
    pipe.send_text(SPACE + DOWN + DOWN + SPACE + ENTER)
    assert prompter(pipe).checkbox("tick", groups, allow_back=True) == ["a", "c"]
    pipe.send_text(DOWN * 3 + ENTER)
    assert prompter(pipe).checkbox("tick", groups, allow_back=True) == [NONE_OF_THESE]
    pipe.send_text(DOWN * 4 + ENTER)
    assert prompter(pipe).checkbox("tick", groups, allow_back=True) == [BACK]


def test_typing_a_two_word_filter_ticks_nothing(pipe: PipeInput) -> None:
    groups = [
        Group(
            "Level 3",
            (
                Choice("dev.3.01", "Developmental milestones are not being met"),
                Choice("mh.3.01", "Parental mental health affects the child"),
            ),
        )
    ]
    changes: list[list[str]] = []
    pipe.send_text("mental health" + ENTER)
    answer = prompter(pipe).checkbox("tick", groups, allow_back=False, on_change=changes.append)
    assert answer == [] and changes == []


def test_tab_ticks_while_filtering_and_escape_clears_the_filter(pipe: PipeInput) -> None:
    groups = [Group("Level 2", (Choice("a", "Apple"), Choice("b", "Banana")))]
    changes: list[list[str]] = []
    pipe.send_text("ban ana" + TAB + ESC + SPACE + ENTER)
    answer = prompter(pipe).checkbox("tick", groups, allow_back=False, on_change=changes.append)
    assert answer == ["a", "b"]
    assert changes == [["b"], ["a", "b"]]  # every tick reported as it is made


def test_none_of_these_cannot_be_combined_with_ticks(pipe: PipeInput) -> None:
    groups = [Group("Level 2", (Choice("a", "A"), Choice("b", "B")))]
    pipe.send_text(SPACE + DOWN * 2 + ENTER + SPACE + HOME + ENTER)
    assert prompter(pipe).checkbox("tick", groups, allow_back=False) == ["a"]


def test_long_lists_page_and_jump(pipe: PipeInput) -> None:
    items = tuple(Choice(f"i{n:02}", f"Indicator number {n}") for n in range(60))
    groups = [Group("Level 2", items)]
    pipe.send_text(PGDN + SPACE + END + HOME + DOWN + SPACE + END + ENTER)
    picked = prompter(pipe).checkbox("tick", groups, allow_back=True)
    assert picked == [BACK]
    pipe.send_text(PGDN + SPACE + HOME + SPACE + ENTER)
    picked = prompter(pipe).checkbox("tick", groups, allow_back=True)
    assert picked[0] == "i00" and len(picked) == 2 and picked[1] > "i05"


def screen_text(state: ListState, width: int = 80, height: int = 24) -> str:
    return "".join(text for _, text, *_ in render(state, "tick", (), width, height))


def test_the_list_shows_count_hidden_ticks_no_match_and_more_below() -> None:
    rows = [Row("heading", "", "Level 2")]
    rows += [Row("item", f"i{n:02}", f"Indicator number {n}") for n in range(40)]
    state = ListState(rows, multi=True, ticked=["i03"])
    shown = screen_text(state)
    assert "Ticked so far: 1: i03" in shown and "more below" in shown
    state.type("zebra")
    shown = screen_text(state)
    assert 'no indicator matches "zebra"' in shown
    assert "Ticked so far: 1 (1 hidden by the filter): i03" in shown
    state.clear_filter()
    state.move(30)
    assert "more above" in screen_text(state)


def test_prechecked_boxes_stay_ticked(pipe: PipeInput) -> None:
    groups = [Group("Level 2", (Choice("a", "A", checked=True), Choice("b", "B")))]
    pipe.send_text(ENTER)
    assert prompter(pipe).checkbox("tick", groups, allow_back=False) == ["a"]


def test_select_starts_on_the_default(pipe: PipeInput) -> None:
    choices = [Choice("1", "One"), Choice("2", "Two"), Choice("3", "Three")]
    pipe.send_text(ENTER)
    assert prompter(pipe).select("pick", choices, default="3") == "3"


def test_whole_interview_through_questionary(pipe: PipeInput, setup: InterviewSetup) -> None:
    keys = [
        "n",  # immediate danger: no (always the first question)
        "Q-1" + ENTER,
        ENTER,  # framework: the default is preselected
        "9" + ENTER,
        SPACE + ENTER,
        ENTER,  # domain 1: tick the first (level 3) indicator; no note
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,  # domains 2-4: nothing; no notes
        ENTER,  # strengths
        ENTER,  # accept the suggestion
        ENTER,  # consent: done
    ]
    pipe.send_text("".join(keys))
    Interview(prompter(pipe), SilentOutput(), setup).run()
    data = tomllib.loads((setup.cases_dir / "Q-1.toml").read_text())
    assessment = data["assessments"][0]
    assert assessment["framework"]["id"] == "staffordshire-2023"
    assert [i["id"] for i in assessment["indicators"]] == ["dev.3.01"]
    assert assessment["suggestion"]["rank"] == 3
    assert assessment["decision"]["rank"] == 3
    assert assessment["consent"][0]["answer"] == "done"
