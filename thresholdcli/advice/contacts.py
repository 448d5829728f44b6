"""Which number to call at a given moment: office hours, out of hours, bank holidays, 999.

Pure: the moment is passed in (no clock). Opening hours are UK local time
(Europe/London, with daylight saving); bank holidays in England come from the
maintained `holidays` package and count as out of hours. Every number shown comes
from the framework data; a contact without one says so.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from thresholdcli import cache
from thresholdcli.errors import UsageError
from thresholdcli.framework.provenance import READING, words

if TYPE_CHECKING:
    from thresholdcli.framework.model import Contact, Framework, OpeningHours

UK = ZoneInfo("Europe/London")
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NO_NUMBER = "number not given in the framework"
NO_HOURS = "no hours printed in the framework"
EMERGENCY_NUMBER = "999"
# A trailing "(SCAS)"-style abbreviation: no spaces, at least two capitals.
_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z&]*[A-Z][A-Za-z&]*)\)\s*$")
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class CallNow:
    contact: Contact
    why: str

    @property
    def service(self) -> str:
        return self.contact.service

    @property
    def phone(self) -> str | None:
        return self.contact.phone


@dataclass(frozen=True)
class CallPlan:
    at: datetime
    call_now: tuple[CallNow, ...]
    contacts: tuple[Contact, ...]
    summary: str
    level: int | None = None
    immediate_danger: bool = False
    bank_holiday: str | None = None
    also: tuple[Contact, ...] = ()
    notes: tuple[str, ...] = ()


@lru_cache(maxsize=64)
def bank_holiday(day: date) -> str | None:
    """The name of the England bank holiday on `day`, if any (from the `holidays` package)."""
    return england_bank_holidays(day.year).get(day.isoformat())


HOLIDAYS_KIND = "bank-holidays"


@lru_cache(maxsize=8)
def england_bank_holidays(year: int) -> dict[str, str]:
    """England's bank holidays in `year` (ISO date -> name), as the `holidays` package
    gives them. Importing that package takes longer than the rest of a `contacts` run, so
    each year's list is kept in the cache (`thresholdcli/cache.py`), keyed by the
    package's own files: a new `holidays` release is asked again."""
    key = _holidays_key(year)
    found = cache.load(HOLIDAYS_KIND, key) if key else None
    days = _holiday_days(found[1]) if found else None
    if days is not None:
        return days
    import holidays

    england = holidays.country_holidays("GB", subdiv="ENG", years=year)
    days = {day.isoformat(): str(name) for day, name in sorted(england.items())}
    if key:
        cache.store(HOLIDAYS_KIND, key, json.dumps(days, ensure_ascii=False).encode())
    return days


@lru_cache(maxsize=1)
def _holidays_source() -> str | None:
    """A digest of the installed `holidays` package's version and United Kingdom rules."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    digest = hashlib.sha256()
    try:
        for part in ("version.py", "countries/united_kingdom.py"):
            digest.update(part.encode() + b"\0" + (root / part).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _holidays_key(year: int) -> str | None:
    source = _holidays_source()
    return f"{HOLIDAYS_KIND} GB-ENG {year} {source}" if source else None


def _holiday_days(value: bytes) -> dict[str, str] | None:
    try:
        days = json.loads(value)
    except ValueError:
        return None
    if not isinstance(days, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in days.items()
    ):
        return None
    return days


def short_name(contact: Contact) -> str:
    """`short_name` if the data gives one; else "(SCAS)" from the service name; else the
    service name without a trailing bracket ("EDS (out of hours)" → "EDS")."""
    if contact.short_name:
        return contact.short_name
    found = _ABBREVIATION.search(contact.service)
    if found:
        return found.group(1)
    trimmed = _TRAILING_PARENS.sub("", contact.service)
    return trimmed or contact.service


def phone_text(contact: Contact) -> str:
    """The number exactly as the data gives it, or that it is not given. Never a made-up
    number: an area code the framework does not print is labelled as thresholdcli's reading."""
    if not contact.phone:
        return NO_NUMBER
    if contact.phone_inferred and contact.phone_inferred != contact.phone:
        return f"{contact.phone} ({READING}: {contact.phone_inferred})"
    return contact.phone


