"""The clock: now, or the fixed moment in THRESHOLDCLI_NOW (recorded transcripts, tests)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache

from thresholdcli.errors import UsageError

CLOCK_ENV = "THRESHOLDCLI_NOW"
# UK local time: opening hours, bank holidays, due times and the dates shown.
UK_ZONE = "Europe/London"
# Dates are read, compared and converted to UK time with a year's margin either way.
_MARGIN = timedelta(days=400)


def clock_from_env() -> Callable[[], datetime]:
    fixed = os.environ.get(CLOCK_ENV)
    if not fixed:
        return lambda: datetime.now(UTC).replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(fixed)
    except ValueError:
        raise UsageError(f"{CLOCK_ENV} is not an ISO date-time: {fixed!r}") from None
    if moment.tzinfo is None:
        raise UsageError(f"{CLOCK_ENV} needs a UTC offset, e.g. 2026-11-23T10:00:00+00:00")
    return lambda: moment


def in_workable_range(moment: datetime) -> bool:
    """True when `moment` (aware) can be converted to UTC and moved a year either way
    without leaving the calendar Python can represent (years 1 to 9999)."""
    try:
        utc = moment.astimezone(UTC)
        _ = (utc + _MARGIN, utc - _MARGIN)  # only whether they can be computed
    except OverflowError:
        return False
    return True


@cache
def uk_zone() -> tzinfo:
    """UK local time (zoneinfo, with its clock changes), loaded when first needed."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(UK_ZONE)
