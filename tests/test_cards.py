"""Reference cards: the core `Card`, Markdown, HTML and the `card` command."""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import all_frameworks, run_cli
from thresholdcli.advice.cards import (
    Card,
    CardAction,
    CardConsent,
    CardContact,
    CardDomain,
    CardIndicator,
    age_text,
    build_cards,
    card_json,
)
from thresholdcli.errors import PdfUnavailableError, UsageError
from thresholdcli.framework import loader
from thresholdcli.framework.model import AgeRange, Framework
from thresholdcli.render import card_pdf
from thresholdcli.render.card_html import cards_html
from thresholdcli.render.card_md import card_markdown, escape
from thresholdcli.render.card_output import cards_text

PRINTED = date(2026, 11, 23)
FRAMEWORK_IDS = [fw.id for fw in all_frameworks()]


def framework(ref: str) -> Framework:
    return loader.resolve(ref)[0]


def one(fw: Framework, rank: int, brief: bool = False) -> Card:
    return build_cards(fw, [rank], brief=brief, printed=PRINTED)[0]


# --- the core card --------------------------------------------------------------------


@pytest.mark.parametrize("fw_id", FRAMEWORK_IDS)
def test_full_card_has_exactly_the_levels_indicators(fw_id: str) -> None:
    fw = framework(fw_id)
    for rank in range(1, fw.top_rank + 1):
        card = one(fw, rank)
        shown = [i.id for d in card.domains for i in d.indicators]
        assert shown == [
            i.id for d in fw.domains for i in fw.indicators_in(d.id) if i.level == rank
        ]
        assert card.heading == f"Level {rank} of {fw.top_rank}: {fw.level(rank).name}"
        assert [c.question for c in card.consent] == [c.question for c in fw.consent_for(rank)]


@pytest.mark.parametrize("fw_id", FRAMEWORK_IDS)
def test_brief_uses_the_data_and_falls_back_per_domain(fw_id: str) -> None:
    fw = framework(fw_id)
    for rank in range(1, fw.top_rank + 1):
        for domain in one(fw, rank, brief=True).domains:
            at_level = [i for i in fw.indicators_in(domain.id) if i.level == rank]
            flagged = [i.id for i in at_level if i.brief]
            shown = [i.id for i in domain.indicators]
            if flagged:
                assert shown == flagged and domain.brief_chosen
            else:
                assert shown == [i.id for i in at_level] and not domain.brief_chosen


@pytest.mark.parametrize("fw_id", FRAMEWORK_IDS)
def test_top_level_card_shows_999_first(fw_id: str) -> None:
    fw = framework(fw_id)
    card = one(fw, fw.top_rank)
    assert card.is_top
    assert card.contacts[0].phone == "999"
    assert card.contacts[0].emergency


def test_999_is_added_to_the_top_level_when_the_data_has_no_emergency_contact() -> None:
    fw = framework("staffordshire-2023")
    without = fw.model_copy(update={"contacts": [c for c in fw.contacts if c.role != "emergency"]})
    top = one(without, without.top_rank)
    assert top.contacts[0].phone == "999"
    assert all(c.phone != "999" for c in one(without, 1).contacts)


def test_contacts_are_those_for_the_level_with_what_they_are_printed_for() -> None:
    fw = framework("staffordshire-2023")
    level_one = {c.service: c for c in one(fw, 1).contacts}
    level_three = {c.service: c for c in one(fw, 3).contacts}
    scas = next(c.service for c in fw.contacts if c.id == "scas")
    eds = next(c.service for c in fw.contacts if c.id == "eds")
    assert level_one[scas].printed_for == "advice; significant harm"
    assert eds not in level_one
    assert level_three[scas].printed_for == "advice; referral; significant harm"
    assert level_three[eds].printed_for == "referral; out of hours"
    assert level_three[scas].hours_text == next(c.hours_text for c in fw.contacts if c.id == "scas")


def test_emergency_duty_team_is_for_significant_harm_on_every_card() -> None:
    fw = framework("telford-wrekin")
    for rank in range(1, fw.top_rank + 1):
        edt = next(c for c in one(fw, rank).contacts if c.service == "Emergency Duty Team")
        assert edt.printed_for == "significant harm; out of hours"


def test_999_the_framework_does_not_print_is_labelled_as_a_reading() -> None:
    for fw_id in ("hull", "staffordshire-2023"):
        fw = framework(fw_id)
        first = one(fw, fw.top_rank).contacts[0]
        assert first.phone == "999" and first.phone_reading and not first.hours_text


