"""Reading and writing case records and drafts: atomic, 0600, locked, deterministic TOML."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from thresholdcli.errors import ConcurrentSaveError, RecordError
from thresholdcli.records import toml_writer
from thresholdcli.records.model import (
    RECORD_FORMAT,
    Assessment,
    CaseRecord,
    FollowupDone,
    check_case_ref,
)
from thresholdcli.records.sheet import AnswerSheet

CASES_ENV = "THRESHOLDCLI_CASES"
DRAFTS = ".drafts"
LOCK_WAIT_SECONDS = 10.0
M = TypeVar("M", bound=BaseModel)
Migration = Callable[[dict[str, Any]], dict[str, Any]]
# MIGRATIONS[n] upgrades a format-n record (as parsed TOML) to format n + 1, in memory.
# When format 2 arrives: bump RECORD_FORMAT, add MIGRATIONS[1], and a test with a format 1 file.
MIGRATIONS: dict[int, Migration] = {}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ASSESSMENT_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*assessments[ \t]*\]\][ \t]*(#.*)?$", re.M)


def cases_dir(override: Path | None = None) -> Path:
    if override is not None:
        return override
    env = os.environ.get(CASES_ENV)
    return Path(env) if env else Path("cases")


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) as 0700; an existing folder is left as it is."""
    if not path.is_dir():
        if not path.parent.is_dir():
            ensure_private_dir(path.parent)
        path.mkdir(mode=0o700, exist_ok=True)
        os.chmod(path, 0o700)
    return path


def record_path(directory: Path, case_ref: str) -> Path:
    return directory / f"{check_case_ref(case_ref)}.toml"


def draft_path(directory: Path, case_ref: str) -> Path:
    return directory / DRAFTS / f"{check_case_ref(case_ref)}.toml"


# --- serialisation -----------------------------------------------------------------


def to_toml(model: BaseModel) -> str:
    """Deterministic TOML for `git diff`: model field order, one item per line, no nulls."""
    return toml_writer.dumps(_drop_none(model.model_dump(mode="python")))


def assessment_block(assessment: Assessment) -> str:
    """One `[[assessments]]` block, exactly as `to_toml` writes it inside a whole record."""
    return toml_writer.dumps({"assessments": [_drop_none(assessment.model_dump(mode="python"))]})


def followup_block(entry: FollowupDone) -> str:
    """One `[[followups_done]]` block, exactly as `to_toml` writes it inside a whole record."""
    return toml_writer.dumps({"followups_done": [_drop_none(entry.model_dump(mode="python"))]})


# Keys added after format 1 was first written: left out while empty, so records that do
# not use them keep exactly the bytes they always had.
OMITTED_WHEN_EMPTY = frozenset(
    {"followups_done", "framework_changed_from", "domains_not_looked_at"}
)


# Tables whose keys are the practitioner's own (e.g. a note's title), never field names.
FREE_TEXT_TABLES = frozenset({"notes"})


