"""The framework schema: strict, frozen pydantic models validated once at load.

Look-ups on the data (`Framework.level`, `AgeRange.admits`, `Cite.label`, …) live in
`lookups.py`, shared with the read-only view of a cached framework (`view.py`): a method
or property that reads the data goes there.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from thresholdcli.framework.lookups import (
    AgeRangeLookups,
    CiteLookups,
    ContactLookups,
    FlaggedLookups,
    FrameworkLookups,
    GuidanceLookups,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
NationalLevel = Literal["universal", "early_help", "targeted_early_help", "statutory"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ContactRole = Literal[
    "office_hours",
    "out_of_hours",
    "emergency",
    "police_non_emergency",
    "advice",
    "mental_health_crisis",
    "health",
    "own_agency",
    "other",
]
# What the framework prints a contact for: advice and consultation, a referral (at given
# levels), significant harm only, or immediate danger (the emergency route).
Route = Literal["advice", "referral", "significant_harm", "emergency"]
# Where a guidance block is shown: an interview step (start, domains, strengths), asked
# as a checklist after the result (ask), on the result screen (result), on a card (card).
GuidanceUse = Literal["start", "domains", "strengths", "ask", "result", "card"]
CONFIDENCE = Literal["high", "medium", "low"]
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class Strict(BaseModel):
    # defer_build: the validator is built on first use, so a run that reads frameworks from
    # the cache (model_construct) does not pay for building it.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Cite(CiteLookups, Strict):
    """Where a quote is in the framework's source text file (the framework's `source`).

    `section` is the nearest heading printed before the quote; `lines` the first and last
    line (1-based, inclusive) of the quote in that file. `thresholdcli frameworks verify`
    checks the quote is there, word for word.
    """

    section: str = Field(min_length=1)
    lines: list[int] = Field(min_length=2, max_length=2)

    @model_validator(mode="after")
    def _range(self) -> Cite:
        first, last = self.lines
        if first < 1 or last < first:
            raise ValueError("lines must be [first, last] with 1 <= first <= last")
        return self


def _one_or_many(value: Any) -> Any:
    """`cite = { … }` is shorthand for a one-part quote, `cite = [{ … }, …]` for several parts."""
    return [value] if isinstance(value, dict) else value


Cites = Annotated[list[Cite], BeforeValidator(_one_or_many)]
"""A quote in parts: the text's paragraphs (or list items), in order, split into runs
that each stand word for word at one cite."""


def _one_line(reason: str) -> bool:
    return bool(reason.strip()) and "\n" not in reason


class Flagged(FlaggedLookups, Strict):
    """Anything taken from a source can be marked as a judgement call.

    `reading` holds thresholdcli's own judgements on this object: field name -> a one-line
    reason (e.g. `{ age = "…" }`). A reading is never shown as the framework's words.
    `QUOTES` names the fields that quote the framework and the field holding each one's cite.
    """

    QUOTES: ClassVar[dict[str, str]] = {}

    uncertain: bool = False
    note: str = ""
    reading: dict[str, str] = {}

    @model_validator(mode="after")
    def _readings_and_cites(self) -> Flagged:
        cite_fields = set(self.QUOTES.values())
        for key, reason in self.reading.items():
            if not self._reading_key_ok(key) or key in cite_fields:
                raise ValueError(f"reading {key!r}: not a field that can be a reading here")
            if not _one_line(reason):
                raise ValueError(f"reading {key!r}: the reason must be one non-empty line")
        for text_field, cite_field in self.QUOTES.items():
            text = getattr(self, text_field)
            cites = getattr(self, cite_field)
            if cites and not text:
                raise ValueError(f"{cite_field}: cites an empty {text_field}")
            if cites and text_field in self.reading:
                raise ValueError(
                    f"{text_field}: either cited (the framework's words) or thresholdcli's "
                    "reading, not both"
                )
        return self

    def _reading_key_ok(self, key: str) -> bool:
        return key in type(self).model_fields and key not in {"reading", "note", "uncertain"}


class AgeRange(AgeRangeLookups, Strict):
    """Ages in whole years, inclusive; `unborn`/`born` say whether it applies before/after birth."""

    min: int | None = Field(default=None, ge=0, le=25)
    max: int | None = Field(default=None, ge=0, le=25)
    unborn: bool = True
    born: bool = True

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("age.min is greater than age.max")
        if not (self.unborn or self.born):
            raise ValueError("an age range must admit the unborn, the born, or both")
        return self



class NationalMapping(Strict):
    levels: list[NationalLevel] = Field(min_length=1)
    confidence: CONFIDENCE = "high"
    note: str = ""


class Level(Flagged):
    QUOTES: ClassVar[dict[str, str]] = {
        "description": "cite",
        "what_to_do": "what_to_do_cite",
        "caption": "caption_cite",
    }

    rank: int = Field(ge=1, le=9)
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    cite: Cites = []
    what_to_do: str = ""
    what_to_do_cite: Cites = []
    caption: str = ""
    caption_cite: Cites = []
    national: NationalMapping


class Section(Strict):
    """An optional part of the interview, e.g. an exploitation risk tool."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    question: str = Field(min_length=1)
    description: str = ""


