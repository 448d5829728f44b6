"""Guidance the framework data carries is shown where it says (issue 14 section 4).

Every guidance block marked for a place (an interview step, the result, the card, a list
asked after the result) is shown there, at the levels it is marked for and not at the
others; a level the data chose is labelled as thresholdcli's reading with its reason. The
cases the review found are pinned one by one.
"""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest

from tests.conftest import all_frameworks
from tests.test_consent import STAFFORDSHIRE_2022_REFERRAL
from tests.test_engine import run, saved
from thresholdcli.advice.cards import build_card
from thresholdcli.advice.consent import checklist
from thresholdcli.advice.scoring import Answers, Result, score
from thresholdcli.framework.model import Framework, Guidance, GuidanceUse
from thresholdcli.framework.provenance import READING
from thresholdcli.interview.answers_check import unknown_ids
from thresholdcli.interview.engine import InterviewSetup, Unanswered
from thresholdcli.quote_markup import plain
from thresholdcli.records.sheet import AnswerSheet
from thresholdcli.render.card_html import cards_html
from thresholdcli.render.card_md import card_markdown
from thresholdcli.render.card_output import cards_text
from thresholdcli.render.console import plain_console
from thresholdcli.render.interview import RichOutput, details_lines

SHIPPED = {fw.id: fw for fw in all_frameworks()}
PRINTED = date(2026, 11, 23)
STEPS: tuple[GuidanceUse, ...] = ("start", "domains", "strengths")


def flat(text: str) -> str:
    """Text with box drawing and line breaks folded away, for finding a quote in output."""
    return " ".join(re.sub(r"[│╭╮╰╯─]+", " ", text).split())


def html_flat(text: str) -> str:
    text = re.sub(r"</?strong>", "", text)  # the framework's bold, inside its words
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def shows(text: str, block: Guidance) -> bool:
    """The block's title and items in `text`, as shown: the extraction's mark-up treated
    for display (H-121; Markdown keeps its bold as `**`)."""
    text = text.replace("**", "")
    return flat(block.title) in text and all(flat(plain(item)) in text for item in block.items)


def levels_of(fw: Framework, block: Guidance) -> list[int]:
    return block.levels or list(range(1, fw.top_rank + 1))


def block(fw_id: str, block_id: str) -> Guidance:
    return next(g for g in SHIPPED[fw_id].guidance if g.id == block_id)


def card_texts(fw: Framework, rank: int) -> dict[str, str]:
    card = build_card(fw, rank, brief=False, printed=PRINTED)
    return {
        "terminal": flat(cards_text([card], width=2000)),
        "markdown": flat(card_markdown(card).replace("\\", "")),
        "html": html_flat(cards_html([card])),
    }


@pytest.mark.parametrize("fw", SHIPPED.values(), ids=lambda fw: fw.id)
def test_every_block_marked_for_the_card_is_on_it_in_every_format(fw: Framework) -> None:
    for rank in range(1, fw.top_rank + 1):
        for kind, text in card_texts(fw, rank).items():
            for guidance in fw.guidance:
                wanted = "card" in guidance.use and rank in levels_of(fw, guidance)
                assert shows(text, guidance) is wanted, (fw.id, rank, guidance.id, kind)
                reason = fw.reading_of(guidance, "levels")
                if wanted and reason:  # levels the data chose: said to be thresholdcli's
                    assert flat(f"{READING}: shown at ") in text, (fw.id, guidance.id, kind)
                    assert flat(reason) in text, (fw.id, guidance.id, kind)


def test_a_level_chosen_by_the_data_carries_its_reason() -> None:
    """Every guidance block limited to some levels says why, as thresholdcli's reading."""
    for fw in SHIPPED.values():
        for guidance in fw.guidance:
            if guidance.levels:
                assert fw.reading_of(guidance, "levels"), (fw.id, guidance.id)


def result_at(fw: Framework, rank: int) -> Result:
    """A result suggesting `rank`: one indicator printed at that level (none for level 1)."""
    ticks = [] if rank == 1 else [next(i.id for i in fw.indicators if i.level == rank)]
    result = score(fw, Answers.of(ticks))
    assert result.suggested == rank
    return result


def rich(full: bool) -> tuple[RichOutput, io.StringIO]:
    buffer = io.StringIO()
    return RichOutput(plain_console(buffer, width=2000), full=full), buffer


