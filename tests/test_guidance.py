"""Guidance the framework data carries is shown where it says (issue 14 section 4).

Every guidance block marked for the card is on it, at the levels it is marked for and not
at the others, in every card format; a level the data chose is labelled as thresholdcli's
reading with its reason. The cases the review found are pinned one by one.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from tests.conftest import all_frameworks
from thresholdcli.advice.cards import build_card
from thresholdcli.advice.consent import checklist
from thresholdcli.advice.scoring import Answers, score
from thresholdcli.framework.model import Framework, Guidance
from thresholdcli.framework.provenance import READING
from thresholdcli.render.card_html import cards_html
from thresholdcli.render.card_md import card_markdown
from thresholdcli.render.card_output import cards_text

SHIPPED = {fw.id: fw for fw in all_frameworks()}
PRINTED = date(2026, 11, 23)


def flat(text: str) -> str:
    """Text with box drawing and line breaks folded away, for finding a quote in output."""
    return " ".join(re.sub(r"[│╭╮╰╯─]+", " ", text).split())


def html_flat(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def shows(text: str, block: Guidance) -> bool:
    return flat(block.title) in text and all(flat(item) in text for item in block.items)


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
def test_the_guidance_the_review_found_missing_is_in_the_data_for_a_place_on_screen(
    fw_id: str, block_id: str, words: str
) -> None:
    found = block(fw_id, block_id)
    assert any(words in item for item in found.items)
    assert found.cite, f"{block_id} quotes the framework without a cite"
    assert [u for u in found.use if u != "card"], f"{block_id} is shown only on cards"
    assert not found.levels, f"{block_id} is for every level"


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
    referral = [
        "no-permission-approved",
        "agreement-recorded",
        "refusal-advice",
        "without-agreement-reason",
        "tell-csc-withheld",
        "inform-parent-after",
    ]
    items = {item.id: item for item in checklist(fw, rank, None)}
    for wanted in referral:
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
