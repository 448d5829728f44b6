"""When a duty with a printed time limit falls due. Pure: the start moment is passed in.

The framework prints the limit ("within 48 hours", "within 2 working days"); how it is
counted is thresholdcli's reading, stated in `READING` and shown beside every due time:

- clock hours run from the moment of the assessment, nights and weekends included;
- working days are Monday to Friday except bank holidays in England; the limit ends at
  the end (23:59, UK time) of the Nth working day after the day of the assessment.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from thresholdcli.advice.contacts import UK, bank_holiday

if TYPE_CHECKING:
    from thresholdcli.framework.model import Due

READING = {
    "hours": "thresholdcli's reading: clock hours counted from the moment of the assessment",
    "working_days": (
        "thresholdcli's reading: working days are Monday to Friday except bank holidays in "
        "England, counted from the day after the assessment; due by the end of the last one"
    ),
}
END_OF_DAY = time(23, 59)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and bank_holiday(day) is None


def add_working_days(day: date, count: int) -> date:
    """The `count`th working day after `day` (so 1 is the next working day)."""
    found = 0
    while found < count:
        day += timedelta(days=1)
        if is_working_day(day):
            found += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days fall after `start` up to and including `end` (0 if none)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def due_at(start: datetime, due: Due) -> datetime:
    """When the duty falls due, as an aware UK local time."""
    if start.tzinfo is None:
        raise ValueError("start needs a time zone")
    if due.hours is not None:
        # Elapsed hours: counted in UTC, so a clock change neither adds nor loses an hour.
        return (start.astimezone(UTC) + timedelta(hours=due.hours)).astimezone(UK)
    assert due.working_days is not None
    last = add_working_days(start.astimezone(UK).date(), due.working_days)
    return datetime.combine(last, END_OF_DAY, tzinfo=UK)


def reading_for(due: Due) -> str:
    return READING["hours" if due.hours is not None else "working_days"]
