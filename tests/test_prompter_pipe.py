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

DOWN, ENTER, SPACE = "\x1b[B", "\r", " "


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def prompter(pipe: PipeInput) -> QuestionaryPrompter:
    return QuestionaryPrompter(input=pipe, output=DummyOutput())


def test_checkbox_ticks_with_space_and_offers_none_and_back(pipe: PipeInput) -> None:
    groups = [
        Group("Level 2", (Choice("a", "A"), Choice("b", "B"))),
        Group("Level 1", (Choice("c", "C"),)),
    ]
    pipe.send_text(SPACE + DOWN + DOWN + SPACE + ENTER)
    assert prompter(pipe).checkbox("tick", groups, allow_back=True) == ["a", "c"]
    pipe.send_text(DOWN * 3 + SPACE + ENTER)
    assert prompter(pipe).checkbox("tick", groups, allow_back=True) == [NONE_OF_THESE]
    pipe.send_text(DOWN * 4 + SPACE + ENTER)
    assert prompter(pipe).checkbox("tick", groups, allow_back=True) == [BACK]


def test_checkbox_filter_by_typing(pipe: PipeInput) -> None:
    groups = [Group("Level 2", (Choice("a", "Apple"), Choice("b", "Banana")))]
    pipe.send_text("Ban" + SPACE + ENTER)
    assert prompter(pipe).checkbox("tick", groups, allow_back=False) == ["b"]


def test_prechecked_boxes_stay_ticked(pipe: PipeInput) -> None:
    groups = [Group("Level 2", (Choice("a", "A", checked=True), Choice("b", "B")))]
    pipe.send_text(ENTER)
    assert prompter(pipe).checkbox("tick", groups, allow_back=False) == ["a"]


def test_whole_interview_through_questionary(pipe: PipeInput, setup: InterviewSetup) -> None:
    keys = [
        ENTER,  # framework: the default is preselected
        "Q-1" + ENTER,
        "9" + ENTER,
        "n",  # immediate danger: no
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
