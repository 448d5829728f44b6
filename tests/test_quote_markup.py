"""The extraction's mark-up in quoted framework text is a display matter only (H-121):
shown as the words alone, bold where the output carries it; the words never change, and
practitioner text is never touched."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import all_frameworks, run_cli
from tests.followup_helpers import hull_assessment, save
from tests.referral_helpers import ASSESSED, MADE
from thresholdcli.advice.cards import build_card, card_json
from thresholdcli.advice.contacts import plan_calls
from thresholdcli.framework.model import Framework
from thresholdcli.interview.wording import carried_over_text
from thresholdcli.quote_markup import plain, spans
from thresholdcli.render.card_html import cards_html
from thresholdcli.render.card_md import cards_markdown
from thresholdcli.render.card_output import cards_text
from thresholdcli.render.interview import act_now_calls_panel, emergency_panel
from thresholdcli.render.markdown import quoted as md_quoted
from thresholdcli.render.text import quoted

MARKUP_CHARS = "*[]()#\\"
_NOT_MARKUP = re.compile(r"[*\[\]()#\\]")
# Text made mostly of mark-up pieces, so that the interesting cases come up often.
pieces = st.sampled_from(["**", "*", "[", "]", "(#)", "](#)", "\\(", "\\)", "\\", "(", ")", "#"])
words = st.text(alphabet="ab \n.,“", min_size=0, max_size=4)
marked_text = st.lists(st.one_of(pieces, words, st.text(max_size=3)), max_size=20).map("".join)


def shipped(framework_id: str) -> Framework:
    return next(fw for fw in all_frameworks() if fw.id == framework_id)


def is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(char in rest for char in short)


@given(marked_text)
def test_only_markup_characters_are_ever_removed(text: str) -> None:
    shown = plain(text)
    assert is_subsequence(shown, text)
    # every character that is not mark-up is still there, in order: the words are unchanged
    assert _NOT_MARKUP.sub("", shown) == _NOT_MARKUP.sub("", text)
    assert "".join(run for run, _ in spans(text)) == shown


@given(st.text(alphabet=st.characters(blacklist_characters="*[\\")))
def test_text_without_markup_is_unchanged(text: str) -> None:
    assert plain(text) == text
    assert spans(text) == ([(text, False)] if text else [])


@pytest.mark.parametrize(
    ("marked", "shown", "bold"),
    [
        ("**always** contact", "always contact", ["always"]),
        (
            "call the police on **999** or **101**.",
            "call the police on 999 or 101.",
            ["999", "101"],
        ),
        ("tables ([Appendix 2](#)) are", "tables (Appendix 2) are", []),
        (
            "The [Resolving Guidance \\(Escalation Policy\\)](#) should",
            "The Resolving Guidance (Escalation Policy) should",
            [],
        ),
        ("at **IMMEDIATE** risk", "at IMMEDIATE risk", ["IMMEDIATE"]),
        ("a ** b and [x](http://a) stay", "a ** b and [x](http://a) stay", []),
    ],
)
def test_the_extraction_markup_in_the_shipped_data(
    marked: str, shown: str, bold: list[str]
) -> None:
    assert plain(marked) == shown
    assert [run for run, is_bold in spans(marked) if is_bold] == bold


def test_terminal_bold_is_a_style_never_parsed_markup() -> None:
    text = quoted("on **[bold red]999[/]** now")
    assert text.plain == "on [bold red]999[/] now"
    assert [(text.plain[s.start : s.end], s.style) for s in text.spans] == [
        ("[bold red]999[/]", "bold")
    ]
    assert md_quoted("**1. <b>x</b>**") == "**1\\. &lt;b&gt;x&lt;/b&gt;**"


def test_the_emergency_words_are_shown_without_stars() -> None:
    framework = shipped("stoke-on-trent")
    panel = emergency_panel(framework)
    body = panel.renderable
    assert "police on 999 or 101." in body.plain and "**" not in body.plain
    bold = {body.plain[s.start : s.end] for s in body.spans if s.style == "bold"}
    assert {"999", "101"} <= bold


def test_the_act_now_panel_without_a_call_shows_the_emergency_words_without_stars() -> None:
    framework = shipped("stoke-on-trent")
    plan = plan_calls(framework, datetime(2026, 11, 23, 10, 0, tzinfo=UTC), level=3)
    assert not plan.call_now and "**999**" in plan.summary  # JSON keeps the verbatim quote
    body = act_now_calls_panel(plan).renderable
    assert "police on 999 or 101." in body.plain and "**" not in body.plain


@pytest.mark.parametrize("fw", all_frameworks(), ids=lambda fw: fw.id)
def test_no_card_shows_the_markup_and_json_keeps_the_quote(fw: Framework) -> None:
    cards = [
        build_card(fw, level.rank, brief=False, printed=date(2026, 11, 23)) for level in fw.levels
    ]
    text, html, md = cards_text(cards), cards_html(cards), cards_markdown(cards)
    for shown in (text, html, md):
        assert "](#)" not in shown and "\\(" not in shown
    assert "**" not in text and "**" not in html and "\\*\\*" not in md
    quoted_json = json.dumps([card_json(card) for card in cards])
    raw = fw.emergency + "".join(lv.what_to_do + lv.description for lv in fw.levels)
    if "**" in raw:
        assert "**" in quoted_json  # --format json keeps the verbatim quote
        assert "<strong>" in html and re.search(r"\*\*\w", md)


def test_practitioner_text_is_shown_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    note = "**urgent** see [file](#) \\(twice\\)"
    framework = shipped("hull")
    assert note in carried_over_text(framework, [], note)
    monkeypatch.setenv("THRESHOLDCLI_NOW", MADE)
    cases = tmp_path / "cases"
    save(cases, "C-1", hull_assessment(ASSESSED, {}).model_copy(update={"strengths": note}))
    code, out, err = run_cli(["referral", "C-1", "--cases-dir", str(cases)], capsys)
    assert code == 0, err
    assert note in out
