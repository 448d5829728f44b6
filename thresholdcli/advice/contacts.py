"""Whom to call at a given moment, for a level and a circumstance, as the framework prints it.

Pure: the moment is passed in (no clock). Each contact says, in the data, what the
framework prints it for (`printed_for`: advice, a referral at some levels, significant
harm, immediate danger). A plan gives:

- **call now**: only the routes printed for this level and circumstance (999 and the
  emergency routes only in immediate danger; significant-harm routes only when
  significant harm is suspected), chosen by the time of day;
- **for advice**: whom the framework says to talk to (your own safeguarding lead, the
  front door in its hours), with when each next opens;
- **if significant harm**: while it is not established, the routes printed for it;
- notes: a closed route with no out-of-hours number, and the tool's own safety net.

Opening hours are UK local time (Europe/London, with daylight saving); bank holidays in
England come from the maintained `holidays` package and count as closed: a fact where
the framework prints it, else thresholdcli's reading. Every number shown comes from the
framework data; a contact without one says so.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from thresholdcli import cache
from thresholdcli.clock import uk_zone
from thresholdcli.errors import UsageError
from thresholdcli.framework.provenance import NO_NUMBER, READING, reading_line, words

if TYPE_CHECKING:
    from thresholdcli.framework.model import Contact, Framework, OpeningHours, PrintedFor

UK = uk_zone()
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NO_HOURS = "no hours printed in the framework"
EMERGENCY_NUMBER = "999"
NATIONAL_999_READING = (
    "999 is the national emergency number; this framework does not print it among its contacts."
)
# A trailing "(SCAS)"-style abbreviation: no spaces, at least two capitals.
_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z&]*[A-Z][A-Za-z&]*)\)\s*$")
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")
_LOOK_AHEAD_DAYS = 14


class CallNow(NamedTuple):
    contact: Contact
    why: str
    printed: PrintedFor | None = None  # what the framework prints it for; None: the tool's 999

    @property
    def service(self) -> str:
        return self.contact.service

    @property
    def phone(self) -> str | None:
        return self.contact.phone


class Advice(NamedTuple):
    """Someone the framework says to talk to for advice, and whether they are open now."""

    contact: Contact
    printed: PrintedFor
    status: str  # "" (no hours apply), "open now until 17:00", "closed now …; opens …"


class Route(NamedTuple):
    """A route printed for this level that is not a call to make now (closed, or no phone)."""

    contact: Contact
    printed: PrintedFor
    status: str


class CallPlan(NamedTuple):
    at: datetime
    call_now: tuple[CallNow, ...]
    contacts: tuple[Contact, ...]
    summary: str
    level: int | None = None
    immediate_danger: bool = False
    significant_harm: bool = False
    bank_holiday: str | None = None
    for_advice: tuple[Advice, ...] = ()
    if_significant_harm: tuple[CallNow, ...] = ()
    also: tuple[Route, ...] = ()
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


def email_lines(contact: Contact) -> list[str]:
    """Each address with its purpose as printed (“for all secure correspondence”)."""
    lines = []
    for email in contact.email:
        purpose = contact.email_for.get(email)
        lines.append(f"email: {email} (“{purpose}”)" if purpose else f"email: {email}")
    return lines


def applies_at(contact: Contact, level: int | None) -> bool:
    return level is None or contact.listed_at(level)


def to_local(at: datetime) -> datetime:
    """UK local time. A naive time is taken to be UK local time already."""
    return at.replace(tzinfo=UK) if at.tzinfo is None else at.astimezone(UK)


def reading(text: str) -> str:
    """Text that is the tool's judgement, labelled as such."""
    return reading_line(text)


# --- opening hours -------------------------------------------------------------------


def _open_slot(contact: Contact, local: datetime) -> OpeningHours | None:
    if bank_holiday(local.date()):
        return None
    day = DAY_KEYS[local.weekday()]
    hhmm = local.strftime("%H:%M")
    for slot in contact.hours:
        if day in slot.days and slot.opens <= hhmm < slot.closes:
            return slot
    return None


def _bank_holiday_closure(contact: Contact) -> str:
    name = short_name(contact)
    if contact.bank_holidays_quote:
        return f"{name} is closed on bank holidays"
    return reading(
        f"{name} is taken to be closed on bank holidays "
        "(its hours are given by weekday, none for bank holidays)"
    )