def hours_text(framework: Framework, contact: Contact) -> str:
    """The printed hours with their cite, or the hours as thresholdcli's reading; "" if none."""
    if not contact.hours_text:
        return ""
    hours = words(framework, contact, "hours_text")
    if hours.cited:
        return f"hours as printed ({hours.source}): “{contact.hours_text}”"
    return f"hours: {contact.hours_text} ({READING}: {hours.reading or 'not cited'})"


def applies_at(contact: Contact, level: int | None) -> bool:
    return level is None or not contact.levels or level in contact.levels


def to_local(at: datetime) -> datetime:
    """UK local time. A naive time is taken to be UK local time already."""
    return at.replace(tzinfo=UK) if at.tzinfo is None else at.astimezone(UK)


def _open_slot(contact: Contact, local: datetime) -> OpeningHours | None:
    day = DAY_KEYS[local.weekday()]
    hhmm = local.strftime("%H:%M")
    for slot in contact.hours:
        if day in slot.days and slot.opens <= hhmm < slot.closes:
            return slot
    return None


def _closed_reason(contact: Contact, local: datetime, holiday: str | None) -> str:
    name = short_name(contact)
    if holiday:
        return f"{name} is closed on bank holidays"
    weekday = local.weekday()
    day = DAY_KEYS[weekday]
    today = sorted((s for s in contact.hours if day in s.days), key=lambda s: s.opens)
    if not today:
        weekend_open = any(d in s.days for s in contact.hours for d in ("sat", "sun"))
        if weekday >= 5 and not weekend_open:
            return f"{name} is closed at weekends"
        return f"{name} is closed on {DAY_NAMES[weekday]}s"
    hhmm = local.strftime("%H:%M")
    if hhmm < today[0].opens:
        return f"before {name} opens at {today[0].opens}"
    if hhmm >= today[-1].closes:
        return f"after {name} closes at {today[-1].closes}"
    reopens = next(s.opens for s in today if s.opens > hhmm)
    return f"{name} is closed until {reopens}"


def _emergency_calls(framework: Framework, when: str) -> list[CallNow]:
    """999 first: the framework's emergency contacts, those printed as 999 leading."""
    found = [c for c in framework.contacts if c.role == "emergency"]
    found.sort(key=lambda c: c.phone != EMERGENCY_NUMBER)
    if not any(c.phone == EMERGENCY_NUMBER for c in found):
        from thresholdcli.framework.model import Contact

        # Safety rule 1 outranks missing data: 999 is the national emergency number.
        national = Contact(
            id="national-999",
            service="Emergency services",
            role="emergency",
            phone=EMERGENCY_NUMBER,
            always=True,
            note="The national emergency number; not listed among this framework's contacts.",
        )
        found.insert(0, national)
    return [
        CallNow(c, f"{when}: immediate danger, call 999 first")
        if c.phone == EMERGENCY_NUMBER
        else CallNow(c, f"{when}: immediate danger, after 999 call {short_name(c)}")
        for c in found
    ]


