"""Reviewing a case over time: find and load records, then history, diff or rescore.

The I/O around the pure cores in `history`, `diff` and `rescore`. A CASE argument is a
path when it ends in `.toml`, else a case reference looked up in the cases folder.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from thresholdcli.casework.history import History, ShippedIndex, check_pin, trajectory
from thresholdcli.errors import (
    CaseRefError,
    RecordError,
    ThresholdError,
    UnknownFrameworkError,
    UsageError,
)
from thresholdcli.framework import loader
from thresholdcli.records import reading
from thresholdcli.records.rules import check_case_ref

if TYPE_CHECKING:
    from thresholdcli.casework.diff import AssessmentDiff
    from thresholdcli.casework.followups import PinnedLookup
    from thresholdcli.casework.referral import Referral
    from thresholdcli.casework.rescore import Rescore
    from thresholdcli.framework.model import Framework
    from thresholdcli.records.model import Assessment, CaseRecord, FollowupDone, FrameworkPin


def locate(case: str, cases_dir: Path | None) -> Path:
    if case.endswith(".toml"):
        return Path(case)
    try:
        ref = check_case_ref(case)
    except CaseRefError as exc:
        raise CaseRefError(f"{exc} (to read a file, give its path ending in .toml)") from None
    directory = reading.cases_dir(cases_dir)
    path = reading.record_path(directory, ref)
    if not path.exists():
        hint = ""
        if reading.draft_path(directory, ref).exists():
            hint = f"; a draft exists: thresholdcli interview --resume {ref}"
        raise RecordError(f"no case record for {ref} in {directory}{hint}")
    return path


def load_case(case: str, cases_dir: Path | None) -> tuple[str, CaseRecord]:
    """The record and how to name it in output (the case reference, or the path given):
    read-only, validated (`reading.record_at`)."""
    return case, reading.record_at(locate(case, cases_dir))


def shipped_index() -> dict[str, list[tuple[str, str]]]:
    """Framework id -> [(version, content hash)] of the shipped files that load."""
    index: dict[str, list[tuple[str, str]]] = {}
    for path in loader.framework_files():
        try:
            found = loader.shipped_header(path)
        except ThresholdError:
            continue
        index.setdefault(found.id, []).append((found.version, found.digest))
    return index


def pinned_lookup(shipped: ShippedIndex) -> PinnedLookup:
    """For a pin: the pinned framework when its version is shipped (None otherwise), and
    a note when the file has changed or gone since. Each framework is loaded once."""
    cache: dict[tuple[str, str, str], tuple[Framework | None, str | None]] = {}

    def lookup(pin: FrameworkPin) -> tuple[Framework | None, str | None]:
        key = (pin.id, pin.version, pin.hash)
        if key not in cache:
            check = check_pin(pin, shipped)
            framework = None
            if check.state in ("current", "changed"):
                framework = loader.resolve_view(f"{pin.id}@{pin.version}")[0]
            cache[key] = (framework, check.notice)
        return cache[key]

    return lookup


def case_history(
    case: str, cases_dir: Path | None = None, as_of: datetime | None = None
) -> History:
    _, record = load_case(case, cases_dir)
    return trajectory(record, shipped_index(), as_of)


def case_diff(
    cases: list[str],
    first: int | None = None,
    second: int | None = None,
    cases_dir: Path | None = None,
) -> AssessmentDiff:
    """One case: two of its assessments (default the last two). Two cases or files: the
    latest assessment of each."""
    from thresholdcli.casework.diff import compare, pick, side

    shipped = shipped_index()
    if len(cases) == 1:
        source, record = load_case(cases[0], cases_dir)
        before, after = pick(record, first, second)
        names = domain_names(record.assessments[before - 1], record.assessments[after - 1])
        return compare(
            side(source, record, before, shipped), side(source, record, after, shipped), names
        )
    if len(cases) != 2:
        raise UsageError("diff takes one case, or two cases or files to compare")
    if first is not None or second is not None:
        raise UsageError("--from and --to pick assessments within one case; give one case")
    (source_a, a), (source_b, b) = (load_case(c, cases_dir) for c in cases)
    return compare(
        side(source_a, a, len(a.assessments), shipped),
        side(source_b, b, len(b.assessments), shipped),
        domain_names(a.latest, b.latest),
    )


def domain_names(*assessments: Assessment) -> dict[str, str]:
    """Domain names from the shipped frameworks the assessments used (ids if none is shipped)."""
    names: dict[str, str] = {}
    for assessment in assessments:
        try:
            names.update(loader.domain_names(assessment.framework.id))
        except ThresholdError:
            continue
    return names


def case_referral(
    case: str, now: datetime, cases_dir: Path | None = None, number: int | None = None
) -> Referral:
    """The referral summary of an assessment (default the latest)."""
    from thresholdcli.casework.referral import build_referral

    source, record = load_case(case, cases_dir)
    chosen = number if number is not None else len(record.assessments)
    if record.get(chosen) is None:
        count = len(record.assessments)
        raise UsageError(f"--assessment {chosen}: {source} has assessments 1 to {count}")
    shipped = shipped_index()
    pin = record.assessments[chosen - 1].framework
    check = check_pin(pin, shipped)
    framework, _ = pinned_lookup(shipped)(pin)
    current = loader.resolve_view(pin.id)[0] if pin.id in shipped else None
    return build_referral(record, chosen, framework, check, current, now)


def case_rescore(
    case: str,
    cases_dir: Path | None = None,
    number: int | None = None,
    framework: str | None = None,
) -> Rescore:
    """Score an assessment (default the latest) with the framework shipped now."""
    from thresholdcli.casework.rescore import rescore

    source, record = load_case(case, cases_dir)
    chosen = number if number is not None else len(record.assessments)
    assessment = record.get(chosen)
    if assessment is None:
        count = len(record.assessments)
        raise UsageError(f"--assessment {chosen}: {source} has assessments 1 to {count}")
    pin = assessment.framework
    try:
        current, digest = loader.resolve_view(framework or pin.id)
    except UnknownFrameworkError:
        if framework:
            raise
        raise UnknownFrameworkError(
            f"{source}: assessment {chosen} used {pin.id}@{pin.version}, which is not "
            "shipped; rescore with --framework ID"
        ) from None
    return rescore(record, chosen, current, digest, shipped_index())


class DoneRequest(NamedTuple):
    case: str
    item_id: str
    done_at: datetime
    now: datetime
    note: str = ""
    assessment: int | None = None


def mark_followup_done(
    request: DoneRequest, cases_dir: Path | None = None
) -> tuple[CaseRecord, FollowupDone]:
    """Append that one open to-do was done, under the case lock; the record's earlier
    bytes are kept exactly."""
    if request.case.endswith(".toml"):
        raise UsageError(
            "give the case reference, not a file: follow-ups are marked done in "
            "the cases folder, under its lock"
        )
    from thresholdcli.casework.todos import mark_done
    from thresholdcli.records import store

    locate(request.case, cases_dir)
    return store.append_followup_done(
        store.cases_dir(cases_dir),
        request.case,
        lambda record: mark_done(
            record,
            request.item_id,
            request.done_at,
            request.now,
            request.note,
            request.assessment,
        ),
    )
