"""Every id an answers file (or draft) names must exist in the framework. Pure.

Nothing given is ever dropped in silence: a misspelt domain under `[notes]`, an unknown
consent id, section, consideration or indicator is named, with the closest real id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from thresholdcli.records.model import GENERAL_NOTE
from thresholdcli.records.sheet import AnswerSheet
from thresholdcli.suggest import did_you_mean

if TYPE_CHECKING:
    from thresholdcli.framework.model import Framework


def _unknown(where: str, what: str, ids: Iterable[str], known: set[str]) -> list[str]:
    return [
        f"{where}: unknown {what} {given!r}{did_you_mean(given, known)}"
        for given in ids
        if given not in known
    ]


def unknown_ids(framework: Framework, sheet: AnswerSheet) -> list[str]:
    """One message per id the framework does not have, in the order of the file."""
    domains = {d.id for d in framework.domains}
    indicators = set(framework.indicator_index)
    problems: list[str] = []
    problems += _unknown(
        "sections", "section", sheet.sections or [], {s.id for s in framework.sections}
    )
    problems += _unknown("indicators", "indicator", sheet.indicators or [], indicators)
    for kind, table in (("domains", sheet.domains), ("unfinished", sheet.unfinished)):
        for domain, ticks in table.items():
            if domain not in domains:
                problems += _unknown(kind, "domain", [domain], domains)
                continue
            own = {i.id for i in framework.indicators_in(domain)}
            for tick in ticks:
                if tick in own:
                    continue
                found = framework.indicator(tick)
                if found is None:
                    problems += _unknown(f"{kind}.{domain}", "indicator", [tick], own)
                else:
                    problems.append(
                        f"{kind}.{domain}: indicator {tick!r} belongs to domain {found.domain!r}"
                    )
    problems += _unknown("found", "indicator", sheet.found, indicators)
    not_looked = sheet.domains_not_looked_at or []
    problems += _unknown("domains_not_looked_at", "domain", not_looked, domains)
    problems += _unknown("notes", "domain", sheet.notes, domains | {GENERAL_NOTE})
    problems += _unknown(
        "considerations",
        "consideration",
        sheet.considerations,
        {rule.id for rule in framework.accumulation},
    )
    problems += _unknown(
        "consent", "consent item", sheet.consent, {c.id for c in framework.consent}
    )
    asked = {g.id: g for g in framework.guidance if "ask" in g.use}
    problems += _unknown("guidance_ticked", "checklist", sheet.guidance_ticked, set(asked))
    for block_id, ticks in sheet.guidance_ticked.items():
        if block_id in asked:
            choices = set(asked[block_id].choices)
            problems += [
                f"guidance_ticked.{block_id}: {tick!r} is not word for word an item of {block_id!r}"
                for tick in ticks
                if tick not in choices
            ]
    return problems