def closed_reason(contact: Contact, local: datetime) -> str:
    """Why an office-hours contact is closed at `local`; a reading is labelled as one."""
    name = short_name(contact)
    if bank_holiday(local.date()):
        return _bank_holiday_closure(contact)
    weekday = local.weekday()
    day = DAY_KEYS[weekday]
    today = sorted((s for s in contact.hours if day in s.days), key=lambda s: s.opens)
    if not today:
        weekend_open = any(d in s.days for s in contact.hours for d in ("sat", "sun"))
        when = "at weekends" if weekday >= 5 and not weekend_open else f"on {DAY_NAMES[weekday]}s"
        if contact.hours_reading:
            why = contact.hours_reading.rstrip(".")
            return reading(f"{name} is taken to be closed {when} ({why})")
        return f"{name} is closed {when}"
    hhmm = local.strftime("%H:%M")
    if hhmm < today[0].opens:
        return f"before {name} opens at {today[0].opens}"
    if hhmm >= today[-1].closes:
        return f"after {name} closes at {today[-1].closes}"
    reopens = next(s.opens for s in today if s.opens > hhmm)
    return f"{name} is closed until {reopens}"


def next_opening(contact: Contact, local: datetime) -> datetime | None:
    """When an office-hours contact next opens after `local` (bank holidays closed)."""
    hhmm = local.strftime("%H:%M")
    for offset in range(_LOOK_AHEAD_DAYS + 1):
        day = local + timedelta(days=offset)
        if bank_holiday(day.date()):
            continue
        key = DAY_KEYS[day.weekday()]
        for start in sorted(s.opens for s in contact.hours if key in s.days):
            if offset or start > hhmm:
                hour, minute = (int(part) for part in start.split(":"))
                return day.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return None


def opening_text(contact: Contact, local: datetime, *, label_hours: bool = True) -> str:
    """ "opens Monday 30 November at 08:30", with any reading behind it labelled."""
    opens = next_opening(contact, local)
    if opens is None:
        return f"{NO_HOURS} for when it reopens"
    if opens.date() == local.date():
        text = f"opens today at {opens:%H:%M}"
    else:
        text = f"opens {DAY_NAMES[opens.weekday()]} {opens.day} {opens:%B} at {opens:%H:%M}"
    days_between = (opens.date() - local.date()).days
    skipped = any(bank_holiday(local.date() + timedelta(days=n)) for n in range(days_between))
    readings = []
    if contact.hours_reading and label_hours:
        readings.append(contact.hours_reading.rstrip("."))
    if skipped and not contact.bank_holidays_quote:
        readings.append("bank holidays are taken as closed; the framework does not mention them")
    if readings:
        text += f" ({reading('; '.join(readings))})"
    return text


def status_text(contact: Contact, local: datetime) -> str:
    """Open or closed now, for the advice and route lists."""
    if contact.role in ("own_agency", "emergency"):
        return ""
    if contact.hours:
        slot = _open_slot(contact, local)
        if slot is not None:
            return f"open now until {slot.closes}"
        reason = closed_reason(contact, local)
        opens = opening_text(contact, local, label_hours=READING not in reason)
        return f"closed now ({reason}); {opens}"
    if contact.out_of_hours:
        return "out of hours"
    if contact.always:
        return "any time"
    if contact.phone:
        return NO_HOURS
    return ""


# --- routing -------------------------------------------------------------------------


class _Routed(NamedTuple):
    calls: list[CallNow]
    waiting: list[Route]  # printed for the route, but not a call to make now
    notes: list[str]


def _route(
    selected: list[tuple[Contact, PrintedFor]], local: datetime, when: str, safety_net: bool
) -> _Routed:
    """Among the contacts printed for one route, which to call now (by the time of day)."""
    calls: list[CallNow] = []
    waiting: list[Route] = []
    notes: list[str] = []
    phoned = [(c, use) for c, use in selected if c.phone and c.role != "own_agency"]
    timed = [(c, use) for c, use in phoned if c.hours]
    out_of_hours = [(c, use) for c, use in phoned if c.out_of_hours]
    untimed = [(c, use) for c, use in phoned if not (c.hours or c.out_of_hours or c.always)]
    open_now = [(c, use, s) for c, use in timed if (s := _open_slot(c, local)) is not None]
    for contact, use, slot in open_now:
        name = short_name(contact)
        calls.append(
            CallNow(contact, f"{when}: {name} is open until {slot.closes}, call {name}", use)
        )
    if timed and not open_now:
        reason = closed_reason(timed[0][0], local)
        for contact, use in out_of_hours:
            calls.append(CallNow(contact, f"{when}: {reason}, call {short_name(contact)}", use))
        if not out_of_hours:
            for contact, use in timed:
                status = (
                    f"{status_text(contact, local)}; no out-of-hours number is printed for this"
                )
                waiting.append(Route(contact, use, status))
            if safety_net:
                first = timed[0][0]
                notes.append(_safety_net(first, opening_text(first, local)))
    elif not timed:
        for contact, use in out_of_hours:
            name = short_name(contact)
            calls.append(
                CallNow(
                    contact,
                    f"{when}: {name} is the out-of-hours route, "
                    f"call {name} if offices are closed",
                    use,
                )
            )
    for contact, use in untimed:
        name = short_name(contact)
        calls.append(CallNow(contact, f"{when}: {NO_HOURS} for {name}, call {name}", use))
        if safety_net and not out_of_hours:
            notes.append(f"The framework prints no hours and no out-of-hours number for {name}.")
            notes.append(
                _safety_net(
                    contact, f"the framework prints no hours for {name} and no out-of-hours number"
                )
            )
    for contact, use in selected:
        if contact.always and contact.phone and contact.role != "emergency":
            name = short_name(contact)
            calls.append(
                CallNow(contact, f"{when}: {name} is available at any time, call {name}", use)
            )
        elif not contact.phone or contact.role == "own_agency":
            waiting.append(Route(contact, use, status_text(contact, local)))
    return _Routed(calls, waiting, notes)


