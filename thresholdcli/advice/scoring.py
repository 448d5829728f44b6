"""Scoring: a pure function from a framework and the answers to a suggestion with its reasons.

No I/O, no clock, no globals. Every rule the scorer applies comes from the framework data;
`docs/scoring.md` explains each rule, its order, and where each framework's data came from.

Rules that set the suggestion, strongest first (`RULE_ORDER`):

1. `immediate_danger`: the child is in immediate danger → top level, 999 first.
2. `act_now`: an indicator the framework flags as significant harm now → top level,
   phone the front door now. Only top-level indicators can carry the flag (the schema
   checks it), so no indicator is ever promoted above its printed level.
3. `highest_level`: the suggestion is at least the highest level among ticked indicators.
4. `no_indicators`: nothing ticked → level 1.

Everything else is shown beside the suggestion and never changes it: accumulation
(`considerations`, asked of the practitioner), linked indicators (`links`, e.g. the
parental-response pairs), age warnings, and protective factors (mitigation only).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from thresholdcli.framework.model import Cite, Framework, Indicator

Age = int | Literal["unborn"] | None
RuleName = Literal["immediate_danger", "act_now", "highest_level", "no_indicators"]
RULE_ORDER: tuple[RuleName, ...] = ("immediate_danger", "act_now", "highest_level", "no_indicators")


@dataclass(frozen=True)
class Answers:
    ticked: tuple[str, ...] = ()
    immediate_danger: bool = False
    age: Age = None
    strengths: str = ""

    @classmethod
    def of(
        cls,
        ticked: Iterable[str],
        immediate_danger: bool = False,
        age: Age = None,
        strengths: str = "",
    ) -> Answers:
        return cls(tuple(ticked), immediate_danger, age, strengths.strip())


@dataclass(frozen=True)
class Reason:
    rule: RuleName
    level: int
    indicators: tuple[Indicator, ...]
    explanation: str
    reading: str = ""  # thresholdcli's reason for the rule's data (the act-now criterion)


def reason_json(reason: Reason) -> dict[str, Any]:
    """A reason as every JSON document gives it: the indicators behind it as objects."""
    return {
        "rule": reason.rule,
        "level": reason.level,
        "text": reason.explanation,
        "reading": reason.reading,
        "indicators": [{"id": i.id, "level": i.level, "text": i.text} for i in reason.indicators],
    }


@dataclass(frozen=True)
class Consideration:
    """An accumulation rule that fired: the practitioner is asked to consider a higher level."""

    rule_id: str
    consider_level: int
    domains: tuple[str, ...]
    explanation: str
    quote: str
    min_domains: int = 0
    count_reading: str = ""  # why that many domains: no framework prints a count
    cites: tuple[Cite, ...] = ()  # where `quote` is in the framework's source

    @property
    def count_line(self) -> str:
        """The count as thresholdcli's reading, never beside the framework's words."""
        return (
            f"thresholdcli's reading: it asks from {self.min_domains} domains; {self.count_reading}"
        )


@dataclass(frozen=True)
class Link:
    """A ticked indicator that the framework links to another, unticked one.

    Frameworks print the same or a related factor at two levels, e.g. Staffordshire's
    FGM / forced marriage / modern slavery at level 3 when a protective parent engages and
    at level 4 when the family lacks willingness to protect. The link is shown so the
    practitioner checks which one describes the child; it never changes the suggestion.
    """

    ticked: Indicator
    other: Indicator
    explanation: str
    reading: str = ""  # why thresholdcli links them: the framework prints no link


@dataclass(frozen=True)
class Result:
    suggested: int
    reasons: tuple[Reason, ...]
    act_now: bool
    immediate_danger: bool
    considerations: tuple[Consideration, ...] = ()
    warnings: tuple[str, ...] = ()
    unknown_ids: tuple[str, ...] = field(default=())
    links: tuple[Link, ...] = ()
    protective_factors: str = ""

    @property
    def act_now_indicators(self) -> tuple[Indicator, ...]:
        return next((r.indicators for r in self.reasons if r.rule == "act_now"), ())


_NO_INDICATORS = Reason("no_indicators", 1, (), "No indicators ticked: level 1.")


def score(framework: Framework, answers: Answers) -> Result:
    """Suggest a level, with every reason; see the module docstring for the rules."""
    top = framework.top_rank
    index = framework.indicator_index
    given = set(answers.ticked)
    unknown = tuple(sorted([i for i in given if i not in index]))
    known = [i for i in given if i in index]
    known.sort(key=framework.indicator_order.__getitem__)  # highest level first, then by id
    ticked = [index[i] for i in known]

    reasons: list[Reason] = []
    if answers.immediate_danger:
        reasons.append(
            Reason("immediate_danger", top, (), "Immediate danger: call 999 now (top level).")
        )
    act_now = tuple([ind for ind in ticked if ind.act_now])
    if act_now:
        reasons.append(
            Reason(
                "act_now",
                top,
                act_now,
                f"Act-now indicator ticked: level {top}, phone the front door now.",
                framework.reading_of(act_now[0], "act_now") or "",
            )
        )
    if ticked:
        highest = ticked[0].level
        setting = tuple([ind for ind in ticked if ind.level == highest])
        reasons.append(
            Reason(
                "highest_level",
                highest,
                setting,
                f"Highest level among ticked indicators: level {highest}.",
            )
        )
    else:
        reasons.append(_NO_INDICATORS)
    suggested = max([r.level for r in reasons])
    return Result(
        suggested=suggested,
        reasons=tuple(reasons),
        act_now=bool(act_now),
        immediate_danger=answers.immediate_danger,
        considerations=_considerations(framework, ticked, suggested),
        warnings=_age_warnings(framework, ticked, answers.age),
        unknown_ids=unknown,
        links=_links(framework, ticked),
        protective_factors=answers.strengths.strip(),
    )


def consideration_json(item: Consideration) -> dict[str, Any]:
    """An accumulation prompt as data: the count is thresholdcli's reading, the quote cited."""
    return {
        "rule": item.rule_id,
        "consider_level": item.consider_level,
        "text": item.explanation,
        "reading": item.count_line,
        "quote": item.quote,
        "cite": [c.model_dump() for c in item.cites],
    }


