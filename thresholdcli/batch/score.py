"""Scoring files: saved case records and minimal hand-written case files.

A batch streams: paths are expanded lazily, each file is scored on its own (against the
framework version pinned in it) and turned into one plain-data row, so memory stays flat
however many files there are. `--jobs N` scores chunks in N worker processes, in order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from thresholdcli.advice.scoring import (
    Answers,
    Result,
    consideration_json,
    reason_json,
    score,
)
from thresholdcli.batch.row_text import RowTexts
from thresholdcli.errors import ThresholdError, UsageError
from thresholdcli.framework import loader
from thresholdcli.json_doc import framework_json, level_json
from thresholdcli.records import reading

if TYPE_CHECKING:
    from thresholdcli.framework.model import Framework


@dataclass(frozen=True)
class FileScore:
    path: str
    framework: Framework | None = None
    result: Result | None = None
    error: str | None = None
    notices: tuple[str, ...] = ()
    case_ref: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path}
        if self.case_ref is not None:
            data["case_ref"] = self.case_ref
        if self.framework is not None:
            data["framework"] = framework_json(self.framework.id, self.framework.version)
        if self.result is None or self.framework is None:
            data["error"] = self.error
            return data
        result, fw = self.result, self.framework
        data["suggested"] = level_json(result.suggested, fw.level(result.suggested).name)
        data["act_now"] = result.act_now
        data["immediate_danger"] = result.immediate_danger
        data["reasons"] = [reason_json(r) for r in result.reasons]
        data["considerations"] = [consideration_json(c) for c in result.considerations]
        data["see_also"] = [
            {
                "ticked": k.ticked.id,
                "linked": k.other.id,
                "level": k.other.level,
                "text": k.explanation,
                "reading": k.reading,
            }
            for k in result.links
        ]
        data["protective_factors_recorded"] = bool(result.protective_factors)
        data["warnings"] = list(result.warnings)
        data["unknown_indicators"] = list(result.unknown_ids)
        data["notices"] = list(self.notices)
        return data


Resolver = Callable[[str], "tuple[Framework, str]"]


@dataclass
class CachedResolver:
    """`loader.resolve_view` remembered per reference for one batch (failures too). Scoring
    only reads a framework, so the cached pydantic-free view serves (see framework/view.py)."""

    resolve: Resolver = loader.resolve_view
    _seen: dict[str, tuple[Framework, str] | ThresholdError] = field(default_factory=dict)

    def __call__(self, ref: str) -> tuple[Framework, str]:
        found = self._seen.get(ref)
        if found is None:
            try:
                found = self.resolve(ref)
            except ThresholdError as exc:
                found = exc
            self._seen[ref] = found
        if isinstance(found, ThresholdError):
            raise found
        return found


@dataclass(frozen=True)
class CaseInput:
    ref: str
    answers: Answers
    notices: tuple[str, ...] = ()
    case_ref: str | None = None


def answers_from_file(path: Path, resolve: Resolver = loader.resolve) -> CaseInput:
    """Read a case record (its latest assessment) or a minimal case file. A record is
    validated by the model (faster than the view over many records); a case file by the
    view where it can be (`records/view.py`), so a batch of them needs no pydantic."""
    data = reading.read_toml(path)
    if "assessments" in data or "format" in data:
        from thresholdcli.records import store

        record = store.record_in_file(data, path)
        latest = record.latest
        pin = latest.framework
        framework, digest = _resolve_pinned(pin.id, pin.version, resolve)
        notices = []
        if framework.version != pin.version:
            notices.append(
                f"recorded with {pin.id}@{pin.version}, which is not shipped; "
                f"scored with {framework.ref}"
            )
        elif digest != pin.hash:
            notices.append(f"{framework.ref} has changed since this assessment was recorded")
        answers = Answers.of(
            latest.ticked_ids, latest.immediate_danger, latest.age, latest.strengths
        )
        return CaseInput(framework.ref, answers, tuple(notices), record.case_ref)
    sheet = reading.sheet(data, str(path))
    if not sheet.framework:
        raise ThresholdError(f"{path}: missing 'framework' (an id, or id@version)")
    answers = Answers.of(
        sheet.all_ticked(), bool(sheet.immediate_danger), sheet.age, sheet.strengths or ""
    )
    return CaseInput(sheet.framework, answers, (), sheet.case_ref)


def _resolve_pinned(
    framework_id: str, version: str, resolve: Resolver = loader.resolve
) -> tuple[Framework, str]:
    try:
        return resolve(f"{framework_id}@{version}")
    except ThresholdError:
        return resolve(framework_id)


def score_file(path: Path, resolve: Resolver = loader.resolve) -> FileScore:
    """Score one file; any problem becomes a one-line `error`, never an exception."""
    try:
        case = answers_from_file(path, resolve)
        framework, _ = resolve(case.ref)
        result = score(framework, case.answers)
    except ThresholdError as exc:
        message = str(exc)
        named = message if message.startswith(f"{path}:") else f"{path}: {message}"
        return FileScore(str(path), error=named)
    except Exception as exc:  # one odd file must not stop a whole batch
        return FileScore(str(path), error=f"{path}: internal error ({type(exc).__name__})")
    if result.unknown_ids:
        shown = ", ".join(result.unknown_ids[:5])
        return FileScore(
            str(path),
            framework,
            error=f"{path}: unknown indicator id(s) for {framework.ref}: {shown}",
            case_ref=case.case_ref,
        )
    return FileScore(str(path), framework, result, notices=case.notices, case_ref=case.case_ref)


STDIN = Path("-")
MAX_PATH_CHARS = 4096  # a line of stdin longer than this is not a path (e.g. /dev/zero)


def expand_paths(paths: Iterable[Path], stdin: Iterable[str] = ()) -> Iterator[Path]:
    """Files as given; directories recursively (*.toml, drafts and hidden files skipped);
    `-` reads further paths from `stdin`, one a line. Lazy: one folder listing at a time."""
    for path in paths:
        if path == STDIN:
            listed = (Path(line.rstrip("\r\n")) for line in stdin_lines(stdin) if line.strip())
            yield from expand_paths(p for p in listed if p != STDIN)
        elif path.is_dir():
            yield from _walk(path)
        else:
            yield path


def stdin_lines(stdin: Iterable[str]) -> Iterator[str]:
    """Lines of `stdin`, refusing one longer than a path can be (never read without end)."""
    readline = getattr(stdin, "readline", None)
    lines = iter(lambda: readline(MAX_PATH_CHARS + 1), "") if readline else iter(stdin)
    for line in lines:
        if len(line.rstrip("\r\n")) > MAX_PATH_CHARS:
            raise UsageError(
                f"a line read from standard input is longer than {MAX_PATH_CHARS} "
                "characters: give one path a line"
            )
        yield line


def _walk(folder: Path) -> Iterator[Path]:
    """Depth first, entries in name order (the order of `sorted(rglob)`); hidden ones and
    symlinked folders skipped."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.name.endswith(".toml") and entry.is_file():
            yield Path(entry.path)