def test_misprinted_action_carries_its_correction() -> None:
    fw = framework("stoke-on-trent")
    printed = fw.domain_action("abuse-exploitation", 5)
    assert printed is not None and printed.misprint
    block = next(d for d in one(fw, 5).domains if d.id == "abuse-exploitation")
    assert block.action is not None
    assert block.action.to_do == printed.correction
    assert block.action.text == printed.text
    text = cards_text([one(fw, 5)])
    flat = " ".join(text.split())
    assert f"What to do: {printed.correction}" in flat
    assert f"(thresholdcli's reading: {fw.reading_of(printed, 'correction')}" in flat
    assert f"The framework prints “{' '.join(printed.text.split())}”" in flat


def test_unknown_level_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"level 9 is not in hull@2018-05 \(levels 1–4\)"):
        build_cards(framework("hull"), [9], brief=False, printed=PRINTED)


@pytest.mark.parametrize(
    ("age", "text"),
    [
        (None, ""),
        (AgeRange(min=12), "age 12+"),
        (AgeRange(max=11), "age 11 or under"),
        (AgeRange(min=12, max=17), "age 12–17"),
        (AgeRange(born=False), "unborn only"),
        (AgeRange(unborn=False), "after birth"),
    ],
)
def test_age_text(age: AgeRange | None, text: str) -> None:
    assert age_text(age) == text


def test_card_json_is_plain_data() -> None:
    data = card_json(one(framework("stoke-on-trent"), 5))
    assert data["printed"] == "2026-11-23"
    assert data["heading"].startswith("Level 5 of 5")
    json.dumps(data)
    actions = [d["action"] for d in data["domains"] if d["action"] and d["action"]["misprint"]]
    assert actions and all(a["to_do"] == a["correction"] for a in actions)
    # Every value class is an object with its own field names, all the way down.
    assert set(data) == {*Card._fields, "framework", "heading"} - {"framework_ref"}
    assert [set(d) for d in data["domains"]] == [set(CardDomain._fields)] * len(data["domains"])
    indicators = [i for d in data["domains"] for i in d["indicators"]]
    assert indicators and all(set(i) == set(CardIndicator._fields) for i in indicators)
    assert all(set(c) == set(CardContact._fields) for c in data["contacts"])
    assert all(set(c) == set(CardConsent._fields) for c in data["consent"])
    assert {*CardAction._fields, "to_do"} == set(actions[0])


# --- Markdown -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("*bold* and _it_", r"\*bold\* and \_it\_"),
        ("<b>x</b> [a](b)", r"&lt;b&gt;x&lt;/b&gt; \[a\](b)"),
        ("- a list\n1. item", "\\- a list\n1\\. item"),
        ("# heading | pipe", r"\# heading \| pipe"),
        ("plain words, 0-19 years.", "plain words, 0-19 years."),
    ],
)
def test_markdown_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_markdown_card_sections() -> None:
    fw = framework("staffordshire-2023")
    md = card_markdown(one(fw, 4))
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Level 4 of 4: Statutory / Specialist Services (top level)",
        "## Contacts",
        "## Indicators",
        "## What to do at this level",
        "## Consent and information sharing",
        *(f"## {g.title}" for g in fw.guidance_for("card", 4)),
    ]
    assert len(headings) > 5  # the framework's guidance for the card is there
    assert md.count("- [ ] ") == len(fw.consent_for(4))
    assert "| 999 (thresholdcli's reading: 999 is the national emergency number" in md
    assert "Printed 23 November 2026" in md


# --- HTML -----------------------------------------------------------------------------

VOID = {"meta", "br", "link", "img", "hr", "input", "col", "wbr"}


