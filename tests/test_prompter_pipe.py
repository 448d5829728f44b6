"""The real questionary prompts, driven through prompt_toolkit pipe input."""

from __future__ import annotations

import io
import tomllib
from collections.abc import Iterator

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from thresholdcli.interview.engine import Interview, InterviewSetup
from thresholdcli.interview.output import SilentOutput
from thresholdcli.interview.prompter import (
    BACK,
    ENDING,
    FINISH,
    NONE_OF_THESE,
    Choice,
    Group,
    Mark,
)
from thresholdcli.interview.questionary_prompter import QuestionaryPrompter
from thresholdcli.interview.tty_list import ListState, Row, render

DOWN, UP, ENTER, SPACE = "\x1b[B", "\x1b[A", "\r", " "


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def prompter(pipe: PipeInput) -> QuestionaryPrompter:
    return QuestionaryPrompter(input=pipe, output=DummyOutput())


TAB, ESC, END, HOME, PGDN = "\t", "\x1b", "\x1b[F", "\x1b[H", "\x1b[6~"


def test_checkbox_ticks_with_space_and_offers_nothing_here_first_and_back(
    pipe: PipeInput,
) -> None:
    groups = [
        Group("Level 2", (Choice("a", "A"), Choice("b", "B"))),
        Group("Level 1", (Choice("c", "C"),)),
    ]
    pipe.send_text(DOWN + SPACE + DOWN + DOWN + SPACE + ENTER)
    assert prompter(pipe).checkbox("tick", groups, allow_back=True) == ["a", "c"]
    pipe.send_text(ENTER)  # "Nothing here" is first: one key
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
    pipe.send_text(SPACE + DOWN + SPACE + HOME + ENTER)  # Space on "Nothing here" ticks nothing
    assert prompter(pipe).checkbox("tick", groups, allow_back=False) == ["a"]
    rows = [Row("action", NONE_OF_THESE, "Nothing here"), Row("item", "a", "A")]
    state = ListState(rows, multi=True, ticked=["a"])
    shown = screen_text(state)
    assert "Done: 1 ticked" in shown and "Nothing here" not in shown


def test_long_lists_page_and_jump(pipe: PipeInput) -> None:
    items = tuple(Choice(f"i{n:02}", f"Indicator number {n}") for n in range(60))
    groups = [Group("Level 2", items)]
    pipe.send_text(PGDN + SPACE + END + HOME + DOWN + SPACE + END + ENTER)
    picked = prompter(pipe).checkbox("tick", groups, allow_back=True)
    assert picked == [BACK]
    pipe.send_text(PGDN + SPACE + HOME + DOWN + SPACE + ENTER)
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
        DOWN + SPACE + ENTER,  # domain 1: tick the first (level 3) indicator
        ENTER,
        ENTER,
        ENTER,  # domains 2-4: "Nothing here"
        ENTER,  # strengths
        ENTER,  # the notes box
        ENTER,  # accept the suggestion
        "d" + ENTER,  # consent, on one screen: done
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


def test_a_domain_screen_finishes_the_walk_searches_and_notes(pipe: PipeInput) -> None:
    from thresholdcli.interview.prompter import SEARCH, Notes, NoteTarget, WalkKeys

    groups = [Group("Level 2", (Choice("a", "Apple"), Choice("b", "Banana")))]
    kept: dict[str, str] = {}
    notes = Notes(
        target=lambda value: NoteTarget("fruit", "Fruit"),
        text=lambda domain: kept.get(domain, ""),
        save=kept.__setitem__,
    )
    walk = WalkKeys(finish="Finish the walk here (3 domain(s) not looked at)", notes=notes)
    pipe.send_text(DOWN + SPACE + "\x0e" + "seen at clinic" + ENTER + END + ENTER)
    picked = prompter(pipe).checkbox("tick", groups, allow_back=False, walk=walk)
    assert picked == [FINISH, "a"] and kept == {"fruit": "seen at clinic"}
    pipe.send_text("ban" + "\x06")  # Ctrl-F with a filter typed: search for it
    walk = WalkKeys(search=True)
    assert prompter(pipe).checkbox("tick", groups, allow_back=False, walk=walk) == [SEARCH, "ban"]