class Domain(Flagged):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    group: str = ""
    section: str | None = None
    description: str = ""


class Indicator(Flagged):
    QUOTES: ClassVar[dict[str, str]] = {"text": "cite"}

    id: str = Field(pattern=ID_PATTERN)
    domain: str
    level: int = Field(ge=1, le=9)
    text: str = Field(min_length=1)
    cite: Cites = []
    act_now: bool = False
    brief: bool = False
    age: AgeRange | None = None
    linked: list[str] = []
    refers_to_section: str | None = None

    @field_validator("text")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError("text has leading or trailing white space")
        return value


class DomainAction(Flagged):
    """What to do, set per domain and level (e.g. Stoke-on-Trent's outcome pages)."""

    QUOTES: ClassVar[dict[str, str]] = {"text": "cite"}

    domain: str
    level: int = Field(ge=1, le=9)
    text: str = Field(min_length=1)
    cite: Cites = []
    misprint: bool = False
    correction: str = ""

    @model_validator(mode="after")
    def _misprint_needs_correction(self) -> DomainAction:
        if self.misprint and not self.correction:
            raise ValueError("a misprinted action needs a correction")
        return self


class Accumulation(Flagged):
    """Indicators at `level` in at least `min_domains` domains: consider `consider_level`.

    No framework prints a count: `min_domains` is always thresholdcli's reading.
    """

    QUOTES: ClassVar[dict[str, str]] = {"quote": "cite"}

    id: str = Field(pattern=ID_PATTERN)
    level: int = Field(ge=1, le=9)
    min_domains: int = Field(ge=2)
    consider_level: int = Field(ge=2, le=9)
    quote: str = Field(min_length=1)
    cite: Cites = []

    @model_validator(mode="after")
    def _upward(self) -> Accumulation:
        if self.consider_level <= self.level:
            raise ValueError("consider_level must be above level")
        return self


class OpeningHours(Strict):
    days: list[Weekday] = Field(min_length=1)
    opens: str
    closes: str

    @model_validator(mode="after")
    def _times(self) -> OpeningHours:
        for value in (self.opens, self.closes):
            if not _TIME.match(value):
                raise ValueError(f"time {value!r} is not HH:MM (24-hour)")
        if self.opens >= self.closes:
            raise ValueError("opens must be before closes")
        return self


class PrintedFor(Flagged):
    """One thing the framework prints a contact for, in its own words.

    `levels` empty: at every level. `quote` is word for word from the source, with its
    `cite`. Where the levels are a judgement (the source names no level for it), give the
    reason: `reading = { levels = "…" }`.
    """

    QUOTES: ClassVar[dict[str, str]] = {"quote": "cite"}

    route: Route
    levels: list[int] = []
    quote: str = Field(min_length=1)
    cite: Cites = []


class Contact(ContactLookups, Flagged):
    QUOTES: ClassVar[dict[str, str]] = {
        "hours_text": "cite",
        "email_for": "email_for_cite",
        "bank_holidays_quote": "bank_holidays_cite",
    }

    id: str = Field(pattern=ID_PATTERN)
    service: str = Field(min_length=1)
    short_name: str | None = Field(default=None, min_length=1)
    role: ContactRole
    phone: str | None = None
    phone_inferred: str | None = None
    email: list[str] = []
    # Each address's purpose as printed, e.g. "for all secure correspondence".
    email_for: dict[str, str] = {}
    email_for_cite: Cites = []
    hours_text: str = ""
    cite: Cites = []
    hours: list[OpeningHours] = []
    out_of_hours: bool = False
    always: bool = False
    levels: list[int] = []
    printed_for: list[PrintedFor] = []
    # The source's own words on bank holidays; without them a bank-holiday closure is
    # thresholdcli's reading. Assumed days or hours: `reading = { hours = "…" }`; a number
    # the source does not print (999): `reading = { phone = "…" }`.
    bank_holidays_quote: str = ""
    bank_holidays_cite: Cites = []

    @model_validator(mode="after")
    def _availability(self) -> Contact:
        if self.out_of_hours and self.hours:
            raise ValueError("a contact is either office hours (hours) or out_of_hours, not both")
        if self.printed_for and self.levels:
            raise ValueError("give the levels in printed_for, not in levels as well")
        for email in self.email_for:
            if email not in self.email:
                raise ValueError(f"email_for names {email!r}, which is not in email")
        if "phone" in self.reading and self.hours_text and "hours_text" not in self.reading:
            raise ValueError(
                "a number the source does not print has no printed hours_text "
                "(leave it out, or give its reading)"
            )
        return self


