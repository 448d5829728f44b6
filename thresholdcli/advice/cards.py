"""Reference cards: one plain `Card` per level, built from a framework (pure; no I/O, no clock).

The card's value classes are NamedTuples, not frozen dataclasses: the same fields,
immutability and equality by value, for a sixth of the cost to define at start-up (`card`
and the interview import this module)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from thresholdcli.errors import UsageError
from thresholdcli.framework.provenance import NO_NUMBER, shown_at_levels, words
from thresholdcli.json_doc import framework_ref_json

if TYPE_CHECKING:
    from thresholdcli.framework.model import AgeRange, Contact, Framework, Indicator

EMERGENCY_PHONE = "999"


class CardIndicator(NamedTuple):
    id: str
    text: str
    act_now: bool
    age: str  # e.g. "age 12–17"; empty when it applies to every age
    age_reading: str = ""  # thresholdcli's reason for the age range
    wording_reading: str = ""  # set when the text is thresholdcli's reading, not a quote


class CardAction(NamedTuple):
    """What to do in one domain at this level (the framework's words); a misprint carries
    thresholdcli's correction and its reason."""

    text: str
    misprint: bool
    correction: str
    correction_reading: str = ""

    @property
    def to_do(self) -> str:
        """The line to act on: the correction where the printed line is plainly wrong."""
        return self.correction if self.misprint else self.text


class CardDomain(NamedTuple):
    id: str
    name: str
    group: str
    section: str  # the optional section's name, or "" (also when the group names it)
    indicators: tuple[CardIndicator, ...]
    action: CardAction | None
    brief_chosen: bool  # False when --brief fell back to every indicator of the domain


class CardConsent(NamedTuple):
    question: str
    section: str
    age: str
    reason_required: bool


# What a contact is printed for, in a few words, on a card.
ROUTE_WORDS = {
    "emergency": "immediate danger",
    "significant_harm": "significant harm",
    "referral": "referral",
    "advice": "advice",
}


class CardContact(NamedTuple):
    service: str
    phone: str  # as the data gives it, or the "number not given" wording
    phone_inferred: str
    hours_text: str
    email: tuple[str, ...]
    emergency: bool
    phone_reading: str = ""  # why the number is thresholdcli's (e.g. 999 not printed)
    inferred_reading: str = ""  # why `phone_inferred` (e.g. an area code added)
    hours_reading: str = ""  # set when `hours_text` is thresholdcli's words
    printed_for: str = ""  # what the framework prints it for here: "significant harm; out of hours"


class CardGuidance(NamedTuple):
    """A guidance block the framework data places on the card, its items as printed."""

    title: str
    items: tuple[str, ...]
    reading: str = ""  # set when the items are thresholdcli's words, not a quote
    levels: tuple[int, ...] = ()  # the levels it is shown at; () for every level
    levels_reading: str = ""  # why at those levels, when thresholdcli chose them

    @property
    def levels_line(self) -> str:
        """The levels it is shown at as thresholdcli's reading, with its reason; else ""."""
        return shown_at_levels(self.levels, self.levels_reading) if self.levels_reading else ""


class Card(NamedTuple):
    framework_ref: str
    authority: str
    title: str
    version: str
    published: str
    source: str
    emergency: str  # the immediate-danger route, shown beside 999
    emergency_reading: str  # set when `emergency` is thresholdcli's words, not a quote
    rank: int
    top_rank: int
    level_name: str
    caption: str
    description: str
    what_to_do: str
    domains: tuple[CardDomain, ...]
    consent: tuple[CardConsent, ...]
    contacts: tuple[CardContact, ...]
    brief: bool
    printed: date
    superseded_by: str = ""  # the framework id that replaces this one, if any
    act_now_reading: str = ""  # the act-now criterion, when the card marks any ACT NOW
    guidance: tuple[CardGuidance, ...] = ()  # the blocks marked for the card at this level

    @property
    def superseded_note(self) -> str:
        if not self.superseded_by:
            return ""
        return (
            f"SUPERSEDED: this framework has been replaced by {self.superseded_by}. "
            "Use the current framework unless a case must stay on this one."
        )

    @property
    def is_top(self) -> bool:
        return self.rank == self.top_rank

    @property
    def heading(self) -> str:
        return f"Level {self.rank} of {self.top_rank}: {self.level_name}"

    @property
    def has_act_now(self) -> bool:
        return any(i.act_now for d in self.domains for i in d.indicators)

    @property
    def indicator_count(self) -> int:
        return sum(len(d.indicators) for d in self.domains)


def build_cards(
    framework: Framework, ranks: Sequence[int], *, brief: bool, printed: date
) -> list[Card]:
    """One card per requested rank; an unknown rank is a usage error."""
    for rank in ranks:
        if not 1 <= rank <= framework.top_rank:
            raise UsageError(
                f"level {rank} is not in {framework.ref} (levels 1–{framework.top_rank})"
            )
    return [build_card(framework, rank, brief=brief, printed=printed) for rank in ranks]


def build_card(framework: Framework, rank: int, *, brief: bool, printed: date) -> Card:
    level = framework.level(rank)
    return Card(
        framework_ref=framework.ref,
        authority=framework.authority,
        title=framework.title,
        version=framework.version,
        published=framework.published,
        source=framework.source,
        emergency=framework.emergency,
        superseded_by=framework.superseded_by or "",
        emergency_reading=words(framework, framework, "emergency").reading,
        rank=rank,
        top_rank=framework.top_rank,
        level_name=level.name,
        caption=level.caption.strip(),
        description=level.description.strip(),
        what_to_do=level.what_to_do.strip(),
        domains=_domains(framework, rank, brief),
        guidance=tuple(
            CardGuidance(
                g.title,
                tuple(g.items),
                framework.reading_of(g, "items") or "",
                tuple(g.levels),
                framework.reading_of(g, "levels") or "",
            )
            for g in framework.guidance_for("card", rank)
        ),
        consent=tuple(
            CardConsent(
                question=item.question,
                section=item.section,
                age=age_text(item.age),
                reason_required=item.reason_required,
            )
            for item in framework.consent_for(rank)
        ),
        contacts=_contacts(framework, rank),
        brief=brief,
        printed=printed,
        act_now_reading=framework.reading.get("indicators.act_now", ""),
    )


def _domains(framework: Framework, rank: int, brief: bool) -> tuple[CardDomain, ...]:
    sections = {s.id: s.name for s in framework.sections}
    blocks = []
    for domain in framework.domains:
        at_level = [i for i in framework.indicators_in(domain.id) if i.level == rank]
        chosen = [i for i in at_level if i.brief] if brief else at_level
        brief_chosen = bool(chosen) or not brief
        if not chosen:
            chosen = at_level  # --brief with nothing flagged: show the whole domain
        printed_action = framework.domain_action(domain.id, rank)
        action = (
            CardAction(
                printed_action.text,
                printed_action.misprint,
                printed_action.correction,
                framework.reading_of(printed_action, "correction") or "",
            )
            if printed_action
            else None
        )
        if not chosen and action is None:
            continue
        blocks.append(
            CardDomain(
                id=domain.id,
                name=domain.name,
                group=domain.group,
                section=_section_label(sections.get(domain.section or "", ""), domain.group),
                indicators=tuple(_indicator(framework, i) for i in chosen),
                action=action,
                brief_chosen=brief_chosen,
            )
        )
    return tuple(blocks)


def _section_label(section: str, group: str) -> str:
    """The optional section's name, unless the domain's group already says it."""
    return "" if section == group else section


def _indicator(framework: Framework, indicator: Indicator) -> CardIndicator:
    readings = framework.readings_of(indicator)
    return CardIndicator(
        id=indicator.id,
        text=indicator.text,
        act_now=indicator.act_now,
        age=age_text(indicator.age),
        age_reading=readings.get("age", "") if indicator.age else "",
        wording_reading=readings.get("text", ""),
    )


def _contacts(framework: Framework, rank: int) -> tuple[CardContact, ...]:
    """The contacts for this level, emergency first; the top level always carries 999.

    The practitioner's own agency (a route with no number) is left to the what-to-do text."""
    relevant = [
        c for c in framework.contacts if c.listed_at(rank) and c.role != "own_agency"
    ]
    if rank == framework.top_rank:
        emergency = [c for c in framework.contacts if c.role == "emergency"]
        relevant = emergency + [c for c in relevant if c not in emergency]
    relevant.sort(key=lambda c: c.role != "emergency")  # stable: keeps the framework's order
    cards = [_contact(framework, c, rank) for c in relevant]
    if rank == framework.top_rank and not any(c.phone == EMERGENCY_PHONE for c in cards):
        cards.insert(
            0,
            CardContact(
                service="Police / emergency services",
                phone=EMERGENCY_PHONE,
                phone_inferred="",
                hours_text="",
                email=(),
                emergency=True,
                phone_reading="999 is the national emergency number; this framework's "
                "contacts do not list it.",
                printed_for=ROUTE_WORDS["emergency"],
            ),
        )
    return tuple(cards)


def _contact(framework: Framework, contact: Contact, rank: int) -> CardContact:
    readings = framework.readings_of(contact)
    phone = contact.phone or NO_NUMBER
    return CardContact(
        service=contact.service,
        phone=phone,
        phone_inferred=contact.phone_inferred or "",
        hours_text=contact.hours_text,
        email=tuple(
            f"{e} (“{contact.email_for[e]}”)" if e in contact.email_for else e
            for e in contact.email
        ),
        emergency=contact.role == "emergency",
        phone_reading=readings.get("phone", ""),
        inferred_reading=readings.get("phone_inferred", ""),
        hours_reading=readings.get("hours_text", ""),
        printed_for=printed_for_text(contact, rank),
    )


def printed_for_text(contact: Contact, rank: int) -> str:
    """What the framework prints the contact for at this level, in a few words."""
    words = list(
        dict.fromkeys(
            ROUTE_WORDS[use.route]
            for use in contact.printed_for
            if not use.levels or rank in use.levels
        )
    )
    if contact.out_of_hours and words:
        words.append("out of hours")
    return "; ".join(words)


def age_text(age: AgeRange | None) -> str:
    """A short, plain description of an age range: "" when it applies to everyone."""
    if age is None:
        return ""
    parts = []
    if age.min is not None and age.max is not None:
        parts.append(f"age {age.min}–{age.max}")
    elif age.min is not None:
        parts.append(f"age {age.min}+")
    elif age.max is not None:
        parts.append(f"age {age.max} or under")
    if not age.born:
        parts.append("unborn only")
    elif not age.unborn and not parts:
        parts.append("after birth")
    return ", ".join(parts)


def card_json(card: Card) -> dict[str, Any]:
    """Plain data for `--format json`: every field, the date as ISO 8601."""
    data: dict[str, Any] = _plain(card)
    data["framework"] = framework_ref_json(data.pop("framework_ref"))
    data["printed"] = card.printed.isoformat()
    data["heading"] = card.heading
    for domain, block in zip(card.domains, data["domains"], strict=True):
        if domain.action is not None:
            block["action"]["to_do"] = domain.action.to_do
    return data


def _plain(value: Any) -> Any:
    """A card's value classes as dicts, all the way down; tuples stay tuples (as
    `dataclasses.asdict` gave them)."""
    if isinstance(value, tuple):
        items = tuple(_plain(item) for item in value)
        fields: tuple[str, ...] | None = getattr(value, "_fields", None)
        return dict(zip(fields, items, strict=True)) if fields is not None else items
    return value