class Checker(HTMLParser):
    """Fails on unbalanced tags; collects indicator texts and every text node."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.indicators: list[str] = []
        self.text: list[str] = []
        self._in_indicator = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "span" and ("class", "text") in attrs:
            self._in_indicator = len(self.stack)
            self.indicators.append("")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        if self._in_indicator == len(self.stack):
            self._in_indicator = 0
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_indicator:
            self.indicators[-1] += data


def parse(html: str) -> Checker:
    checker = Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == [], f"unclosed: {checker.stack}"
    return checker


@pytest.mark.parametrize("fw_id", FRAMEWORK_IDS)
def test_html_parses_and_holds_every_indicator_of_the_level(fw_id: str) -> None:
    fw = framework(fw_id)
    for rank in range(1, fw.top_rank + 1):
        html = cards_html([one(fw, rank)])
        assert html.startswith("<!DOCTYPE html>")
        page = parse(html)
        wanted = [i.text for d in fw.domains for i in fw.indicators_in(d.id) if i.level == rank]
        assert page.indicators == wanted
        text = " ".join("".join(page.text).split())
        assert f"Level {rank} of {fw.top_rank}" in text  # the band names the level in words
        assert " ".join(fw.level(rank).name.split()) in text
        assert "Immediate danger: call 999." in text


def test_html_escapes_framework_text() -> None:
    card = one(framework("hull"), 1)
    evil = CardIndicator(id="x", text='<script>alert("x")</script> & co', act_now=False, age="")
    domain = card.domains[0]._replace(indicators=(evil,))
    html = cards_html([card._replace(domains=(domain,), level_name="<b>")])
    assert "<script>" not in html and "<b>" not in html
    assert parse(html).indicators == ['<script>alert("x")</script> & co']


def test_html_all_levels_one_card_each_with_page_breaks() -> None:
    fw = framework("stoke-on-trent")
    html = cards_html(build_cards(fw, range(1, 6), brief=True, printed=PRINTED))
    parse(html)
    assert html.count('<article class="card') == 5
    assert "size: A4 portrait" in html
    assert ".card + .card { break-before: page; }" in html


# --- PDF engine choice ----------------------------------------------------------------


def test_pdf_without_any_engine_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(card_pdf, "_weasyprint", lambda html: None)
    monkeypatch.setattr(card_pdf, "find_chromium", lambda: None)
    with pytest.raises(PdfUnavailableError, match="use --format html") as caught:
        card_pdf.html_to_pdf("<p>x</p>")
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 8


# --- the command ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THRESHOLDCLI_NOW", "2026-11-23T23:30:00+00:00")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["card", "hull"], "give --level N (e.g. --level 3) or --all"),
        (["card", "hull", "--all", "--level", "2"], "give --level N or --all, not both"),
        (["card", "hull", "--level", "0"], "level 0 is not in hull@2018-05 (levels 1–4)"),
    ],
)
def test_cli_usage_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(args, capsys)
    assert code == 2
    assert err == f"thresholdcli: error: {message}\n"


def test_cli_unknown_framework(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["card", "nowhere", "--level", "1"], capsys)
    assert code == 3 and "unknown framework 'nowhere'" in err


def test_cli_terminal_to_file_is_the_plain_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "card.txt"
    code, stdout, _ = run_cli(["card", "hull", "--level", "2", "-o", str(out)], capsys)
    assert code == 0 and stdout == ""
    # 23:30 UTC on 23 Nov is still 23 Nov in the UK (GMT).
    expected = cards_text(build_cards(framework("hull"), [2], brief=False, printed=PRINTED))
    assert out.read_text(encoding="utf-8") == expected
    assert all(len(line) <= 80 for line in expected.splitlines())


def test_cli_all_levels_markdown_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, md, _ = run_cli(["card", "staffordshire-2023", "--all", "--format", "md"], capsys)
    assert code == 0
    assert [line for line in md.splitlines() if line.startswith("## Level ")] == [
        f"## Level {n} of 4: {framework('staffordshire-2023').level(n).name}"
        + (" (top level)" if n == 4 else "")
        for n in range(1, 5)
    ]
    code, out, _ = run_cli(["card", "hull", "--level", "3", "--brief", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)["cards"]
    assert [d["rank"] for d in data] == [3] and data[0]["brief"] is True


def test_cli_html_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "card.html"
    code, _, _ = run_cli(
        ["card", "hull", "--level", "4", "--format", "html", "-o", str(out)], capsys
    )
    assert code == 0
    parse(out.read_text(encoding="utf-8"))


def test_cli_pdf_unavailable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(card_pdf, "_weasyprint", lambda html: None)
    monkeypatch.setattr(card_pdf, "find_chromium", lambda: None)
    out = tmp_path / "card.pdf"
    code, _, err = run_cli(
        ["card", "hull", "--level", "1", "--format", "pdf", "-o", str(out)], capsys
    )
    assert code == 8
    making, error = err.splitlines()  # the "making the PDF" line, then a one-line error
    assert "making the PDF" in making
    assert error.startswith("thresholdcli: error:") and "use --format html" in error
    assert not out.exists()


def test_cli_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing-dir" / "card.md"
    code, _, err = run_cli(
        ["card", "hull", "--level", "1", "--format", "md", "-o", str(target)], capsys
    )
    assert code == 1
    assert err.startswith("thresholdcli: error: cannot write ") and err.count("\n") == 1
