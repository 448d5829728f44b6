"""Due times of duties with a printed time limit: weekends, bank holidays, clock changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from thresholdcli.advice.contacts import UK
from thresholdcli.advice.duties import add_working_days, due_at, is_working_day, reading_for
from thresholdcli.framework.model import Due

HOURS_48 = Due(hours=48, text="within 48 hours")
TWO_WORKING_DAYS = Due(working_days=2, text="within 2 working days")
FIVE_WORKING_DAYS = Due(working_days=5, text="within 5 working days")


def uk(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UK)


@pytest.mark.parametrize(
    ("start", "due", "expected"),
    [
        # Friday afternoon: 48 clock hours run over the weekend.
        ("2026-11-27 15:00", HOURS_48, "2026-11-29 15:00"),
        # Friday: 2 working days skip the weekend, due at the end of Tuesday.
        ("2026-11-27 15:00", TWO_WORKING_DAYS, "2026-12-01 23:59"),
        # Christmas: from Thursday 24 Dec, 2 working days skip 25 (Christmas), 26-27 (weekend)
        # and 28 (Boxing Day, substitute): Tuesday 29 is the first, Wednesday 30 the second.
        ("2026-12-24 10:00", TWO_WORKING_DAYS, "2026-12-30 23:59"),
        # Saturday start: counted from the next working days.
        ("2026-11-28 10:00", FIVE_WORKING_DAYS, "2026-12-04 23:59"),
        # Clocks go forward on 29 March 2026: 48 elapsed hours end at 11:00 BST, not 10:00.
        ("2026-03-28 10:00", HOURS_48, "2026-03-30 11:00"),
        # Clocks go back on 25 October 2026: 48 elapsed hours end at 09:00 GMT.
        ("2026-10-24 10:00", HOURS_48, "2026-10-26 09:00"),
    ],
)
def test_due_at(start: str, due: Due, expected: str) -> None:
    assert due_at(uk(start), due) == uk(expected)


def test_due_at_is_uk_time_for_a_utc_start() -> None:
    found = due_at(datetime(2026, 7, 1, 9, 0, tzinfo=UTC), HOURS_48)
    assert found.tzinfo is UK
    assert found.strftime("%Y-%m-%d %H:%M") == "2026-07-03 10:00"  # BST


def test_working_days() -> None:
    assert not is_working_day(uk("2026-12-25 12:00").date())
    assert not is_working_day(uk("2026-12-26 12:00").date())
    assert is_working_day(uk("2026-12-29 12:00").date())
    assert add_working_days(uk("2026-12-24 00:00").date(), 1).isoformat() == "2026-12-29"


def test_due_needs_one_unit_and_a_time_zone() -> None:
    with pytest.raises(ValueError):
        Due(hours=1, working_days=1, text="x")
    with pytest.raises(ValueError):
        Due(text="x")
    with pytest.raises(ValueError):
        due_at(datetime(2026, 1, 1), HOURS_48)


def test_every_due_time_carries_the_tools_reading() -> None:
    assert reading_for(HOURS_48).startswith("thresholdcli's reading:")
    assert reading_for(TWO_WORKING_DAYS).startswith("thresholdcli's reading:")
