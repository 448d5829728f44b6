"""Every scoring rule, for every shipped framework, with real indicators from that framework.

Each row names the framework, the rule, the answers and what the practitioner must see.
docs/scoring.md explains the rules and where each framework's data came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from thresholdcli.advice.scoring import RULE_ORDER, Age, Answers, score
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework


def fw(ref: str) -> Framework:
    return loader.resolve(ref)[0]


@dataclass(frozen=True)
class Row:
    framework: str
    rule: str
    ticked: tuple[str, ...]
    suggested: int
    rules: tuple[str, ...]  # the rules that set the suggestion, in order
    act_now: bool = False
    danger: bool = False
    age: Age = None
    consider: tuple[int, ...] = ()  # accumulation: levels to consider
    warned: tuple[str, ...] = ()  # age: indicator ids warned about
    see_also: tuple[str, ...] = ()  # linked: unticked ids shown beside the suggestion
    setting: tuple[str, ...] = field(default=())  # ids named by the deciding reason

    @property
    def id(self) -> str:
        return f"{self.framework}:{self.rule}:{'+'.join(self.ticked) or 'none'}"


# fmt: off
ROWS = [
    # --- Staffordshire 2023 ---------------------------------------------------------
    Row("staffordshire-2023", "no_indicators", (), 1, ("no_indicators",)),
    Row("staffordshire-2023", "immediate_danger", (), 4, ("immediate_danger", "no_indicators"),
        danger=True),
    Row("staffordshire-2023", "highest_level", ("dev.2.01", "par.3.01"), 3, ("highest_level",),
        setting=("par.3.01",)),
    # "Significant harm would include: … Children who disclose abuse"
    Row("staffordshire-2023", "act_now", ("dev.1.01", "sh.4.06"), 4,
        ("act_now", "highest_level"), act_now=True, setting=("sh.4.06",)),
    Row("staffordshire-2023", "accumulation", ("dev.2.01", "par.2.01", "fam.2.01"), 2,
        ("highest_level",), consider=(3,)),
    Row("staffordshire-2023", "accumulation", ("dev.3.01", "par.3.01"), 3, ("highest_level",),
        consider=(4,)),
    Row("staffordshire-2023", "age", ("sh.4.04",), 4, ("act_now", "highest_level"),
        act_now=True, age=5, warned=("sh.4.04",)),
    Row("staffordshire-2023", "age", ("dev.2.10",), 2, ("highest_level",), age=16),
    Row("staffordshire-2023", "age", ("dev.2.10",), 2, ("highest_level",), age=9,
        warned=("dev.2.10",)),
    # FGM: level 3 where a protective parent engages; the level-4 side is shown beside it.
    Row("staffordshire-2023", "parental_response", ("par.3.08",), 3, ("highest_level",),
        see_also=("sh.4.01",)),
    Row("staffordshire-2023", "parental_response", ("sh.4.01",), 4,
        ("act_now", "highest_level"), act_now=True, see_also=("par.3.08", "par.3.09")),
    # --- Staffordshire 2022 ---------------------------------------------------------
    Row("staffordshire-2022", "no_indicators", (), 1, ("no_indicators",)),
    Row("staffordshire-2022", "immediate_danger", ("health.2.01",), 4,
        ("immediate_danger", "highest_level"), danger=True),
    Row("staffordshire-2022", "highest_level", ("health.2.01", "edu.3.01"), 3,
        ("highest_level",), setting=("edu.3.01",)),
    # "Non-accidental injury"
    Row("staffordshire-2022", "act_now", ("health.4.10",), 4, ("act_now", "highest_level"),
        act_now=True),
    # Statutory but not harm happening now: top level, no act-now route.
    Row("staffordshire-2022", "highest_level", ("health.4.01",), 4, ("highest_level",)),
    Row("staffordshire-2022", "accumulation", ("health.2.01", "edu.2.01", "emo.2.01"), 2,
        ("highest_level",), consider=(3,)),
    Row("staffordshire-2022", "accumulation", ("health.2.01", "edu.2.01"), 2,
        ("highest_level",)),
    Row("staffordshire-2022", "accumulation", ("health.3.01", "edu.3.01", "emo.3.01"), 3,
        ("highest_level",), consider=(4,)),
    Row("staffordshire-2022", "age", ("edu.2.08",), 2, ("highest_level",), age=12,
        warned=("edu.2.08",)),
    Row("staffordshire-2022", "age", ("health.2.07",), 2, ("highest_level",), age="unborn"),
    Row("staffordshire-2022", "age", ("health.2.07",), 2, ("highest_level",), age=3,
        warned=("health.2.07",)),
    Row("staffordshire-2022", "parental_response", ("care.3.08",), 3, ("highest_level",),
        see_also=("care.4.09",)),
    Row("staffordshire-2022", "parental_response", ("care.4.09",), 4,
        ("act_now", "highest_level"), act_now=True, see_also=("care.3.08",)),
    # --- Stoke-on-Trent (five levels, i-THRIVE) --------------------------------------
    Row("stoke-on-trent", "no_indicators", (), 1, ("no_indicators",)),
    Row("stoke-on-trent", "immediate_danger", (), 5, ("immediate_danger", "no_indicators"),
        danger=True),
    Row("stoke-on-trent", "highest_level", ("edu.2.01", "health.4.01"), 4, ("highest_level",),
        setting=("health.4.01",)),
    # "Disclosure of abuse from a child or other."
    Row("stoke-on-trent", "act_now", ("abuse.5.01", "edu.2.01"), 5,
        ("act_now", "highest_level"), act_now=True),
    Row("stoke-on-trent", "highest_level", ("edu.5.02",), 5, ("highest_level",)),
    Row("stoke-on-trent", "accumulation", ("edu.3.04", "eyd.3.02", "health.3.01"), 3,
        ("highest_level",), consider=(4,)),
    Row("stoke-on-trent", "accumulation", ("edu.3.04", "eyd.3.02"), 3, ("highest_level",)),
    Row("stoke-on-trent", "linked", ("edu.3.02",), 3, ("highest_level",),
        see_also=("edu.4.02", "edu.2.02")),
    # --- Hull ----------------------------------------------------------------------
    Row("hull", "no_indicators", (), 1, ("no_indicators",)),
    Row("hull", "immediate_danger", ("par.1.01",), 4, ("immediate_danger", "highest_level"),
        danger=True),
    Row("hull", "highest_level", ("child.2.01", "fam.3.01"), 3, ("highest_level",),
        setting=("fam.3.01",)),
    # "children at risk of forced marriage, honor based abuse, female genital mutilation"
    Row("hull", "act_now", ("fam.4.01",), 4, ("act_now", "highest_level"), act_now=True),
    Row("hull", "highest_level", ("child.4.01",), 4, ("highest_level",)),
    Row("hull", "accumulation", ("child.2.01", "par.2.01"), 2, ("highest_level",),
        consider=(3,)),
    Row("hull", "accumulation", ("child.3.02", "par.3.01"), 3, ("highest_level",),
        consider=(4,)),
    Row("hull", "linked", ("child.2.08",), 2, ("highest_level",), see_also=("child.3.01",)),
    # --- Telford & Wrekin ----------------------------------------------------------
    Row("telford-wrekin", "no_indicators", (), 1, ("no_indicators",)),
    Row("telford-wrekin", "immediate_danger", (), 4, ("immediate_danger", "no_indicators"),
        danger=True),
    Row("telford-wrekin", "highest_level", ("care.2.01", "warmth.3.01"), 3,
        ("highest_level",), setting=("warmth.3.01",)),
    # "Parents/carers have or may have abused/neglected the child"
    Row("telford-wrekin", "act_now", ("care.4.02",), 4, ("act_now", "highest_level"),
        act_now=True),
    Row("telford-wrekin", "highest_level", ("care.4.06",), 4, ("highest_level",)),
    Row("telford-wrekin", "accumulation", ("care.2.01", "warmth.2.01", "guide.2.01"), 2,
        ("highest_level",), consider=(3,)),
    Row("telford-wrekin", "accumulation", ("care.3.01", "warmth.3.01", "guide.3.01"), 3,
        ("highest_level",), consider=(4,)),
    Row("telford-wrekin", "age", ("health.3.14",), 3, ("highest_level",), age=15,
        warned=("health.3.14",)),
    Row("telford-wrekin", "age", ("health.3.14",), 3, ("highest_level",), age=13),
    Row("telford-wrekin", "age", ("care.3.02",), 3, ("highest_level",), age="unborn",
        see_also=("care.4.03",)),
    # Parental response: "Parents are engaging with professionals" ↔ "parents not engaging".
    Row("telford-wrekin", "parental_response", ("learn.3.06",), 3, ("highest_level",),
        see_also=("learn.4.03",)),
]
# fmt: on


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_rule(row: Row) -> None:
    framework = fw(row.framework)
    result = score(framework, Answers.of(row.ticked, row.danger, row.age))
    assert result.suggested == row.suggested
    assert tuple(r.rule for r in result.reasons) == row.rules
    assert result.act_now is row.act_now
    assert result.immediate_danger is row.danger
    assert tuple(c.consider_level for c in result.considerations) == row.consider
    assert tuple(w.split(" ", 1)[0] for w in result.warnings) == row.warned
    assert tuple(link.other.id for link in result.links) == row.see_also
    assert result.unknown_ids == ()
    if row.setting:
        deciding = next(r for r in result.reasons if r.level == row.suggested)
        assert tuple(i.id for i in deciding.indicators) == row.setting


def test_rows_cover_every_rule_for_every_framework() -> None:
    covered = {(row.framework, row.rule) for row in ROWS}
    for _, framework in loader.shipped():
        for rule in (*RULE_ORDER, "accumulation"):
            if rule == "accumulation" and not framework.accumulation:
                continue
            assert (framework.id, rule) in covered, (framework.id, rule)
        if any(i.age for i in framework.indicators):
            assert (framework.id, "age") in covered, framework.id


def test_reasons_come_in_rule_order() -> None:
    framework = fw("staffordshire-2023")
    result = score(framework, Answers.of(["sh.4.02", "dev.2.01"], immediate_danger=True))
    assert [r.rule for r in result.reasons] == ["immediate_danger", "act_now", "highest_level"]
    assert all(r.level == 4 for r in result.reasons[:2])
    assert [i.id for i in result.act_now_indicators] == ["sh.4.02"]


def test_act_now_reason_names_every_act_now_indicator_ticked() -> None:
    framework = fw("stoke-on-trent")
    result = score(framework, Answers.of(["health.5.08", "abuse.5.01", "edu.5.01"]))
    assert [i.id for i in result.act_now_indicators] == ["abuse.5.01", "health.5.08"]
    highest = result.reasons[-1]
    assert [i.id for i in highest.indicators] == ["abuse.5.01", "edu.5.01", "health.5.08"]


def test_accumulation_counts_domains_not_indicators() -> None:
    framework = fw("staffordshire-2023")
    same_domain = ["dev.2.01", "dev.2.02", "dev.2.03", "dev.2.04"]
    assert score(framework, Answers.of(same_domain)).considerations == ()


def test_accumulation_explains_itself_with_the_frameworks_words() -> None:
    framework = fw("hull")
    (item,) = score(framework, Answers.of(["child.2.01", "par.2.01"])).considerations
    assert item.rule_id == "multiple-needs-3"
    assert item.domains == ("child-health-development", "parents-carers")
    assert "consider level 3" in item.explanation
    assert item.quote == "Child has multiple needs requiring a multi-agency coordinated response."


def test_accumulation_is_not_asked_once_the_suggestion_is_already_there() -> None:
    framework = fw("staffordshire-2023")
    result = score(framework, Answers.of(["dev.2.01", "par.2.01", "fam.3.01"]))
    assert result.suggested == 3
    assert result.considerations == ()


def test_linked_explanation_says_where_the_framework_places_the_other_side() -> None:
    framework = fw("staffordshire-2023")
    (link,) = score(framework, Answers.of(["par.3.09"])).links
    assert link.ticked.id == "par.3.09" and link.other.id == "sh.4.01"
    assert "[sh.4.01]" in link.explanation
    assert "higher, at level 4" in link.explanation
    assert link.other.text in link.explanation


def test_linked_pair_both_ticked_shows_no_see_also() -> None:
    framework = fw("staffordshire-2022")
    result = score(framework, Answers.of(["care.3.08", "care.4.09"]))
    assert result.links == ()
    assert result.suggested == 4


@pytest.mark.parametrize(
    ("ref", "ticked"),
    [
        ("staffordshire-2023", ["sh.4.06"]),
        ("staffordshire-2022", ["health.4.10"]),
        ("stoke-on-trent", ["abuse.5.01"]),
        ("hull", ["fam.4.01"]),
        ("telford-wrekin", ["care.4.02"]),
        ("staffordshire-2023", ["dev.2.01"]),
    ],
)
def test_protective_factors_are_shown_and_never_change_the_result(
    ref: str, ticked: list[str]
) -> None:
    framework = fw(ref)
    without = score(framework, Answers.of(ticked))
    strengths = "  Grandmother lives next door and is protective. "
    with_strengths = score(framework, Answers.of(ticked, strengths=strengths))
    assert with_strengths.protective_factors == "Grandmother lives next door and is protective."
    assert with_strengths.suggested == without.suggested
    assert with_strengths.act_now == without.act_now
    assert with_strengths.reasons == without.reasons
    assert with_strengths.considerations == without.considerations
