"""Feeding the audit from files: read each record, skip (and name) what cannot be read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from thresholdcli.batch.audit import (
    AuditReport,
    CurrentFramework,
    audit,
    pseudonymiser,
    rank_problem,
)
from thresholdcli.errors import ThresholdError, UsageError
from thresholdcli.framework import loader
from thresholdcli.records import store
from thresholdcli.records.model import CaseRecord


def current_frameworks() -> dict[str, CurrentFramework]:
    """Each shipped framework id with the edition `resolve(id)` gives today."""
    found: dict[str, CurrentFramework] = {}
    for _, shipped in loader.shipped():
        if shipped.id not in found:
            framework, digest = loader.resolve(shipped.id)
            found[shipped.id] = CurrentFramework(
                framework.id,
                framework.version,
                digest,
                tuple(level.name for level in framework.levels),
                framework.superseded_by,
            )
    return found


def read_records(
    paths: Iterable[Path],
    failures: list[str],
    current: Mapping[str, CurrentFramework] | None = None,
) -> Iterator[CaseRecord]:
    """Each readable case record once; a line per file that cannot be used goes to `failures`.
    With `current`, a record with a level its shipped framework does not have is not used."""
    seen: set[str] = set()
    for path in paths:
        try:
            record = store.load_record(path)
        except ThresholdError as exc:
            failures.append(str(exc))
            continue
        if record.case_ref in seen:
            failures.append(f"{path}: case {record.case_ref} was already read from another file")
            continue
        problem = None if current is None else rank_problem(record, current)
        if problem is not None:
            failures.append(f"{path}: {problem}")
            continue
        seen.add(record.case_ref)
        yield record


def audit_files(
    paths: Iterable[Path],
    as_of: date,
    salt: str | None = None,
    followups_at: datetime | None = None,
) -> AuditReport:
    """Audit the case records in `paths`. With a salt, case references become pseudonyms and
    the names of unreadable files are withheld (only their number is kept). Follow-ups are
    judged overdue at `followups_at` (default: the start of `as_of`)."""
    try:
        name = pseudonymiser(salt) if salt is not None else None
    except ValueError as exc:
        raise UsageError(f"--salt: {exc}; use a long random secret kept by your agency") from None
    failures: list[str] = []
    current = current_frameworks()
    report = audit(
        read_records(paths, failures, current), current, as_of, name, followups_at=followups_at
    )
    if report.cases == 0 and not failures:
        raise UsageError("no case records found in the given paths")
    shown = () if salt is not None else tuple(failures)
    return replace(report, unreadable=shown, unreadable_count=len(failures))