def _age_warnings(framework: Framework, ticked: list[Indicator], age: Age) -> tuple[str, ...]:
    """An indicator outside its age range still counts (safety rule 2), but is flagged.

    The age range is thresholdcli's reading, so the warning gives its reason."""
    return tuple(
        [
            f"{ind.id} may not apply at the recorded age; it still counts, check it "
            f"(its age range is thresholdcli's reading: {framework.reading_of(ind, 'age')})."
            for ind in ticked
            if ind.age is not None and not ind.age.admits(age)
        ]
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
                        f"Needs at level {rule.level} or above in {len(domains)} domains: "
                        f"consider level {rule.consider_level}."
                    ),
                    quote=rule.quote,
                    min_domains=rule.min_domains,
                    count_reading=framework.reading_of(rule, "min_domains") or "",
                    cites=tuple(rule.cite),
                )
            )
    return tuple(found)


def _links(framework: Framework, ticked: list[Indicator]) -> tuple[Link, ...]:
    """Unticked indicators linked to a ticked one, in either direction of the data's `linked`."""
    partners = framework.link_partners  # both directions, each pair once: no scan per call
    ticked_ids = {ind.id for ind in ticked}
    if partners.keys().isdisjoint(ticked_ids):
        return ()
    index = framework.indicator_index
    links = [
        _link(framework, ind, index[other])
        for ind in ticked
        for other in partners.get(ind.id, ())
        if other not in ticked_ids
    ]
    links.sort(key=lambda link: (-link.other.level, link.ticked.id, link.other.id))
    return tuple(links)


def _link(framework: Framework, ticked: Indicator, other: Indicator) -> Link:
    if other.level > ticked.level:
        where = f"the framework places the linked factor higher, at level {other.level}"
    elif other.level < ticked.level:
        where = f"the framework places the linked factor lower, at level {other.level}"
    else:
        where = f"a related factor at the same level ({other.level})"
    return Link(
        ticked=ticked,
        other=other,
        explanation=(
            f"See also [{other.id}] “{other.text}”: {where}. "
            f"Check which one describes the child (linked from [{ticked.id}])."
        ),
        reading=framework.reading_of(ticked, "linked")
        or framework.reading_of(other, "linked")
        or "",
    )