def plan_calls(
    framework: Framework,
    at: datetime,
    immediate_danger: bool = False,
    level: int | None = None,
) -> CallPlan:
    """Whom to call at the moment `at`, in the order to try, each with why.

    `level` (a rank) keeps the contacts the framework lists for that level (and those
    listed for every level); None keeps them all. The emergency route ignores the level.
    """
    if level is not None and not 1 <= level <= framework.top_rank:
        raise UsageError(
            f"level {level} is not a level of {framework.ref} (1-{framework.top_rank})"
        )
    local = to_local(at)
    holiday = bank_holiday(local.date())
    when = f"{DAY_NAMES[local.weekday()]} {local:%H:%M}"
    if holiday:
        when += f" ({holiday}, a bank holiday in England)"
    relevant = [c for c in framework.contacts if applies_at(c, level)]
    calls: list[CallNow] = _emergency_calls(framework, when) if immediate_danger else []
    notes: list[str] = []

    timed = [c for c in relevant if c.hours]
    opened = [] if holiday else [(c, s) for c in timed if (s := _open_slot(c, local))]
    for contact, slot in opened:
        name = short_name(contact)
        calls.append(CallNow(contact, f"{when}: {name} is open until {slot.closes}, call {name}"))
    if timed and not opened:
        reason = _closed_reason(timed[0], local, holiday)
        out_of_hours = [c for c in relevant if c.out_of_hours]
        for contact in out_of_hours:
            calls.append(CallNow(contact, f"{when}: {reason}, call {short_name(contact)}"))
        if not out_of_hours:
            notes.append(f"{when}: {reason}, and the framework prints no out-of-hours number.")
    for contact in relevant:
        unknown_hours = not (contact.hours or contact.out_of_hours or contact.always)
        if unknown_hours and contact.role == "office_hours":
            name = short_name(contact)
            calls.append(CallNow(contact, f"{when}: {NO_HOURS} for {name}, call {name}"))
            if not any(c.out_of_hours for c in relevant):
                notes.append(f"The framework prints no out-of-hours number beside {name}.")

    called = {c.contact.id for c in calls}
    notes.extend(_check_notes(framework, [c.contact for c in calls], timed[:1], level))
    also = tuple(
        c
        for c in relevant
        if level is not None and level in c.levels and c.id not in called and not _routed(c)
    )
    return CallPlan(
        at=local,
        call_now=tuple(calls),
        contacts=tuple(framework.contacts),
        summary=_summary(framework, calls, level),
        level=level,
        immediate_danger=immediate_danger,
        bank_holiday=holiday,
        also=also,
        notes=tuple(notes),
    )


def _routed(contact: Contact) -> bool:
    """Chosen by the time of day (front door, out of hours, 999), never merely listed."""
    return bool(contact.hours) or contact.out_of_hours or contact.role == "emergency"


def _check_notes(
    framework: Framework, called: list[Contact], front_door: list[Contact], level: int | None
) -> list[str]:
    """Warnings on what the plan relies on: uncertain data, level-specific lines."""
    notes = []
    relied_on = called + [c for c in front_door if c not in called]
    for contact in relied_on:
        name = short_name(contact)
        if contact.uncertain:
            hours = hours_text(framework, contact)
            printed = f" ({hours})" if hours else ""
            notes.append(f"Check {name}: the framework data marks it as uncertain{printed}.")
    for contact in called:
        name = short_name(contact)
        if level is None and contact.levels:
            shown = ", ".join(str(n) for n in contact.levels)
            notes.append(f"{name} is listed for level(s) {shown} only.")
    return notes


def _summary(framework: Framework, calls: list[CallNow], level: int | None) -> str:
    if calls:
        return "; ".join(c.why for c in calls)
    if level is not None:
        name = framework.level(level).name
        return (
            f"The framework lists no number to phone at level {level} ({name}): "
            f"follow what to do at this level. {_emergency_words(framework)}"
        )
    return f"The framework lists no number to phone. {_emergency_words(framework)}"


def _emergency_words(framework: Framework) -> str:
    return words(framework, framework, "emergency").labelled()


def plan_json(plan: CallPlan) -> dict[str, Any]:
    """The plan for `--format json`: `call_now` is in the order to try."""
    return {
        "at": plan.at.isoformat(),
        "level": plan.level,
        "immediate_danger": plan.immediate_danger,
        "bank_holiday": plan.bank_holiday,
        "call_now": [
            {
                "id": c.contact.id,
                "service": c.contact.service,
                "short_name": short_name(c.contact),
                "phone": c.contact.phone,
                "phone_inferred": c.contact.phone_inferred,
                "phone_text": phone_text(c.contact),
                "reading": dict(c.contact.reading),
                "why": c.why,
            }
            for c in plan.call_now
        ],
        "summary": plan.summary,
        "notes": list(plan.notes),
        "also_for_level": [c.id for c in plan.also],
        "contacts": [c.model_dump(mode="json") for c in plan.contacts],
    }