@pytest.mark.parametrize("fw", SHIPPED.values(), ids=lambda fw: fw.id)
def test_every_block_marked_for_an_interview_step_is_shown_there(fw: Framework) -> None:
    for use in STEPS:
        out, buffer = rich(full=False)
        out.guidance(fw, use)
        text = flat(buffer.getvalue())
        for guidance in fw.guidance:
            assert shows(text, guidance) is (use in guidance.use), (fw.id, use, guidance.id)


@pytest.mark.parametrize("fw", SHIPPED.values(), ids=lambda fw: fw.id)
def test_every_block_marked_for_the_result_is_shown_at_its_levels(fw: Framework) -> None:
    """In full after the result (the transcript), and a key away at the decision on a
    terminal, where the result says the framework's guidance is there."""
    marked = [g for g in fw.guidance if "result" in g.use]
    assert marked, f"{fw.id} marks no guidance for the result"
    for rank in range(1, fw.top_rank + 1):
        result = result_at(fw, rank)
        full, buffer = rich(full=True)
        full.result(fw, result)
        compact, compact_buffer = rich(full=False)
        compact.result(fw, result)
        details = "\n".join(details_lines(fw, result))
        texts = {"full": flat(buffer.getvalue()), "details": flat(details)}
        for guidance in marked:
            wanted = rank in levels_of(fw, guidance)
            for kind, text in texts.items():
                assert shows(text, guidance) is wanted, (fw.id, rank, guidance.id, kind)
            reason = fw.reading_of(guidance, "levels")
            if wanted and reason:
                assert flat(reason) in texts["full"], (fw.id, guidance.id)
        if fw.guidance_for("result", rank):
            assert "the framework's guidance for this level" in flat(compact_buffer.getvalue())


def test_a_level_chosen_instead_shows_its_own_guidance_not_shown_before() -> None:
    fw = SHIPPED["telford-wrekin"]
    out, buffer = rich(full=False)
    shown = [g.id for g in fw.guidance_for("result", 2)]
    out.level_guidance(fw, 4, shown)
    text = flat(buffer.getvalue())
    assert "From the framework, for level 4:" in text
    assert shows(text, block("telford-wrekin", "support-services-acute"))
    assert not shows(text, block("telford-wrekin", "step-up"))  # at level 2 too: shown before


def telford_sheet(ticks: list[str], age: int = 9) -> AnswerSheet:
    fw = SHIPPED["telford-wrekin"]
    rank = score(fw, Answers.of(ticks)).suggested
    consent = {item.id: "done" for item in checklist(fw, rank, age)}
    return AnswerSheet.model_validate(
        {
            "framework": "telford-wrekin",
            "case_ref": "T-1",
            "immediate_danger": False,
            "age": age,
            "sections": [],
            "indicators": ticks,
            "strengths": "",
            "notes": {"general": ""},
            "decision": "accept",
            "consent": consent,
        }
    )


def level_tick(rank: int) -> str:
    return next(i.id for i in SHIPPED["telford-wrekin"].indicators if i.level == rank)


def test_warning_signs_are_asked_after_a_complex_result_and_recorded_as_printed(
    setup: InterviewSetup,
) -> None:
    signs = block("telford-wrekin", "warning-signs")
    interview, out = run(setup, [["6", "2"]], given=telford_sheet([level_tick(3)]))
    assert interview.prompter.inner.asked == [signs.question]  # type: ignore[attr-defined]
    notes = "\n".join(str(v) for kind, v in out.events if kind == "note")
    assert "Warning signs: The framework says (“Warning Signs”, line 417):" in notes
    assert f"“{signs.intro[0]}”" in notes
    assert f"{READING}: shown at levels 3 and 4:" in notes
    assert signs.choices[5] in notes  # what was ticked is said back
    assessment = saved(setup, "T-1")["assessments"][0]  # type: ignore[index]
    assert assessment["guidance_ticked"] == {"warning-signs": [signs.choices[1], signs.choices[5]]}
    assert assessment["suggestion"]["rank"] == 3  # the ticks never change the suggestion


def test_warning_signs_none_ticked_is_recorded_as_asked(setup: InterviewSetup) -> None:
    run(setup, [[]], given=telford_sheet([level_tick(3)]))
    assessment = saved(setup, "T-1")["assessments"][0]  # type: ignore[index]
    assert assessment["guidance_ticked"] == {"warning-signs": []}


