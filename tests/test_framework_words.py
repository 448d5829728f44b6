"""Nothing the tool prints says "the framework says" or "as printed" before text that is not
a cited quote (safety rule 3).

Renders what a practitioner sees (cards in every format, the result with its act-now,
accumulation, link and misprint lines, the who-to-call panel, consent rules, referral
summaries and the recorded interview transcripts), finds every such phrase, and checks that
what follows is a quote the framework data cites, under the cite shown.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.conftest import ROOT, all_frameworks, run_cli
from tests.referral_helpers import make_case
from thresholdcli.advice.cards import build_cards
from thresholdcli.advice.consent import rule_text
from thresholdcli.advice.contacts import UK, plan_calls
from thresholdcli.advice.scoring import Answers, score
from thresholdcli.framework.model import Framework
from thresholdcli.framework.provenance import cites_label
from thresholdcli.framework.verify import normalise, quotes
from thresholdcli.quote_markup import plain
from thresholdcli.render.card_md import cards_markdown
from thresholdcli.render.card_output import cards_text
from thresholdcli.render.console import plain_console
from thresholdcli.render.contacts import contacts_panel
from thresholdcli.render.interview import result_panel

SHIPPED = {fw.id: fw for fw in all_frameworks()}
# "The framework says (where):" / "hours as printed (where):" / "The framework prints" + “quote”
CLAIM = re.compile(
    r"(?P<phrase>The framework says|as printed|the framework prints|The framework prints)"
    r"(?: \((?P<where>[^()]*(?:\([^()]*\)[^()]*)*)\))?:? ?“(?P<quote>[^”]*)”",
    re.IGNORECASE,
)
# "The framework prints no count" states an absence: it introduces no words of the framework.
PHRASES = re.compile(r"the framework says|as printed|the framework prints(?! no )", re.IGNORECASE)
BOX = re.compile(r"[│╭╮╰╯─]+")


def flat(text: str) -> str:
    """Rendered text as one line: panel borders, Markdown escapes and wrapping removed."""
    text = BOX.sub(" ", text).replace("\\", "")
    return " ".join(text.split())


def cited_texts(fw: Framework) -> dict[str, set[str]]:
    """Every cited quote of the framework, whole and by part: text -> the cite labels."""
    found: dict[str, set[str]] = {}
    for quote in quotes(fw):
        if quote.is_reading or not quote.cites:
            continue
        label = normalise(cites_label(quote.cites))
        # as written, and as shown: the extraction's mark-up treated for display (H-121)
        for text in (" ".join(quote.parts), *quote.parts):
            for form in {normalise(text), normalise(plain(text))}:
                found.setdefault(form, set()).add(label)
        if len(quote.cites) == len(quote.parts) > 1:  # one cite a part: a part under its own
            for part, cite in zip(quote.parts, quote.cites, strict=True):
                for form in {normalise(part), normalise(plain(part))}:
                    found[form].add(normalise(cites_label([cite])))
    return found


def check(fw: Framework, rendered: str, where: str) -> int:
    """Every claim in `rendered` introduces a cited quote; returns how many were checked."""
    text = flat(rendered)
    cited = cited_texts(fw)
    claims = list(CLAIM.finditer(text))
    starts = {claim.start() for claim in claims}
    bare = [m.start() for m in PHRASES.finditer(text) if m.start() not in starts]
    assert not bare, f"{where}: a phrase is not followed by a quote: " + "; ".join(
        text[start : start + 90] for start in bare
    )
    for claim in claims:
        quote = normalise(claim.group("quote"))
        assert quote in cited, (
            f"{where}: not a cited quote after {claim.group('phrase')!r}: {quote}"
        )
        if claim.group("phrase").lower() == "the framework says":
            assert normalise(claim.group("where") or "") in cited[quote], (where, quote)
    return len(claims)


def console_text(renderable: object, width: int = 100) -> str:
    buffer = io.StringIO()
    plain_console(buffer, width=width).print(renderable)
    return buffer.getvalue()


def answers_that_fire_everything(fw: Framework) -> list[Answers]:
    """Ticks that fire each accumulation rule, each act-now route, each link, each misprint."""
    found = []
    for rule in fw.accumulation:
        ticks, domains = [], set()
        for ind in fw.indicators:
            if ind.level == rule.level and ind.domain not in domains:
                ticks.append(ind.id)
                domains.add(ind.domain)
            if len(domains) == rule.min_domains:
                break
        found.append(Answers.of(ticks))
    found.append(Answers.of([i.id for i in fw.indicators if i.act_now][:3]))
    found.append(Answers.of([i.id for i in fw.indicators if i.linked][:4]))
    for action in fw.domain_actions:
        if action.misprint:
            ind = next(
                i for i in fw.indicators if i.domain == action.domain and i.level == action.level
            )
            found.append(Answers.of([ind.id]))
    return found


@pytest.mark.parametrize("fw", SHIPPED.values(), ids=lambda fw: fw.id)
def test_cards_quote_only_cited_words(fw: Framework) -> None:
    cards = build_cards(fw, range(1, fw.top_rank + 1), brief=False, printed=date(2026, 11, 23))
    checked = check(fw, cards_text(cards, width=80), "terminal cards")
    checked += check(fw, cards_markdown(cards), "markdown cards")
    assert checked >= 0


@pytest.mark.parametrize("fw", SHIPPED.values(), ids=lambda fw: fw.id)
def test_results_quote_only_cited_words(fw: Framework) -> None:
    checked = 0
    for answers in answers_that_fire_everything(fw):
        result = score(fw, answers)
        checked += check(fw, console_text(result_panel(fw, result)), f"result {answers.ticked}")
    if fw.accumulation:
        assert checked >= len(fw.accumulation)  # "The framework says" beside each count


@pytest.mark.parametrize("fw", SHIPPED.values(), ids=lambda fw: fw.id)
@pytest.mark.parametrize("at", ["2026-11-23 10:00", "2026-11-28 02:00"])
def test_contacts_quote_only_cited_words(fw: Framework, at: str) -> None:
    when = datetime.fromisoformat(at).replace(tzinfo=UK)
    for level in (None, *range(1, fw.top_rank + 1)):
        plan = plan_calls(fw, when, level=level)
        check(fw, console_text(contacts_panel(fw, plan)), f"contacts {at} level {level}")


@pytest.mark.parametrize("fw", SHIPPED.values(), ids=lambda fw: fw.id)
def test_consent_rules_and_referrals_quote_only_cited_words(
    fw: Framework, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checked = sum(check(fw, rule_text(item), f"consent {item.id}") for item in fw.consent)
    assert checked == len(fw.consent)
    ref = make_case(tmp_path / "cases", fw)
    code, out, err = run_cli(["referral", ref, "--cases-dir", str(tmp_path / "cases")], capsys)
    assert code == 0, err
    check(fw, out, "referral")


@pytest.mark.parametrize(
    "transcript",
    sorted((ROOT / "transcripts").glob("*/*/transcript.txt")),
    ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}",
)
def test_recorded_interviews_quote_only_cited_words(transcript: Path) -> None:
    fw = SHIPPED[transcript.parent.parent.name]
    check(fw, transcript.read_text(encoding="utf-8"), str(transcript))


def test_the_check_catches_a_claim_before_words_that_are_not_cited() -> None:
    fw = SHIPPED["staffordshire-2023"]
    quote = fw.accumulation[0].quote
    good = f"The framework says ({cites_label(fw.accumulation[0].cite)}): “{quote}”"
    assert check(fw, good, "good") == 1
    for bad in (
        "The framework says (rule: 3 or more): “3 or more domains”",
        f"The framework says: “{quote} and more”",
        "hours as printed: Any time, when a child is in immediate danger",
    ):
        with pytest.raises(AssertionError):
            check(fw, bad, "bad")


@pytest.mark.parametrize("fw", [f for f in SHIPPED.values() if f.accumulation], ids=lambda f: f.id)
def test_the_accumulation_count_is_labelled_as_thresholdclis_reading(fw: Framework) -> None:
    """No framework prints a count: it is never shown beside "The framework says"."""
    for answers in answers_that_fire_everything(fw)[: len(fw.accumulation)]:
        result = score(fw, answers)
        for item in result.considerations:
            assert "rule:" not in item.explanation and "or more" not in item.explanation
        lines = [
            " ".join(line.strip(" │").split())
            for line in console_text(result_panel(fw, result), width=400).splitlines()
        ]
        for item in result.considerations:
            count = next(
                n
                for n, line in enumerate(lines)
                if line.startswith("thresholdcli's reading: it asks from")
            )
            assert f"it asks from {item.min_domains} domains" in lines[count]
            assert (
                fw.reading_of(
                    next(a for a in fw.accumulation if a.id == item.rule_id), "min_domains"
                )
                in lines[count]
            )
            assert lines[count + 1].startswith("The framework says (")
            assert "domains" not in lines[count + 1].split("):", 1)[0]