def test_search_ticks_hits_and_keeps_ticks_made_elsewhere(pipe: PipeInput) -> None:
    def find(words: str) -> list[Choice]:
        hit = Choice("x", "Bruising on non mobile baby.", note="level 4")
        return [hit] if "bru" in words else []

    changes: list[list[str]] = []
    pipe.send_text("bruis bab" + TAB + ENTER)
    ticks = prompter(pipe).search("search", find, ["elsewhere"], on_change=changes.append)
    assert ticks == ["elsewhere", "x"] and changes == [["elsewhere", "x"]]


def test_consent_checklist_on_one_screen_every_item_by_a_key(pipe: PipeInput) -> None:
    marks = [Mark("d", "done", "Done"), Mark("t", "to_do", "To do"), Mark("a", "n_a", "N/A")]
    items = [Choice("one", "One"), Choice("two", "Two"), Choice("three", "Three")]
    pipe.send_text("d" + ENTER + "t" + "x" + "a" + ENTER)  # Enter too early: asks for the rest
    answers = prompter(pipe).checklist("consent", items, marks)
    assert answers == {"one": "done", "two": "to_do", "three": "n_a"}


def test_the_checklist_offers_its_ways_out_as_rows_chosen_with_enter(pipe: PipeInput) -> None:
    marks = [Mark("d", "done", "Done"), Mark("a", "n_a", "N/A")]
    items = [Choice("one", "One"), Choice("two", "Two")]
    endings = [Mark("s", "save", "Save"), Mark("r", "refer", "Save, then refer")]
    pipe.send_text("da" + DOWN + ENTER)  # past the first way out to the second
    answers = prompter(pipe).checklist("consent", items, marks, endings)
    assert answers == {"one": "done", "two": "n_a", ENDING: "refer"}
    pipe.send_text("dd" + UP * 3 + ENTER)  # Enter on an item: the first way out
    answers = prompter(pipe).checklist("consent", items, marks, endings)
    assert answers == {"one": "done", "two": "done", ENDING: "save"}
    # A way out with an item not set: Enter goes to the item instead; set, it goes on.
    pipe.send_text("d" + DOWN * 2 + ENTER + "a" + DOWN + ENTER)
    answers = prompter(pipe).checklist("consent", items, marks, endings)
    assert answers == {"one": "done", "two": "n_a", ENDING: "refer"}


def test_the_decision_shows_its_details_a_key_away(pipe: PipeInput) -> None:
    choices = [Choice("accept", "Accept level 2"), Choice("3", "Choose level 3 instead")]
    details = ["What to do at this level:", "Offer an early help assessment."]
    state = ListState([Row("item", c.value, c.title) for c in choices], multi=False)
    state.details = details
    assert "Offer an early help" not in screen_text(state)
    state.show_details = True
    assert "Offer an early help assessment." in screen_text(state)
    pipe.send_text("d" + ENTER)  # d shows the details; the choice is still Enter's
    assert prompter(pipe).select("decide", choices, default="accept", details=details) == "accept"


def test_the_waiting_work_runs_once_after_the_first_question_is_drawn(pipe: PipeInput) -> None:
    """The interview makes its screen while the first question is read (H-135): after the
    question is on screen, before its answer is taken, and only once."""
    drawn = io.StringIO()
    output = Vt100_Output(drawn, lambda: Size(rows=24, columns=80), term="xterm")
    seen: list[str] = []
    asking = QuestionaryPrompter(
        input=pipe, output=output, while_waiting=lambda: seen.append(drawn.getvalue())
    )
    pipe.send_text("y")
    assert asking.confirm("Is a child in immediate danger right now?") is True
    assert len(seen) == 1 and "immediate danger right now?" in seen[0]
    assert "Yes" not in seen[0]  # the answer was taken after the work
    pipe.send_text("n")
    assert asking.confirm("Another question?") is False
    assert len(seen) == 1
