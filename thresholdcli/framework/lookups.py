"""Look-ups on validated framework data, with no pydantic.

Shared by the pydantic models (`model.py`) and the read-only view of a cached framework
(`view.py`), so both answer every question the same way. A method or property on a
framework class goes here, on the class named after it.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, ClassVar, Literal

if TYPE_CHECKING:
    from thresholdcli.framework.model import (
        Cite,
        ConsentItem,
        Domain,
        DomainAction,
        Flagged,
        Guidance,
        GuidanceUse,
        Indicator,
        Level,
        PrintedFor,
        Route,
    )

# The framework's lists whose items can carry readings, by the items' class name (the same
# as `model.READING_LISTS`, which holds the classes).
LIST_NAMES: dict[str, str] = {
    "Level": "levels",
    "Domain": "domains",
    "Indicator": "indicators",
    "DomainAction": "domain_actions",
    "Accumulation": "accumulation",
    "Contact": "contacts",
    "ConsentItem": "consent",
    "Guidance": "guidance",
}


def model_name(item: object) -> str:
    """The model class an object is (or is the cached view of)."""
    return getattr(type(item), "model_name", None) or type(item).__name__


class CiteLookups:
    if TYPE_CHECKING:
        section: str
        lines: list[int]

    @property
    def label(self) -> str:
        """e.g. `“Consent and Confidentiality”, lines 210–214`."""
        first, last = self.lines
        where = f"line {first}" if first == last else f"lines {first}–{last}"
        return f"“{self.section}”, {where}"


class FlaggedLookups:
    if TYPE_CHECKING:
        QUOTES: ClassVar[dict[str, str]]
        reading: dict[str, str]

    def quote_cites(self, text_field: str) -> list[Cite]:
        """The cites of one quoted field (empty when it is uncited or a reading)."""
        cites: list[Cite] = getattr(self, self.QUOTES[text_field])
        return cites


class ContactLookups:
    if TYPE_CHECKING:
        reading: dict[str, str]
        levels: list[int]
        printed_for: list[PrintedFor]

    @property
    def hours_reading(self) -> str:
        """Why the days or hours in `hours` are thresholdcli's reading ("" when printed)."""
        return self.reading.get("hours", "")

    @property
    def not_printed(self) -> str:
        """Why the number itself is thresholdcli's reading (e.g. 999 not printed), or ""."""
        return self.reading.get("phone", "")

    def routes(self, route: Route, level: int | None) -> list[PrintedFor]:
        """What the framework prints this contact for, for `route` at `level` (None: any)."""
        return [
            use
            for use in self.printed_for
            if use.route == route and (level is None or not use.levels or level in use.levels)
        ]

    def listed_at(self, level: int) -> bool:
        """Listed for this level: by `printed_for`, else by `levels` (empty: every level)."""
        if self.printed_for:
            return any(not use.levels or level in use.levels for use in self.printed_for)
        return not self.levels or level in self.levels

    @property
    def listed_levels(self) -> list[int]:
        """The levels it is listed for, if it is limited to some; [] for every level."""
        if not self.printed_for:
            return list(self.levels)
        if any(not use.levels for use in self.printed_for):
            return []
        return sorted({lv for use in self.printed_for for lv in use.levels})


class GuidanceLookups:
    if TYPE_CHECKING:
        use: list[GuidanceUse]
        levels: list[int]
        items: list[str]
        ask_from: int

    def shown_at(self, use: GuidanceUse, level: int | None) -> bool:
        """Shown at `use`, and at level `level` (None: whatever the level)."""
        return use in self.use and (level is None or not self.levels or level in self.levels)

    @property
    def intro(self) -> list[str]:
        """The items shown before an asked checklist."""
        return self.items[: self.ask_from]

    @property
    def choices(self) -> list[str]:
        """The items the practitioner ticks, as printed."""
        return self.items[self.ask_from :]


class AgeRangeLookups:
    if TYPE_CHECKING:
        min: int | None
        max: int | None
        unborn: bool
        born: bool

    def admits(self, age: int | Literal["unborn"] | None) -> bool:
        if age is None:
            return True
        if age == "unborn":
            return self.unborn
        if not self.born:
            return False
        if self.min is not None and age < self.min:
            return False
        return not (self.max is not None and age > self.max)


class FrameworkLookups:
    if TYPE_CHECKING:
        reading: dict[str, str]
        id: str
        version: str
        levels: list[Level]
        domains: list[Domain]
        indicators: list[Indicator]
        domain_actions: list[DomainAction]
        consent: list[ConsentItem]
        guidance: list[Guidance]

    @property
    def top_rank(self) -> int:
        return len(self.levels)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def level(self, rank: int) -> Level:
        return self.levels[rank - 1]

    def indicator(self, indicator_id: str) -> Indicator | None:
        return self.indicator_index.get(indicator_id)

    @cached_property
    def indicator_index(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    @cached_property
    def indicator_order(self) -> dict[str, int]:
        """Each indicator id's place when ordered highest level first, then by id."""
        ordered = sorted(self.indicator_index.values(), key=lambda ind: (-ind.level, ind.id))
        return {ind.id: place for place, ind in enumerate(ordered)}

    @cached_property
    def linked_from(self) -> dict[str, tuple[str, ...]]:
        """For each indicator id, the ids of the indicators whose `linked` names it."""
        found: dict[str, list[str]] = {}
        for ind in self.indicators:
            for other in ind.linked:
                found.setdefault(other, []).append(ind.id)
        return {key: tuple(ids) for key, ids in found.items()}

    @cached_property
    def link_partners(self) -> dict[str, tuple[str, ...]]:
        """For each indicator id that has any, the ids it is linked with in either direction
        of `linked`, each once (worked out once per framework, not per scoring)."""
        found: dict[str, dict[str, None]] = {}
        for ind in self.indicators:
            for other in ind.linked:
                found.setdefault(ind.id, {})[other] = None
        for other, ids in self.linked_from.items():
            for ind_id in ids:
                found.setdefault(other, {})[ind_id] = None
        return {key: tuple(ids) for key, ids in found.items()}

    def domain(self, domain_id: str) -> Domain:
        return next(d for d in self.domains if d.id == domain_id)

    def indicators_in(self, domain_id: str) -> list[Indicator]:
        return [i for i in self.indicators if i.domain == domain_id]

    def domain_action(self, domain_id: str, rank: int) -> DomainAction | None:
        return next(
            (a for a in self.domain_actions if a.domain == domain_id and a.level == rank), None
        )

    def consent_for(self, rank: int) -> list[ConsentItem]:
        return [c for c in self.consent if rank in c.levels]

    def guidance_for(self, use: GuidanceUse, rank: int | None = None) -> list[Guidance]:
        """The guidance blocks shown at `use` (and at level `rank`; None: any level)."""
        return [g for g in self.guidance if g.shown_at(use, rank)]

    def reading_of(self, item: Flagged, field: str) -> str | None:
        """thresholdcli's reason for `field` of `item`: its own, else the framework-wide one."""
        own = item.reading.get(field)
        if own is not None:
            return own
        list_name = LIST_NAMES.get(model_name(item))
        return self.reading.get(f"{list_name}.{field}") if list_name else None

    def readings_of(self, item: Flagged) -> dict[str, str]:
        """Every reading that applies to `item`: its own, and the framework-wide ones."""
        found = dict(item.reading)
        list_name = LIST_NAMES.get(model_name(item))
        for key, reason in self.reading.items():
            owner, _, field = key.partition(".")
            if owner == list_name and field not in found and getattr(item, field):
                found[field] = reason
        return found
