"""Which number to call at a given moment: office hours, out of hours, bank holidays, 999."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from thresholdcli.framework.model import Contact, Framework, OpeningHours

UK = ZoneInfo("Europe/London")
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NO_NUMBER = "number not given in the framework"


@dataclass(frozen=True)
class CallNow:
    contact: Contact
    why: str


@dataclass(frozen=True)
class CallPlan:
    at: datetime
    call_now: tuple[CallNow, ...]
    contacts: tuple[Contact, ...]
    summary: str


@lru_cache(maxsize=64)
def bank_holiday(day: date) -> str | None:
    """The name of the England bank holiday on `day`, if any (from the `holidays` package)."""
    import holidays

    england = holidays.country_holidays("GB", subdiv="ENG", years=day.year)
    name = england.get(day)
    return str(name) if name else None


def _hours_text(slot: OpeningHours) -> str:
    days = slot.days
    label = days[0].title() if len(days) == 1 else f"{days[0].title()}–{days[-1].title()}"
    return f"{label} {slot.opens}–{slot.closes}"


def _open_slot(contact: Contact, local: datetime) -> OpeningHours | None:
    day = DAY_KEYS[local.weekday()]
    hhmm = local.strftime("%H:%M")
    for slot in contact.hours:
        if day in slot.days and slot.opens <= hhmm < slot.closes:
            return slot
    return None


def _closed_why(contact: Contact, local: datetime, holiday: str | None) -> str:
    day = DAY_KEYS[local.weekday()]
    hhmm = local.strftime("%H:%M")
    if holiday:
        return f"{holiday} (bank holiday in England): {contact.service} is closed"
    today = [s for s in contact.hours if day in s.days]
    if not today:
        return f"{local:%A}: {contact.service} is closed"
    if hhmm < min(s.opens for s in today):
        return f"before {contact.service} opens at {min(s.opens for s in today)}"
    return f"after {contact.service} closes at {max(s.closes for s in today)}"


def plan_calls(
    framework: Framework,
    at: datetime,
    immediate_danger: bool = False,
    level: int | None = None,
) -> CallPlan:
    """Order the framework's contacts for the moment `at` (any time zone; judged in UK time)."""
    local = at.astimezone(UK)
    stamp = f"{local:%A %H:%M}"
    holiday = bank_holiday(local.date())
    relevant = [c for c in framework.contacts if level is None or not c.levels or level in c.levels]
    call: list[CallNow] = []
    if immediate_danger:
        for contact in framework.contacts:
            if contact.role == "emergency":
                call.append(CallNow(contact, "Immediate danger: call 999 first."))
    office = [c for c in relevant if c.hours]
    open_now = [] if holiday else [(c, _open_slot(c, local)) for c in office]
    opened = [(c, s) for c, s in open_now if s is not None]
    for contact, slot in opened:
        call.append(CallNow(contact, f"{stamp}: {contact.service} is open ({_hours_text(slot)})."))
    if office and not opened:
        closed = office[0]
        why = _closed_why(closed, local, holiday)
        for contact in relevant:
            if contact.out_of_hours:
                call.append(CallNow(contact, f"{stamp}: {why}, call {contact.service}."))
    for contact in relevant:
        unknown_hours = not contact.hours and not contact.out_of_hours and not contact.always
        if unknown_hours and contact.role == "office_hours":
            call.append(
                CallNow(contact, "No opening hours are printed in the framework: phone to check.")
            )
    if call:
        summary = "; ".join(f"{c.contact.service}: {c.why}" for c in call)
    else:
        summary = "No referral line applies at this level: follow what to do at this level."
    return CallPlan(
        at=local, call_now=tuple(call), contacts=tuple(framework.contacts), summary=summary
    )


def phone_text(contact: Contact) -> str:
    if contact.phone:
        return contact.phone
    return NO_NUMBER