class Due(Strict):
    """A time limit the framework prints for a duty, e.g. "within 48 hours".

    Exactly one of `hours` (clock hours) or `working_days` (Monday to Friday, not bank
    holidays in England). `text` is the framework's own words for the limit.
    """

    hours: int | None = Field(default=None, ge=1)
    working_days: int | None = Field(default=None, ge=1)
    text: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_unit(self) -> Due:
        if (self.hours is None) == (self.working_days is None):
            raise ValueError("a due time needs exactly one of hours or working_days")
        return self


class ConsentItem(Flagged):
    QUOTES: ClassVar[dict[str, str]] = {"rule": "cite"}

    id: str = Field(pattern=ID_PATTERN)
    levels: list[int] = Field(min_length=1)
    rule: str = Field(min_length=1)
    cite: Cites = []
    question: str = Field(min_length=1)
    section: str = Field(min_length=1)
    reason_required: bool = False
    age: AgeRange | None = None
    due: Due | None = None
    # Quoted in the ACT NOW panel: the framework's own words on consent when significant
    # harm is suspected (never the tool's words in their place).
    in_act_now: bool = False


class Guidance(GuidanceLookups, Flagged):
    """Text the framework prints, shown where `use` says (and at `levels`; [] = every level).

    With `ask`, `question` is asked after the result and the practitioner ticks the
    `items` from `ask_from` on (the list as printed) that apply; `intro` items are shown
    before the list.
    """

    QUOTES: ClassVar[dict[str, str]] = {"items": "cite"}

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    use: list[GuidanceUse] = Field(min_length=1)
    items: list[str] = Field(min_length=1)
    cite: Cites = []
    levels: list[int] = []
    question: str = ""
    ask_from: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _askable(self) -> Guidance:
        if ("ask" in self.use) != bool(self.question):
            raise ValueError("a guidance block is asked (use 'ask') exactly when it has a question")
        if "ask" in self.use and self.ask_from >= len(self.items):
            raise ValueError("ask_from leaves no items to tick")
        return self


# (`lookups.LIST_NAMES` holds the same, by class name, for the look-ups.)
# Framework-wide readings: `reading = { "indicators.act_now" = "…" }` gives one reason for
# that field of every item in the list (e.g. the framework's single act-now criterion).
READING_LISTS: dict[str, type[Flagged]] = {
    "levels": Level,
    "domains": Domain,
    "indicators": Indicator,
    "domain_actions": DomainAction,
    "accumulation": Accumulation,
    "contacts": Contact,
    "consent": ConsentItem,
    "guidance": Guidance,
}
# Data that is always a judgement when set: it must carry a reading (own or framework-wide).
NEEDS_READING: dict[type[Flagged], tuple[str, ...]] = {
    Indicator: ("act_now", "age", "linked"),
    Accumulation: ("min_domains",),
    Contact: ("phone_inferred",),
    DomainAction: ("correction",),
}