def test_warning_signs_are_not_asked_below_level_3(setup: InterviewSetup) -> None:
    run(setup, [], given=telford_sheet([level_tick(2)]))  # no prompter: nothing asked
    assessment = saved(setup, "T-1")["assessments"][0]  # type: ignore[index]
    assert "guidance_ticked" not in assessment


def test_warning_signs_are_asked_at_a_level_3_chosen_instead(setup: InterviewSetup) -> None:
    sheet = telford_sheet([level_tick(2)]).model_copy(
        update={"decision": 3, "decision_reason": "worried by the home visit", "consent": {}}
    )
    consent = {item.id: "done" for item in checklist(SHIPPED["telford-wrekin"], 3, 9)}
    sheet = sheet.model_copy(update={"consent": consent})
    signs = block("telford-wrekin", "warning-signs")
    interview, out = run(setup, [["1"]], given=sheet)
    assert interview.prompter.inner.asked == [signs.question]  # type: ignore[attr-defined]
    assert ("level_guidance", 3) in out.events
    assessment = saved(setup, "T-1")["assessments"][0]  # type: ignore[index]
    assert assessment["guidance_ticked"] == {"warning-signs": [signs.choices[0]]}


def test_an_answers_file_that_leaves_the_warning_signs_out_is_told_how_to_give_them(
    setup: InterviewSetup,
) -> None:
    with pytest.raises(Unanswered, match=r"\[guidance_ticked\] warning-signs = "):
        run(setup, [], given=telford_sheet([level_tick(3)]))
    assert not (setup.cases_dir / "T-1.toml").exists()


def test_an_answers_file_can_give_the_warning_signs_and_a_wrong_item_is_named(
    setup: InterviewSetup,
) -> None:
    signs = block("telford-wrekin", "warning-signs")
    sheet = telford_sheet([level_tick(3)]).model_copy(
        update={"guidance_ticked": {"warning-signs": [signs.choices[0]]}}
    )
    run(setup, [], given=sheet)
    assessment = saved(setup, "T-1")["assessments"][0]  # type: ignore[index]
    assert assessment["guidance_ticked"] == {"warning-signs": [signs.choices[0]]}
    bad = sheet.model_copy(update={"guidance_ticked": {"warning-signs": ["a made-up sign"]}})
    assert unknown_ids(SHIPPED["telford-wrekin"], bad) == [
        "guidance_ticked.warning-signs: 'a made-up sign' is not word for word an item of "
        "'warning-signs'"
    ]


# --- the cases the review found ---------------------------------------------------------


def test_telford_warning_signs_are_asked_at_levels_3_and_4_and_on_the_level_4_card() -> None:
    signs = block("telford-wrekin", "warning-signs")
    assert set(signs.use) == {"ask", "card"} and signs.levels == [3, 4]
    assert signs.intro == [
        "Warning signs that are or have been present. Warning signs should never be ignored "
        "and are an indication that immediate intervention might be needed to ensure the child "
        "or young person is safeguarded from future harm. Emergency measures should be "
        "considered if it is necessary to take immediate action to ensure the child or young "
        "person's safety."
    ]
    assert len(signs.choices) == 6  # as the framework lists them
    assert signs.choices[0].startswith("instance of physical injury")
    assert signs.choices[-1] == "a child or young person with a sexually transmitted disease"
    card = build_card(SHIPPED["telford-wrekin"], 4, brief=False, printed=PRINTED)
    assert [g.title for g in card.guidance] == ["Warning signs"]
    assert "should never be ignored" in card_texts(SHIPPED["telford-wrekin"], 4)["html"]
    assert not build_card(SHIPPED["telford-wrekin"], 2, brief=False, printed=PRINTED).guidance


