from __future__ import annotations

import pytest

from thresholdcli.advice.scoring import Answers, score
from thresholdcli.framework.model import Framework


def test_nothing_ticked_is_level_one(staffs: Framework) -> None:
    result = score(staffs, Answers.of([]))
    assert result.suggested == 1
    assert [r.rule for r in result.reasons] == ["no_indicators"]
    assert not result.act_now


def test_immediate_danger_gives_top_level(staffs: Framework) -> None:
    result = score(staffs, Answers.of([], immediate_danger=True))
    assert result.suggested == 4
    assert result.reasons[0].rule == "immediate_danger"


def test_any_level_four_indicator_gives_level_four_whatever_else(staffs: Framework) -> None:
    ticks = ["dev.1.01", "dev.2.07", "par.3.03", "sh.4.06"]
    result = score(staffs, Answers.of(ticks))
    assert result.suggested == 4
    assert result.act_now
    assert [i.id for i in result.act_now_indicators] == ["sh.4.06"]
    assert result.act_now_indicators[0].text == "Children who disclose abuse"


def test_highest_level_wins_and_names_the_indicators_that_set_it(staffs: Framework) -> None:
    result = score(staffs, Answers.of(["dev.2.07", "par.3.03", "fam.2.04"]))
    assert result.suggested == 3
    (reason,) = result.reasons
    assert reason.rule == "highest_level"
    assert [i.id for i in reason.indicators] == ["par.3.03"]


def test_level_two_only(staffs: Framework) -> None:
    assert score(staffs, Answers.of(["dev.2.07"])).suggested == 2


def test_unknown_ids_are_reported_not_scored(staffs: Framework) -> None:
    result = score(staffs, Answers.of(["nope.9.99", "dev.2.01"]))
    assert result.unknown_ids == ("nope.9.99",)
    assert result.suggested == 2


def test_tick_order_and_duplicates_do_not_matter(staffs: Framework) -> None:
    a = score(staffs, Answers.of(["dev.2.07", "par.3.03", "dev.2.07"]))
    b = score(staffs, Answers.of(["par.3.03", "dev.2.07"]))
    assert a == b


def test_accumulation_is_a_consideration_never_a_silent_change(staffs: Framework) -> None:
    result = score(staffs, Answers.of(["dev.2.01", "par.2.01", "fam.2.01"]))
    assert result.suggested == 2
    assert [c.consider_level for c in result.considerations] == [3]


def test_age_mismatch_warns_but_still_counts(staffs: Framework) -> None:
    result = score(staffs, Answers.of(["sh.4.04"], age=5))
    assert result.suggested == 4
    assert result.warnings and "sh.4.04" in result.warnings[0]


@pytest.mark.parametrize("age", [None, "unborn", 0, 17])
def test_unborn_indicator_admits(staffs: Framework, age: object) -> None:
    ind = staffs.indicator("sh.4.04")
    assert ind is not None and ind.age is not None
    assert ind.age.admits(age) == (age in (None, "unborn"))  # type: ignore[arg-type]