def _safety_net(contact: Contact, detail: str) -> str:
    """The tool's own fallback where the route is closed and no out-of-hours number is printed."""
    return reading(
        f"If the child may be at risk of significant harm before {short_name(contact)} "
        f"reopens ({detail}), call 999."
    )


def _emergency_calls(framework: Framework, when: str) -> list[CallNow]:
    """999 first: the framework's emergency routes, those printed as 999 leading."""
    found = [c for c in framework.contacts if c.role == "emergency" or c.routes("emergency", None)]
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
            reading={"phone": NATIONAL_999_READING},
        )
        found.insert(0, national)
    calls = []
    for contact in found:
        printed = next(iter(contact.routes("emergency", None)), None)
        if contact.phone == EMERGENCY_NUMBER:
            calls.append(CallNow(contact, f"{when}: immediate danger, call 999 first", printed))
        else:
            name = short_name(contact)
            calls.append(
                CallNow(contact, f"{when}: immediate danger, after 999 call {name}", printed)
            )
    return calls


def _significant_harm_routes(
    framework: Framework, level: int | None
) -> list[tuple[Contact, PrintedFor]]:
    """Printed for significant harm, and the top level's referral routes (the framework's
    top level is its significant-harm level)."""
    top = framework.top_rank
    found = []
    for contact in framework.contacts:
        uses = contact.routes("significant_harm", level) or contact.routes("referral", top)
        if uses:
            found.append((contact, uses[0]))
    return found


def _referral_routes(framework: Framework, level: int | None) -> list[tuple[Contact, PrintedFor]]:
    found = []
    for contact in framework.contacts:
        uses = contact.routes("referral", level)
        if uses:
            found.append((contact, uses[0]))
    return found


def _advice(framework: Framework, level: int | None, local: datetime) -> list[Advice]:
    """Whom to talk to for advice: your own agency first, then in the framework's order.

    An out-of-hours advice line is listed only while the office-hours ones are closed.
    """
    found = [
        (c, c.routes("advice", level)[0]) for c in framework.contacts if c.routes("advice", level)
    ]
    found.sort(key=lambda pair: pair[0].role != "own_agency")
    office = [c for c, _ in found if c.hours]
    any_open = any(_open_slot(c, local) for c in office)
    return [
        Advice(contact, use, status_text(contact, local))
        for contact, use in found
        if not (contact.out_of_hours and any_open)
    ]


def plan_calls(
    framework: Framework,
    at: datetime,
    immediate_danger: bool = False,
    level: int | None = None,
    significant_harm: bool = False,
) -> CallPlan:
    """Whom to call at the moment `at`, in the order to try, each with why.

    `level` (a rank) keeps the routes the framework prints for that level; None keeps the
    routes of every level. `significant_harm` (implied by `immediate_danger`) adds the
    routes printed for significant harm; until then they are listed apart, as what to
    call if significant harm is suspected.
    """
    if level is not None and not 1 <= level <= framework.top_rank:
        raise UsageError(
            f"level {level} is not a level of {framework.ref} (1-{framework.top_rank})"
        )
    harm = significant_harm or immediate_danger
    local = to_local(at)
    holiday = bank_holiday(local.date())
    when = f"{DAY_NAMES[local.weekday()]} {local:%H:%M}"
    if holiday:
        when += f" ({holiday}, a bank holiday in England)"

    calls: list[CallNow] = _emergency_calls(framework, when) if immediate_danger else []
    notes: list[str] = []
    waiting: list[Route] = []
    harm_routed = _route(_significant_harm_routes(framework, level), local, when, True)
    if harm:
        _extend(calls, harm_routed.calls)
        notes.extend(harm_routed.notes)
        waiting.extend(harm_routed.waiting)
    level_routed = _route(_referral_routes(framework, level), local, when, False)
    _extend(calls, level_routed.calls)
    notes.extend(n for n in level_routed.notes if n not in notes)
    waiting.extend(level_routed.waiting)

    called = {c.contact.id for c in calls}
    conditional: list[CallNow] = []
    if not harm:
        if any(c.contact.id not in called for c in harm_routed.calls):
            conditional = harm_routed.calls
        notes.extend(harm_routed.notes)  # the safety net is conditional: it always shows
    # A closed office line is left out when an out-of-hours team is already called for it.
    covered = any(c.contact.out_of_hours for c in calls)
    seen: set[str] = set()
    also = []
    for route in waiting:
        closed_but_covered = covered and bool(route.contact.hours)
        if route.contact.id in called or route.contact.id in seen or closed_but_covered:
            continue
        seen.add(route.contact.id)
        also.append(route)
    notes.extend(_check_notes(framework, calls, level))
    return CallPlan(
        at=local,
        call_now=tuple(calls),
        contacts=tuple(framework.contacts),
        summary=_summary(framework, calls, level),
        level=level,
        immediate_danger=immediate_danger,
        significant_harm=harm,
        bank_holiday=holiday,
        for_advice=tuple(_advice(framework, level, local)),
        if_significant_harm=tuple(conditional),
        also=tuple(also),
        notes=tuple(dict.fromkeys(notes)),
    )