@pytest.mark.parametrize(
    ("fw_id", "block_id", "words"),
    [
        # Telford: harm-factor recording duties.
        (
            "telford-wrekin",
            "harm-factors",
            "Simply recording harm factors is not sufficient. Each needs to be clearly "
            "identified and presented with the supporting evidence.",
        ),
        (
            "telford-wrekin",
            "harm-factors",
            "Similarly, adult mental health, domestic abuse or other harm factors should be "
            "recorded with detailed descriptions",
        ),
        # Telford: step-up duties.
        (
            "telford-wrekin",
            "step-up",
            "At the point of stepping up it is important that agencies do not disengage their "
            "support from a family",
        ),
        # Telford: the request-for-service form address.
        (
            "telford-wrekin",
            "request-for-service",
            "Family Connect request for service form <https://webforms.telford.gov.uk/form/198>",
        ),
        # Telford: where to send a completed EHA, and Family Circles mandatory.
        (
            "telford-wrekin",
            "eha-what-happens-next",
            "All completed Early Help Assessments are sent to the Strengthening Family Locality "
            "Services",
        ),
        (
            "telford-wrekin",
            "eha-what-happens-next",
            "send a copy of your signed EHA and the Family Circle outcome measures to the "
            "Strengthening Family Locality Services – StrengtheningfamiliesBSO@telford.gov.uk",
        ),
        (
            "telford-wrekin",
            "eha-what-happens-next",
            "It is mandatory that the Family Circles are completed by the parent(s)/carer(s)",
        ),
        # Hull: the disability rule, management oversight, the EHC-plan rule.
        (
            "hull",
            "disability",
            "Disabled children and young people (CWD) are defined as 'children in need' under "
            "s17 of the Children Act 1989.",
        ),
        (
            "hull",
            "disability",
            "Where an EHC plan is in place this should form the basis of any early help "
            "assessment.",
        ),
        (
            "hull",
            "management-oversight",
            "practitioners should seek guidance and approval from their supervisor or "
            "safeguarding lead.",
        ),
    ],
)
def test_the_guidance_the_review_found_missing_is_shown(
    fw_id: str, block_id: str, words: str
) -> None:
    fw = SHIPPED[fw_id]
    found = block(fw_id, block_id)
    assert any(words in item for item in found.items)
    assert found.cite, f"{block_id} quotes the framework without a cite"
    assert not found.levels, f"{block_id} is for every level"
    places = [u for u in found.use if u != "card"]
    assert places, f"{block_id} is shown only on cards"
    for use in places:
        out, buffer = rich(full=True)
        if use == "result":
            out.result(fw, result_at(fw, fw.top_rank))
        else:
            out.guidance(fw, use)
        assert words in flat(buffer.getvalue()), (block_id, use)


def test_telford_12_plus_consent_rule_says_who_consents_for_those_unable_to() -> None:
    fw = SHIPPED["telford-wrekin"]
    item = next(c for c in fw.consent if c.id == "young-person-consent")
    assert item.rule.endswith(
        "For those aged under 12 years, or otherwise classed as unable to give consent, the "
        "appropriate parent/guardian/carer can do so on their behalf."
    )
    assert "otherwise classed as unable to give consent" in item.question
    assert item in checklist(fw, 3, 15)
    assert "otherwise classed as unable to give consent" in card_texts(fw, 3)["markdown"]


@pytest.mark.parametrize("rank", [3, 4])
def test_staffordshire_2022_consent_to_referral_is_asked_at_levels_3_and_4(rank: int) -> None:
    fw = SHIPPED["staffordshire-2022"]
    items = {item.id: item for item in checklist(fw, rank, None)}
    for wanted in STAFFORDSHIRE_2022_REFERRAL:
        assert wanted in items
        assert fw.reading_of(items[wanted], "levels")  # the levels are thresholdcli's reading


def test_staffordshire_2023_link_claims_no_words_the_document_does_not_print() -> None:
    fw = SHIPPED["staffordshire-2023"]
    for ind_id in ("par.3.08", "par.3.09"):
        ind = fw.indicator_index[ind_id]
        assert "willingness" not in ind.note
        assert ind.linked == ["sh.4.01"]
        (link,) = score(fw, Answers.of([ind_id])).links
        assert link.other.id == "sh.4.01"
        shown = f"{link.explanation} {link.reading} {ind.note}"
        assert "willingness" not in shown
        assert "The framework prints no link" in link.reading


def test_hull_ehash_emails_keep_their_purposes_on_the_card() -> None:
    text = card_texts(SHIPPED["hull"], 4)["terminal"]
    assert "EHASHgc@hullcc.gcsx.gov.uk (“for all secure correspondence”)" in text
    assert "EHASH@hullcc.gov.uk (“for all non-confidential matters”)" in text
