"""The clock: now, or the fixed moment in THRESHOLDCLI_NOW (recorded transcripts, tests)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

from thresholdcli.errors import UsageError

CLOCK_ENV = "THRESHOLDCLI_NOW"


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