def _extend(calls: list[CallNow], more: Iterable[CallNow]) -> None:
    ids = {c.contact.id for c in calls}
    for call in more:
        if call.contact.id not in ids:
            ids.add(call.contact.id)
            calls.append(call)


def _check_notes(framework: Framework, calls: list[CallNow], level: int | None) -> list[str]:
    """Warnings on what the plan relies on: uncertain data, level-specific routes."""
    notes = []
    for call in calls:
        name = short_name(call.contact)
        if call.contact.uncertain:
            hours = hours_text(framework, call.contact)
            printed = f" ({hours})" if hours else ""
            notes.append(f"Check {name}: the framework data marks it as uncertain{printed}.")
        if level is None and call.printed is not None and call.printed.levels:
            shown = ", ".join(str(n) for n in call.printed.levels)
            notes.append(f"{name} is printed for this at level(s) {shown} only.")
    return notes


def _summary(framework: Framework, calls: list[CallNow], level: int | None) -> str:
    if calls:
        return "; ".join(c.why for c in calls)
    where = f" at level {level} ({framework.level(level).name})" if level is not None else ""
    return (
        f"No call to make now{where}: the framework prints no phone route for it at this "
        f"time. See who to talk to for advice. {_emergency_words(framework)}"
    )


def _emergency_words(framework: Framework) -> str:
    return words(framework, framework, "emergency").labelled()


# --- JSON ----------------------------------------------------------------------------


def _printed_json(printed: PrintedFor | None) -> dict[str, Any] | None:
    if printed is None:
        return None
    data: dict[str, Any] = {
        "route": printed.route,
        "levels": printed.levels,
        "quote": printed.quote,
    }
    if "levels" in printed.reading:
        data["reading"] = {"levels": printed.reading["levels"]}
    return data


def _call_json(call: CallNow) -> dict[str, Any]:
    data = {
        "id": call.contact.id,
        "service": call.contact.service,
        "short_name": short_name(call.contact),
        "phone": call.contact.phone,
        "phone_inferred": call.contact.phone_inferred,
        "phone_text": phone_text(call.contact),
        "why": call.why,
        "printed_for": _printed_json(call.printed),
    }
    data["reading"] = dict(call.contact.reading)
    return data


def plan_json(plan: CallPlan) -> dict[str, Any]:
    """The plan for `--format json`: `call_now` is in the order to try."""
    return {
        "at": plan.at.isoformat(),
        "level": plan.level,
        "immediate_danger": plan.immediate_danger,
        "significant_harm": plan.significant_harm,
        "bank_holiday": plan.bank_holiday,
        "call_now": [_call_json(c) for c in plan.call_now],
        "for_advice": [
            {
                "id": a.contact.id,
                "service": a.contact.service,
                "phone": a.contact.phone,
                "phone_text": phone_text(a.contact) if a.contact.role != "own_agency" else None,
                "status": a.status,
                "printed_for": _printed_json(a.printed),
            }
            for a in plan.for_advice
        ],
        "if_significant_harm": [_call_json(c) for c in plan.if_significant_harm],
        "also_for_level": [r.contact.id for r in plan.also],
        "also": [
            {"id": r.contact.id, "status": r.status, "printed_for": _printed_json(r.printed)}
            for r in plan.also
        ],
        "summary": plan.summary,
        "notes": list(plan.notes),
        "contacts": [c.model_dump(mode="json") for c in plan.contacts],
    }