class Framework(FrameworkLookups, Flagged):
    QUOTES: ClassVar[dict[str, str]] = {"emergency": "emergency_cite", "act_now": "act_now_cite"}

    schema_version: Literal[1] = 1
    id: str = Field(pattern=ID_PATTERN)
    version: str = Field(min_length=1)
    authority: str = Field(min_length=1)
    title: str = Field(min_length=1)
    source: str = Field(min_length=1)
    published: str = ""
    superseded_by: str | None = Field(default=None, pattern=ID_PATTERN)
    emergency: str = Field(min_length=1)
    emergency_cite: Cites = []
    act_now: str = Field(min_length=1)
    act_now_cite: Cites = []
    levels: list[Level] = Field(min_length=2)
    sections: list[Section] = []
    domains: list[Domain] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)
    domain_actions: list[DomainAction] = []
    accumulation: list[Accumulation] = []
    contacts: list[Contact] = Field(min_length=1)
    consent: list[ConsentItem] = []
    guidance: list[Guidance] = []

    def _reading_key_ok(self, key: str) -> bool:
        list_name, dot, field = key.partition(".")
        if not dot:
            return super()._reading_key_ok(key)
        kind = READING_LISTS.get(list_name)
        return (
            kind is not None
            and field in kind.model_fields
            and field
            not in {
                "reading",
                "note",
                "uncertain",
                *kind.QUOTES.values(),
            }
        )

    @model_validator(mode="after")
    def _every_judgement_has_a_reading(self) -> Framework:
        for ind in self.indicators:
            if "act_now" in ind.reading:
                raise ValueError(
                    f"indicator {ind.id}: reading.act_now is framework-wide only "
                    '(reading = { "indicators.act_now" = "…" }): one criterion, applied evenly'
                )
        items: list[tuple[str, Flagged]] = [(f"indicator {i.id}", i) for i in self.indicators]
        items += [(f"accumulation {a.id}", a) for a in self.accumulation]
        items += [(f"contact {c.id}", c) for c in self.contacts]
        items += [(f"domain action {a.domain} level {a.level}", a) for a in self.domain_actions]
        for where, item in items:
            for field in NEEDS_READING[type(item)]:
                value = getattr(item, field)
                if value and value is not None and self.reading_of(item, field) is None:
                    raise ValueError(
                        f"{where}: {field} is thresholdcli's reading and needs its reason "
                        f'(reading = {{ {field} = "…" }})'
                    )
        return self

    @model_validator(mode="after")
    def _cross_references(self) -> Framework:
        _check_unique("level rank", [lv.rank for lv in self.levels])
        ranks = [lv.rank for lv in self.levels]
        if ranks != list(range(1, len(ranks) + 1)):
            raise ValueError("levels must be ranked 1, 2, 3 … in order")
        top = len(ranks)
        _check_unique("section id", [s.id for s in self.sections])
        _check_unique("domain id", [d.id for d in self.domains])
        _check_unique("indicator id", [i.id for i in self.indicators])
        _check_unique("contact id", [c.id for c in self.contacts])
        _check_unique("consent id", [c.id for c in self.consent])
        _check_unique("guidance id", [g.id for g in self.guidance])
        _check_unique("accumulation id", [a.id for a in self.accumulation])
        sections = {s.id for s in self.sections}
        domains = {d.id for d in self.domains}
        indicators = {i.id for i in self.indicators}
        for domain in self.domains:
            if domain.section is not None and domain.section not in sections:
                raise ValueError(f"domain {domain.id}: unknown section {domain.section!r}")
        for ind in self.indicators:
            where = f"indicator {ind.id}"
            if ind.domain not in domains:
                raise ValueError(f"{where}: unknown domain {ind.domain!r}")
            if ind.level > top:
                raise ValueError(f"{where}: level {ind.level} is above the top level {top}")
            if ind.act_now and ind.level != top:
                raise ValueError(f"{where}: only top-level (level {top}) indicators may be act_now")
            for other in ind.linked:
                if other not in indicators or other == ind.id:
                    raise ValueError(f"{where}: linked id {other!r} does not resolve")
            if ind.refers_to_section is not None and ind.refers_to_section not in sections:
                raise ValueError(f"{where}: unknown section {ind.refers_to_section!r}")
        for action in self.domain_actions:
            if action.domain not in domains:
                raise ValueError(f"domain action: unknown domain {action.domain!r}")
            if action.level > top:
                raise ValueError(f"domain action for {action.domain}: level {action.level} > {top}")
        _check_unique(
            "domain action (domain, level)", [(a.domain, a.level) for a in self.domain_actions]
        )
        for rule in self.accumulation:
            if rule.consider_level > top:
                raise ValueError(f"accumulation {rule.id}: consider_level above the top level")
        for item in self.consent:
            bad = [lv for lv in item.levels if not 1 <= lv <= top]
            if bad:
                raise ValueError(f"consent {item.id}: unknown level(s) {bad}")
        for contact in self.contacts:
            used = contact.levels + [lv for use in contact.printed_for for lv in use.levels]
            bad = [lv for lv in used if not 1 <= lv <= top]
            if bad:
                raise ValueError(f"contact {contact.id}: unknown level(s) {bad}")
        for block in self.guidance:
            bad = [lv for lv in block.levels if not 1 <= lv <= top]
            if bad:
                raise ValueError(f"guidance {block.id}: unknown level(s) {bad}")
        return self


def _check_unique(what: str, values: list[object]) -> None:
    seen: set[object] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"duplicate {what}: {value!r}")
        seen.add(value)
