"""Scoring: a pure function from a framework and the answers to a suggestion with its reasons.

No I/O, no clock, no globals. Every rule the scorer applies comes from the framework data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from thresholdcli.framework.model import Framework, Indicator

Age = int | Literal["unborn"] | None
RuleName = Literal["immediate_danger", "act_now", "highest_level", "no_indicators"]


@dataclass(frozen=True)
class Answers:
    ticked: tuple[str, ...] = ()
    immediate_danger: bool = False
    age: Age = None

    @classmethod
    def of(cls, ticked: Iterable[str], immediate_danger: bool = False, age: Age = None) -> Answers:
        return cls(tuple(ticked), immediate_danger, age)


@dataclass(frozen=True)
class Reason:
    rule: RuleName
    level: int
    indicators: tuple[Indicator, ...]
    explanation: str


@dataclass(frozen=True)
class Consideration:
    """An accumulation rule that fired: the practitioner is asked to consider a higher level."""

    rule_id: str
    consider_level: int
    domains: tuple[str, ...]
    explanation: str
    quote: str


@dataclass(frozen=True)
class Result:
    suggested: int
    reasons: tuple[Reason, ...]
    act_now: bool
    immediate_danger: bool
    considerations: tuple[Consideration, ...] = ()
    warnings: tuple[str, ...] = ()
    unknown_ids: tuple[str, ...] = field(default=())

    @property
    def act_now_indicators(self) -> tuple[Indicator, ...]:
        return next((r.indicators for r in self.reasons if r.rule == "act_now"), ())


def score(framework: Framework, answers: Answers) -> Result:
    """Suggest a level. Rules, in order of strength:

    1. immediate danger → top level (999 route);
    2. any act-now (significant harm) indicator → top level, phone now;
    3. highest level among ticked indicators wins (a level is never lowered);
    4. nothing ticked → level 1.
    Accumulation rules never change the suggestion: they become considerations.
    """
    top = framework.top_rank
    index = framework.indicator_index
    unique_ids = sorted(set(answers.ticked))
    unknown = tuple(i for i in unique_ids if i not in index)
    ticked = [index[i] for i in unique_ids if i in index]
    ticked.sort(key=lambda ind: (-ind.level, ind.id))

    reasons: list[Reason] = []
    if answers.immediate_danger:
        reasons.append(
            Reason("immediate_danger", top, (), "Immediate danger: call 999 now (top level).")
        )
    act_now = tuple(ind for ind in ticked if ind.act_now)
    if act_now:
        reasons.append(
            Reason(
                "act_now",
                top,
                act_now,
                f"Significant harm indicator ticked: level {top}, phone the front door now.",
            )
        )
    highest = ticked[0].level if ticked else 1
    if ticked:
        setting = tuple(ind for ind in ticked if ind.level == highest)
        reasons.append(
            Reason(
                "highest_level",
                highest,
                setting,
                f"Highest level among ticked indicators: level {highest}.",
            )
        )
    else:
        reasons.append(Reason("no_indicators", 1, (), "No indicators ticked: level 1."))
    suggested = max(r.level for r in reasons)
    warnings = tuple(
        f"{ind.id} may not apply at the recorded age; it still counts, check it."
        for ind in ticked
        if ind.age is not None and not ind.age.admits(answers.age)
    )
    return Result(
        suggested=suggested,
        reasons=tuple(reasons),
        act_now=bool(act_now),
        immediate_danger=answers.immediate_danger,
        considerations=_considerations(framework, ticked, suggested),
        warnings=warnings,
        unknown_ids=unknown,
    )


def _considerations(
    framework: Framework, ticked: list[Indicator], suggested: int
) -> tuple[Consideration, ...]:
    found: list[Consideration] = []
    for rule in framework.accumulation:
        if rule.consider_level <= suggested:
            continue
        domains = sorted({ind.domain for ind in ticked if ind.level >= rule.level})
        if len(domains) >= rule.min_domains:
            found.append(
                Consideration(
                    rule_id=rule.id,
                    consider_level=rule.consider_level,
                    domains=tuple(domains),
                    explanation=(
                        f"Needs at level {rule.level} or above in {len(domains)} domains "
                        f"(rule: {rule.min_domains} or more): consider level {rule.consider_level}."
                    ),
                    quote=rule.quote,
                )
            )
    return tuple(found)
