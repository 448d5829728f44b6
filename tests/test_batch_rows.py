"""A batch's JSON rows written from shared pieces (batch/row_text.py) are exactly the rows
`json_text(FileScore.to_json())` writes, for every shipped framework (read as the model and
as the cached view), any ticks, flags, ages, strengths, paths, notices and errors; and the
links the scorer finds are every unticked indicator linked either way, once each, in order.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thresholdcli.advice.scoring import Answers, score
from thresholdcli.batch.row_text import RowTexts
from thresholdcli.batch.score import FileScore
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework
from thresholdcli.safe_text import json_text

REFS = sorted(fw.ref for _, fw in loader.shipped())
CHECK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
AGES = st.one_of(st.none(), st.just("unborn"), st.integers(min_value=0, max_value=25))
# Text a file name, note or error can hold: controls, bidirectional marks, non-UTF-8 bytes.
ODD_TEXT = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from(["\x1b", "\x7f", "\x85", "\u202e", "\u2028", "\udcff", '"', "\\", "é"]),
    ),
    max_size=12,
)
# One writer for the whole module, as one batch has: its pieces are reused across examples.
SHARED = RowTexts()


def framework(ref: str, as_view: bool) -> Framework:
    return (loader.resolve_view if as_view else loader.resolve)(ref)[0]


def ticks(fw: Framework) -> st.SearchStrategy[list[str]]:
    """Any indicators, often linked ones, sometimes an id the framework does not have."""
    ids = [i.id for i in fw.indicators]
    linked = sorted(fw.link_partners) or ids
    one = st.one_of(st.sampled_from(ids), st.sampled_from(linked), st.just("no.such.id"))
    return st.lists(one, max_size=9)


def assert_same_row(scored: FileScore, texts: RowTexts) -> None:
    assert texts.text(scored) == json_text(scored.to_json())


@pytest.mark.parametrize("as_view", [True, False], ids=["view", "model"])
@pytest.mark.parametrize("ref", REFS)
@CHECK
@given(data=st.data())
def test_a_scored_row_is_the_row_to_json_gives(ref: str, as_view: bool, data: Any) -> None:
    fw = framework(ref, as_view)
    answers = Answers.of(
        data.draw(ticks(fw), label="ticked"),
        data.draw(st.booleans(), label="danger"),
        data.draw(AGES, label="age"),
        data.draw(st.one_of(st.just(""), ODD_TEXT), label="strengths"),
    )
    result = score(fw, answers)
    scored = FileScore(
        data.draw(ODD_TEXT, label="path"),
        fw,
        result,
        notices=tuple(data.draw(st.lists(ODD_TEXT, max_size=2), label="notices")),
        case_ref=data.draw(st.one_of(st.none(), ODD_TEXT), label="case_ref"),
    )
    assert_same_row(scored, SHARED)
    assert_same_row(scored, RowTexts())  # a fresh batch too


@CHECK
@given(
    path=ODD_TEXT,
    error=st.one_of(st.none(), ODD_TEXT),
    case_ref=st.one_of(st.none(), ODD_TEXT),
    ref=st.one_of(st.none(), st.sampled_from(REFS)),
)
def test_a_failed_row_is_the_row_to_json_gives(
    path: str, error: str | None, case_ref: str | None, ref: str | None
) -> None:
    fw = framework(ref, True) if ref else None
    assert_same_row(FileScore(path, fw, error=error, case_ref=case_ref), SHARED)


def expected_links(fw: Framework, ticked: list[str]) -> list[tuple[str, str]]:
    """Every (ticked, unticked) pair linked in either direction of `linked`, once, ordered
    by the linked one's level (highest first), then the ids."""
    index = fw.indicator_index
    chosen = {i for i in ticked if i in index}
    pairs = {
        (mine.id, other.id)
        for mine in (index[i] for i in chosen)
        for other in fw.indicators
        if other.id not in chosen and (other.id in mine.linked or mine.id in other.linked)
    }
    return sorted(pairs, key=lambda p: (-index[p[1]].level, p[0], p[1]))


@pytest.mark.parametrize("ref", REFS)
@CHECK
@given(data=st.data())
def test_links_are_every_unticked_indicator_linked_either_way_once(ref: str, data: Any) -> None:
    fw = framework(ref, True)
    ticked = data.draw(ticks(fw), label="ticked")
    found = score(fw, Answers.of(ticked)).links
    assert [(k.ticked.id, k.other.id) for k in found] == expected_links(fw, ticked)


def test_a_piece_never_stands_for_other_data() -> None:
    """Two frameworks with the same id and version but other words (e.g. a framework file
    changed during a batch) each get their own words in one batch's rows."""
    original = framework(REFS[0], False)
    data = original.model_dump()
    ind = data["indicators"][0]
    ind["text"] = ind["text"] + " (changed)"
    data["levels"][ind["level"] - 1]["name"] += " (changed)"
    changed = Framework.model_validate(data)
    texts = RowTexts()
    for fw in (original, changed, original):
        result = score(fw, Answers.of([ind["id"]]))
        scored = FileScore("case.toml", fw, result)
        assert_same_row(scored, texts)
    assert "(changed)" in texts.text(
        FileScore("c.toml", changed, score(changed, Answers.of([ind["id"]])))
    )