def score_files(paths: Iterable[Path], stdin: Iterable[str] = ()) -> Iterator[FileScore]:
    resolve = CachedResolver()
    for path in expand_paths(paths, stdin):
        yield score_file(path, resolve)


# --- batches ----------------------------------------------------------------------------

Row = dict[str, Any]


class RowText(NamedTuple):
    """A scored file's JSON row as text (`FileScore.to_json`, as `json_text` writes it)."""

    text: str
    failed: bool


Scored = TypeVar("Scored", Row, RowText, FileScore)
CHUNK = 64  # files per task sent to a worker process


def score_rows(
    paths: Iterable[Path], jobs: int = 1, strict: bool = False, chunk: int = CHUNK
) -> Generator[Row, None, None]:
    """Score each file, in input order, as plain-data rows (`FileScore.to_json`).

    Lazy: nothing is held beyond the row being written. With `jobs` > 1 the files are
    scored in that many worker processes; with `strict` the batch stops after the first
    row that has an `error`. Close the iterator to stop early (workers are terminated).
    """
    return _batch(paths, "row", jobs, strict, chunk)


def score_texts(
    paths: Iterable[Path], jobs: int = 1, strict: bool = False, chunk: int = CHUNK
) -> Generator[RowText, None, None]:
    """`score_rows`, each row as the JSON text `--format json` writes (`row_text.py`)."""
    return _batch(paths, "text", jobs, strict, chunk)


