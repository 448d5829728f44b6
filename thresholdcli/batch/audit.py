"""The threshold audit: how consistently levels are applied, from saved case records.

Pure: takes records that are already loaded, the shipped frameworks and the "as of" date,
and returns an `AuditReport`. No I/O, no clock. Records stream through: only counters and
the flagged cases are kept. Nothing from a record's free text (notes, strengths, reasons,
names of who agreed) ever reaches the report; a case is named by its reference only, or by
a salted pseudonym when redacted.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

from thresholdcli.advice.contacts import UK
from thresholdcli.casework.todos import lateness, open_todos, overdue
from thresholdcli.json_doc import framework_ref_json
from thresholdcli.records.model import Assessment, CaseRecord

STALE_MONTHS = 12
REVIEW_LIMIT = 3
MIN_SALT_LENGTH = 8
Namer = Callable[[str], str]


@dataclass(frozen=True)
class CurrentFramework:
    """The shipped edition of a framework id: what a record's pin is compared with."""

    id: str
    version: str
    hash: str
    level_names: tuple[str, ...]
    superseded_by: str | None = None  # the framework id that replaces it, as its data says

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


@dataclass(frozen=True)
class LevelRow:
    rank: int
    name: str
    suggested: int  # cases whose latest assessment suggested this level
    decided: int  # cases whose latest assessment decided this level


@dataclass(frozen=True)
class FrameworkSummary:
    ref: str
    cases: int
    assessments: int
    agreed: int
    levels: tuple[LevelRow, ...]
    matrix: tuple[tuple[int, ...], ...]  # [suggested rank - 1][decided rank - 1], all assessments

    @property
    def agreement(self) -> float:
        return self.agreed / self.assessments if self.assessments else 0.0


@dataclass(frozen=True)
class BelowWithoutReason:
    case: str
    assessment: int
    on: date
    framework: str
    suggested: int
    decided: int


@dataclass(frozen=True)
class Step:
    case: str
    assessment: int  # the later of the two consecutive assessments
    on: date
    framework: str
    from_level: int
    to_level: int

    @property
    def direction(self) -> Literal["up", "down"]:
        return "up" if self.to_level > self.from_level else "down"


@dataclass(frozen=True)
class OutOfDate:
    case: str
    pinned: str
    current: str | None
    why: str


@dataclass(frozen=True)
class LongOpen:
    case: str
    framework: str
    level: int
    since: date
    months: int
    reviews: int
    why: tuple[str, ...]


@dataclass(frozen=True)
class ConsentGap:
    case: str
    assessment: int
    on: date
    framework: str
    consent_id: str


@dataclass(frozen=True)
class OverdueFollowup:
    """A duty recorded as to do, not marked done, past its due time at the audit moment."""

    case: str
    assessment: int
    framework: str
    consent_id: str
    due: date  # UK date
    working_days: int  # working days late
    hours: int  # clock hours late


@dataclass(frozen=True)
class AuditReport:
    as_of: date
    redacted: bool
    cases: int
    assessments: int
    agreed: int
    frameworks: tuple[FrameworkSummary, ...]
    below_without_reason: tuple[BelowWithoutReason, ...]
    steps: tuple[Step, ...]
    out_of_date: tuple[OutOfDate, ...]
    long_open: tuple[LongOpen, ...]
    consent_gaps: tuple[ConsentGap, ...]
    stale_months: int = STALE_MONTHS
    review_limit: int = REVIEW_LIMIT
    unreadable: tuple[str, ...] = ()  # one line per file that could not be read
    unreadable_count: int = 0  # kept when the lines are withheld (redacted)
    open_followups: int = 0  # to-dos not marked done, across all cases
    overdue_followups: tuple[OverdueFollowup, ...] = ()
    # Assessments (any, not only the latest) made on a framework its data marks superseded.
    on_superseded: int = 0
    followups_at: datetime | None = None  # the moment follow-ups were judged overdue at

    @property
    def agreement(self) -> float:
        return self.agreed / self.assessments if self.assessments else 0.0

    @property
    def step_ups(self) -> int:
        return sum(1 for s in self.steps if s.direction == "up")

    @property
    def step_downs(self) -> int:
        return sum(1 for s in self.steps if s.direction == "down")

    def day(self, value: date) -> str:
        """A date as shown: the month only when redacted (dates can help re-identify)."""
        return f"{value:%Y-%m}" if self.redacted else value.isoformat()


