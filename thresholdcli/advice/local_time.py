"""A UK wall-clock time given without an offset: the moment it names, and what was assumed.

Twice a year the UK clocks change. In spring an hour of wall-clock time does not exist
(01:00-01:59 on the last Sunday of March); in autumn an hour happens twice (01:00-01:59 on
the last Sunday of October). A time in those hours names no moment, or two: thresholdcli
then takes one and says which, as its reading.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import NamedTuple

from thresholdcli.advice.contacts import UK


class LocalMoment(NamedTuple):
    moment: datetime  # aware
    assumed: str | None = None  # thresholdcli's reading, when the time was skipped or doubled


def uk_moment(wall: datetime, zone: tzinfo = UK) -> LocalMoment:
    """The moment a naive UK wall-clock time names; `assumed` says what was taken when the
    clocks changed in that hour."""
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return LocalMoment(first)
    shown = f"{wall:%Y-%m-%d %H:%M}"
    round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != wall:  # skipped: fold=0 counts it in the offset before the change
        taken = first.astimezone(UTC).astimezone(zone)
        return LocalMoment(
            taken,
            f"thresholdcli's reading: {shown} does not exist in UK time (the clocks went "
            f"forward an hour); taken as {taken:%H:%M %Z}, the same moment as {shown} "
            f"{first:%Z}",
        )
    return LocalMoment(
        first,
        f"thresholdcli's reading: {shown} happens twice in UK time (the clocks go back an "
        f"hour); taken as the first, {first:%H:%M %Z} (UTC{first:%z}); for the second, give "
        f"the offset: {wall:%Y-%m-%dT%H:%M}+00:00",
    )