def _batch(
    paths: Iterable[Path], kind: str, jobs: int, strict: bool, chunk: int
) -> Generator[Any, None, None]:
    jobs = worker_count(jobs)
    made = _parallel(paths, kind, jobs, chunk) if jobs > 1 else _serial(paths, kind)
    try:
        for item in made:
            yield item
            if strict and _failed(item):
                return
    finally:
        made.close()


def _failed(item: Row | RowText | FileScore) -> bool:
    if isinstance(item, FileScore):
        return item.error is not None
    if isinstance(item, RowText):
        return item.failed
    return "error" in item


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def worker_count(jobs: int) -> int:
    """`--jobs`, capped at the CPUs there are: more processes only add memory and start-up."""
    return max(1, min(jobs, usable_cpus()))


def job_count(given: str) -> int:
    """`--jobs`: a number of processes, or `auto` for one per CPU there is (a number is
    capped at that by `score_rows`)."""
    if given == "auto":
        return usable_cpus()
    if given.isascii() and given.isdigit() and int(given) >= 1:
        return int(given)
    raise UsageError(f"--jobs {given!r}: give a number of processes (1 or more) or auto")


class _Maker:
    """Scores one file into a row or a row's text, with one batch's caches."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.resolve = CachedResolver()
        self.texts = RowTexts()

    def __call__(self, path: Path) -> Row | RowText:
        scored = score_file(path, self.resolve)
        if self.kind == "row":
            return scored.to_json()
        return RowText(self.texts.text(scored), scored.error is not None)


def _serial(paths: Iterable[Path], kind: str) -> Generator[Row | RowText, None, None]:
    make = _Maker(kind)
    for path in paths:
        yield make(path)


def score_each(paths: Iterable[Path], strict: bool = False) -> Generator[FileScore, None, None]:
    """Score each file in this process, in order, keeping the full results (for the table)."""
    resolve = CachedResolver()
    for path in paths:
        scored = score_file(path, resolve)
        yield scored
        if strict and scored.error is not None:
            return


def _parallel(
    paths: Iterable[Path], kind: str, jobs: int, chunk: int
) -> Generator[Row | RowText, None, None]:
    import multiprocessing

    for shipped in loader.shipped_headers():  # load once here; forked workers inherit them
        loader.resolve_view(shipped.ref)
    with multiprocessing.Pool(jobs, initializer=_start_worker, initargs=(kind,)) as pool:
        yield from pool.imap(_worker_item, (str(p) for p in paths), chunksize=chunk)


_worker_make: _Maker | None = None


def _start_worker(kind: str) -> None:
    global _worker_make
    _worker_make = _Maker(kind)


def _worker_item(path: str) -> Row | RowText:
    assert _worker_make is not None, "a worker is started by _start_worker"
    return _worker_make(Path(path))


@dataclass
class Tally:
    """Counts scored and failed files as rows (or `FileScore`s) stream past."""

    scored: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.scored + self.failed

    def count(self, rows: Iterable[Scored]) -> Generator[Scored, None, None]:
        for row in rows:
            if _failed(row):
                self.failed += 1
            else:
                self.scored += 1
            yield row