def pseudonymiser(salt: str) -> Namer:
    """Stable pseudonyms: HMAC-SHA256 of the case reference under the user's secret salt."""
    if len(salt) < MIN_SALT_LENGTH:
        raise ValueError(f"the salt must be at least {MIN_SALT_LENGTH} characters")
    key = salt.encode("utf-8")

    def name(case_ref: str) -> str:
        digest = hmac.new(key, case_ref.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"case-{digest[:16]}"

    return name


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the last day of that month (31 Jan + 1 → 28/29 Feb)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def months_between(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end` (0 when `end` is not after `start`)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def start_of(day: date) -> datetime:
    """The first moment of a UK calendar day."""
    return datetime.combine(day, time(0, 0), tzinfo=UK)


def rank_problem(record: CaseRecord, current: Mapping[str, CurrentFramework]) -> str | None:
    """Why a record's levels cannot be counted against its framework, or None.

    A level above the top of the shipped edition the record was assessed with is no level
    of that framework (the schema already keeps every rank within 1-9)."""
    for a in record.assessments:
        shipped = current.get(a.framework.id)
        if shipped is None or shipped.version != a.framework.version:
            continue
        top = len(shipped.level_names)
        ranks = (a.suggestion.rank, a.decision.rank, *(i.level for i in a.indicators))
        if max(ranks) > top:
            return (
                f"assessment {a.number}: level {max(ranks)} is not a level of {shipped.ref} "
                f"(levels 1-{top}); the record is not counted"
            )
    return None


def audit(
    records: Iterable[CaseRecord],
    current: Mapping[str, CurrentFramework],
    as_of: date,
    name: Namer | None = None,
    stale_months: int = STALE_MONTHS,
    review_limit: int = REVIEW_LIMIT,
    followups_at: datetime | None = None,
) -> AuditReport:
    """Audit `records` (each one case) against the shipped frameworks, as of `as_of`.

    `name` turns a case reference into what the report shows (a pseudonym when redacting).
    Follow-ups are judged overdue at `followups_at` (default: the start of `as_of`).
    """
    moment = followups_at if followups_at is not None else start_of(as_of)
    tally = _Tally(current, as_of, name or (lambda ref: ref), stale_months, review_limit)
    tally.followups_at = moment
    for record in records:
        tally.add(record)
    return tally.report(redacted=name is not None)


@dataclass
class _Counts:
    cases: int = 0
    assessments: int = 0
    agreed: int = 0
    suggested: dict[int, int] = field(default_factory=dict)
    decided: dict[int, int] = field(default_factory=dict)
    pairs: dict[tuple[int, int], int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)


class _Tally:
    def __init__(
        self,
        current: Mapping[str, CurrentFramework],
        as_of: date,
        name: Namer,
        stale_months: int,
        review_limit: int,
    ) -> None:
        self.current = current
        self.as_of = as_of
        self.name = name
        self.stale_months = stale_months
        self.review_limit = review_limit
        self.cases = 0
        self.by_framework: dict[str, _Counts] = {}
        self.below: list[BelowWithoutReason] = []
        self.steps: list[Step] = []
        self.out_of_date: list[OutOfDate] = []
        self.long_open: list[LongOpen] = []
        self.consent_gaps: list[ConsentGap] = []
        self.on_superseded = 0
        self.followups_at = start_of(as_of)
        self.open_followups = 0
        self.overdue_followups: list[OverdueFollowup] = []

    def counts(self, ref: str) -> _Counts:
        return self.by_framework.setdefault(ref, _Counts())

    def add(self, record: CaseRecord) -> None:
        self.cases += 1
        case = self.name(record.case_ref)
        previous: Assessment | None = None
        for assessment in record.assessments:
            self._assessment(case, assessment, previous)
            previous = assessment
        latest = record.latest
        counts = self.counts(_ref(latest))
        counts.cases += 1
        _bump(counts.suggested, latest.suggestion.rank)
        _bump(counts.decided, latest.decision.rank)
        self._out_of_date(case, latest)
        self._long_open(case, record)
        self._followups(case, record)

    def _followups(self, case: str, record: CaseRecord) -> None:
        todos = open_todos(record)
        self.open_followups += len(todos)
        for todo in overdue(todos, self.followups_at):
            assert todo.due is not None
            late = lateness(todo.due, self.followups_at)
            assessment = record.assessments[todo.assessment - 1]
            self.overdue_followups.append(
                OverdueFollowup(
                    case,
                    todo.assessment,
                    _ref(assessment),
                    todo.id,
                    todo.due.astimezone(UK).date(),
                    late.working_days,
                    late.hours,
                )
            )

    def _assessment(self, case: str, a: Assessment, previous: Assessment | None) -> None:
        ref, suggested, decided = _ref(a), a.suggestion.rank, a.decision.rank
        on = a.assessed_at.date()
        counts = self.counts(ref)
        counts.assessments += 1
        counts.agreed += suggested == decided
        _bump(counts.pairs, (suggested, decided))
        counts.names.setdefault(suggested, a.suggestion.name)
        counts.names.setdefault(decided, a.decision.name)
        if decided < suggested and not a.decision.reason.strip():
            self.below.append(BelowWithoutReason(case, a.number, on, ref, suggested, decided))
        if previous is not None and previous.decision.rank != decided:
            self.steps.append(Step(case, a.number, on, ref, previous.decision.rank, decided))
        for item in a.consent:
            if item.answer == "not_done" and item.reason_required and not item.reason.strip():
                self.consent_gaps.append(ConsentGap(case, a.number, on, ref, item.id))
        shipped = self.current.get(a.framework.id)
        if shipped is not None and shipped.superseded_by:
            self.on_superseded += 1

    def _out_of_date(self, case: str, latest: Assessment) -> None:
        pin = latest.framework
        shipped = self.current.get(pin.id)
        if shipped is None:
            why = "this framework is not shipped any more"
        elif pin.version != shipped.version:
            why = f"assessed with version {pin.version}; the current version is {shipped.version}"
        elif pin.hash != shipped.hash:
            why = "the framework file has changed since the assessment (content hash differs)"
        elif shipped.superseded_by:
            why = f"this framework is superseded by {shipped.superseded_by}"
        else:
            return
        current = shipped.ref if shipped else None
        self.out_of_date.append(OutOfDate(case, _ref(latest), current, why))

    def _long_open(self, case: str, record: CaseRecord) -> None:
        """The current run of consecutive assessments decided at the latest level."""
        assessments = record.assessments
        level = record.latest.decision.rank
        if level <= 1:  # level 1 is universal services: no case is open
            return
        start = len(assessments) - 1
        while start > 0 and assessments[start - 1].decision.rank == level:
            start -= 1
        since = assessments[start].assessed_at.date()
        reviews = len(assessments) - max(start, 1)  # the first assessment is not a review
        months = months_between(since, self.as_of)
        why = []
        if self.as_of > add_months(since, self.stale_months):
            why.append(f"at level {level} for over {self.stale_months} months")
        if reviews >= self.review_limit:
            why.append(f"{reviews} reviews at level {level}")
        if why:
            self.long_open.append(
                LongOpen(case, _ref(record.latest), level, since, months, reviews, tuple(why))
            )

    def report(self, redacted: bool) -> AuditReport:
        summaries = tuple(
            self._summary(ref, counts) for ref, counts in sorted(self.by_framework.items())
        )
        return AuditReport(
            as_of=self.as_of,
            redacted=redacted,
            cases=self.cases,
            assessments=sum(c.assessments for c in self.by_framework.values()),
            agreed=sum(c.agreed for c in self.by_framework.values()),
            frameworks=summaries,
            below_without_reason=tuple(sorted(self.below, key=_by_case)),
            steps=tuple(sorted(self.steps, key=_by_case)),
            out_of_date=tuple(sorted(self.out_of_date, key=lambda o: o.case)),
            long_open=tuple(sorted(self.long_open, key=lambda o: o.case)),
            consent_gaps=tuple(sorted(self.consent_gaps, key=lambda g: (g.case, g.assessment))),
            stale_months=self.stale_months,
            review_limit=self.review_limit,
            open_followups=self.open_followups,
            overdue_followups=tuple(
                sorted(self.overdue_followups, key=lambda o: (o.due, o.case, o.assessment))
            ),
            followups_at=self.followups_at,
            on_superseded=self.on_superseded,
        )

    def _summary(self, ref: str, counts: _Counts) -> FrameworkSummary:
        framework_id, _, version = ref.partition("@")
        shipped = self.current.get(framework_id)
        names = dict(counts.names)
        if shipped is not None and shipped.version == version:
            names.update(enumerate(shipped.level_names, start=1))
        top = max([*names, *(r for pair in counts.pairs for r in pair)])
        ranks = range(1, top + 1)
        return FrameworkSummary(
            ref=ref,
            cases=counts.cases,
            assessments=counts.assessments,
            agreed=counts.agreed,
            levels=tuple(
                LevelRow(r, names.get(r, ""), counts.suggested.get(r, 0), counts.decided.get(r, 0))
                for r in ranks
            ),
            matrix=tuple(tuple(counts.pairs.get((s, d), 0) for d in ranks) for s in ranks),
        )


def _ref(assessment: Assessment) -> str:
    return f"{assessment.framework.id}@{assessment.framework.version}"


def _bump(counter: dict[Any, int], key: object) -> None:
    counter[key] = counter.get(key, 0) + 1


def _by_case(item: BelowWithoutReason | Step) -> tuple[str, int]:
    return item.case, item.assessment


# --- plain data (for --format json) -------------------------------------------------------


def report_json(report: AuditReport) -> dict[str, Any]:
    day = report.day
    return {
        "as_of": report.as_of.isoformat(),
        "redacted": report.redacted,
        "cases": report.cases,
        "assessments": report.assessments,
        "agreement": {
            "agreed": report.agreed,
            "assessments": report.assessments,
            "rate": round(report.agreement, 4),
        },
        "frameworks": [
            {
                "framework": framework_ref_json(s.ref),
                "cases": s.cases,
                "assessments": s.assessments,
                "agreement": {"agreed": s.agreed, "rate": round(s.agreement, 4)},
                "levels": [
                    {
                        "rank": lv.rank,
                        "name": lv.name,
                        "suggested": lv.suggested,
                        "decided": lv.decided,
                    }
                    for lv in s.levels
                ],
                "confusion": {
                    "rows": "suggested rank 1, 2, …",
                    "columns": "decided rank 1, 2, …",
                    "matrix": [list(row) for row in s.matrix],
                },
            }
            for s in report.frameworks
        ],
        "below_suggestion_without_reason": [
            {
                "case_ref": b.case,
                "assessment": b.assessment,
                "date": day(b.on),
                "framework": framework_ref_json(b.framework),
                "suggested": b.suggested,
                "decided": b.decided,
            }
            for b in report.below_without_reason
        ],
        "steps": {
            "up": report.step_ups,
            "down": report.step_downs,
            "items": [
                {
                    "case_ref": s.case,
                    "assessment": s.assessment,
                    "date": day(s.on),
                    "framework": framework_ref_json(s.framework),
                    "from": s.from_level,
                    "to": s.to_level,
                    "direction": s.direction,
                }
                for s in report.steps
            ],
        },
        "assessments_on_superseded_frameworks": report.on_superseded,
        "framework_out_of_date": [
            {"case_ref": o.case, "pinned": o.pinned, "current": o.current, "why": o.why}
            for o in report.out_of_date
        ],
        "open_at_same_level": {
            "over_months": report.stale_months,
            "reviews_at_least": report.review_limit,
            "items": [
                {
                    "case_ref": o.case,
                    "framework": framework_ref_json(o.framework),
                    "level": o.level,
                    "since": day(o.since),
                    "months": o.months,
                    "reviews": o.reviews,
                    "why": list(o.why),
                }
                for o in report.long_open
            ],
        },
        "consent_not_done_without_reason": [
            {
                "case_ref": g.case,
                "assessment": g.assessment,
                "date": day(g.on),
                "framework": framework_ref_json(g.framework),
                "consent": g.consent_id,
            }
            for g in report.consent_gaps
        ],
        "followups": {
            "as_of": report.followups_at.isoformat() if report.followups_at else None,
            "open": report.open_followups,
            "overdue": len(report.overdue_followups),
            "overdue_items": [
                {
                    "case_ref": o.case,
                    "assessment": o.assessment,
                    "framework": framework_ref_json(o.framework),
                    "consent": o.consent_id,
                    "due": day(o.due),
                    "working_days_late": o.working_days,
                    "hours_late": o.hours,
                }
                for o in report.overdue_followups
            ],
        },
        "unreadable_files": {"count": report.unreadable_count, "files": list(report.unreadable)},
    }