def _drop_none(value: Any, fields: bool = True) -> Any:
    if isinstance(value, dict):
        return {
            k: _drop_none(v, fields=k not in FREE_TEXT_TABLES)
            for k, v in value.items()
            if v is not None and not (fields and k in OMITTED_WHEN_EMPTY and not v)
        }
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def parse_toml_bytes(raw: bytes, name: str) -> dict[str, Any]:
    if not raw.strip():
        raise RecordError(f"{name}: the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError(f"{name}: not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RecordError(f"{name}: invalid TOML ({one_line(str(exc))})") from None
    except RecursionError:
        raise RecordError(f"{name}: invalid TOML (nested too deeply)") from None


def one_line(text: str) -> str:
    return _CONTROL.sub("?", text)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise RecordError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise RecordError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise RecordError(f"{path}: cannot read ({exc.strerror})") from None


def read_toml(path: Path) -> dict[str, Any]:
    return parse_toml_bytes(_read_bytes(path), str(path))


def validate_as(model: type[M], data: dict[str, Any], name: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(file)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        message = first["msg"].removeprefix("Value error, ")
        raise RecordError(one_line(f"{name}: {where}: {message}{more}")) from None


def migrate(data: dict[str, Any], name: str) -> dict[str, Any]:
    """Upgrade an older record format to the current one, in memory (the file is untouched)."""
    version = data.get("format")
    if version is None:
        raise RecordError(f"{name}: not a case record (no 'format' key)")
    if type(version) is not int or version < 1:
        raise RecordError(f"{name}: format: must be a record format number such as 1")
    if version > RECORD_FORMAT:
        raise RecordError(
            f"{name}: record format {version} is newer than this thresholdcli reads "
            f"({RECORD_FORMAT}); upgrade thresholdcli"
        )
    while version < RECORD_FORMAT:
        data = {**MIGRATIONS[version](data), "format": version + 1}
        version += 1
    return data


def record_from_data(data: dict[str, Any], name: str) -> CaseRecord:
    return validate_as(CaseRecord, migrate(data, name), name)


def record_from_bytes(raw: bytes, name: str) -> CaseRecord:
    return record_from_data(parse_toml_bytes(raw, name), name)


def load_record(path: Path) -> CaseRecord:
    return record_from_data(read_toml(path), str(path))


# --- writing -------------------------------------------------------------------------


def _temp_name(path: Path, pid: int | str) -> Path:
    return path.with_name(f".{path.name}.{pid}.tmp")


def atomic_write(path: Path, text: str) -> None:
    """Write via a temp file in the same directory, fsync, rename; the file is 0600."""
    ensure_private_dir(path.parent)
    tmp = _temp_name(path, os.getpid())
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def case_lock(
    directory: Path, case_ref: str, wait: float = LOCK_WAIT_SECONDS
) -> Iterator[None]:
    """An exclusive lock on one case; waits up to `wait` seconds, then refuses clearly."""
    ensure_private_dir(directory)
    lock_file = directory / f".{check_case_ref(case_ref)}.lock"
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ConcurrentSaveError(
                        f"case {case_ref} is being saved by another process; "
                        "nothing was lost, try again"
                    ) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)


def _remove_stale_temps(path: Path) -> None:
    """Temp files left by a killed save of this record (only called under its lock)."""
    for stale in path.parent.glob(_temp_name(path, "*").name):
        with contextlib.suppress(OSError):
            stale.unlink()


def append_assessment(directory: Path, case_ref: str, assessment: Assessment) -> CaseRecord:
    """Append under a lock, numbering the assessment. Earlier assessments are never
    rewritten: the new block is added after the file's existing bytes, kept exactly."""
    path = record_path(directory, case_ref)
    with case_lock(directory, case_ref):
        _remove_stale_temps(path)
        if not path.exists():
            numbered = assessment.model_copy(update={"number": 1})
            record = CaseRecord(case_ref=case_ref, assessments=[numbered])
            atomic_write(path, to_toml(record))
            return record
        raw = _read_bytes(path)
        data = parse_toml_bytes(raw, str(path))
        current = data.get("format") == RECORD_FORMAT
        record = record_from_data(data, str(path))
        if record.case_ref != case_ref:
            raise RecordError(
                f"{path}: case_ref is {record.case_ref!r}, not {case_ref!r} as its name says"
            )
        numbered = assessment.model_copy(update={"number": len(record.assessments) + 1})
        record = record.appended(numbered)
        text = _appended_text(raw, numbered, record) if current else None
        atomic_write(path, text if text is not None else to_toml(record))
    return record


def _appended_text(raw: bytes, assessment: Assessment, expected: CaseRecord) -> str | None:
    """The file's text plus the new block, when that is plainly safe: the file holds its
    assessments as `[[assessments]]` blocks (one header per assessment, as written here)
    and the block reads back as the assessment. Otherwise None: rewrite the whole file."""
    text = raw.decode("utf-8")
    if len(_ASSESSMENT_HEADER.findall(text)) != len(expected.assessments) - 1:
        return None
    block = assessment_block(assessment)
    if tomllib.loads(block)["assessments"] != [_drop_none(assessment.model_dump(mode="python"))]:
        return None
    return text + ("" if text.endswith("\n") else "\n") + "\n" + block


def append_followup_done(
    directory: Path, case_ref: str, entry_for: Callable[[CaseRecord], FollowupDone]
) -> tuple[CaseRecord, FollowupDone]:
    """Append a `[[followups_done]]` block under the case lock. `entry_for` is given the
    record as it is now (read under the lock) and returns the entry or raises. The file's
    existing bytes are kept exactly; if the block cannot be appended safely, nothing is
    written and the error says so. The record is never rewritten."""
    path = record_path(directory, case_ref)
    with case_lock(directory, case_ref):
        _remove_stale_temps(path)
        raw = _read_bytes(path)
        data = parse_toml_bytes(raw, str(path))
        written_as = data.get("format")
        record = record_from_data(data, str(path))
        if written_as != RECORD_FORMAT:
            raise RecordError(
                f"{path}: record format {written_as} is older than the one this thresholdcli "
                f"writes ({RECORD_FORMAT}); nothing was changed"
            )
        if record.case_ref != case_ref:
            raise RecordError(
                f"{path}: case_ref is {record.case_ref!r}, not {case_ref!r} as its name says"
            )
        entry = entry_for(record)
        updated = record.model_copy(update={"followups_done": [*record.followups_done, entry]})
        atomic_write(path, _text_with_block(raw, followup_block(entry), updated, str(path)))
    return updated, entry


def _text_with_block(raw: bytes, block: str, expected: CaseRecord, name: str) -> str:
    """The file's text, unchanged, then a blank line and `block` in the file's own line
    endings. Refused unless the result reads back as exactly `expected`."""
    text = raw.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    ending = "" if text.endswith("\n") else newline
    joined = text + ending + newline + block.replace("\n", newline)
    try:
        readable = record_from_bytes(joined.encode("utf-8"), name) == expected
    except RecordError:
        readable = False
    if not readable:
        raise RecordError(
            f"{name}: cannot append safely to this file as it is written; nothing was "
            "changed (check the file, or ask for help)"
        )
    return joined


def find_record(directory: Path, case_ref: str) -> CaseRecord | None:
    path = record_path(directory, case_ref)
    return load_record(path) if path.exists() else None


# --- drafts --------------------------------------------------------------------------


def save_draft(directory: Path, sheet: AnswerSheet) -> Path:
    assert sheet.case_ref is not None
    path = draft_path(directory, sheet.case_ref)
    ensure_private_dir(path.parent)
    atomic_write(path, to_toml(sheet))
    return path


def load_draft(directory: Path, case_ref: str) -> AnswerSheet | None:
    path = draft_path(directory, case_ref)
    if not path.exists():
        return None
    return validate_as(AnswerSheet, read_toml(path), str(path))


def delete_draft(directory: Path, case_ref: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        draft_path(directory, case_ref).unlink()


def list_drafts(directory: Path) -> list[Path]:
    return sorted((directory / DRAFTS).glob("*.toml"))


STDIN = Path("-")  # `--answers -`: read the answers from standard input


def load_sheet(path: Path) -> AnswerSheet:
    if path == STDIN:
        raw = sys.stdin.buffer.read()
        return validate_as(AnswerSheet, parse_toml_bytes(raw, "<stdin>"), "<stdin>")
    return validate_as(AnswerSheet, read_toml(path), str(path))
