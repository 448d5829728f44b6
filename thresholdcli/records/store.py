"""Reading and writing case records and drafts: atomic, 0600, locked, deterministic TOML.

Records are written by `records.toml_writer`, not tomli-w: see docs/case-record.md
("Why a writer of its own") for the properties of the format that need it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from thresholdcli import safe_io
from thresholdcli.errors import ConcurrentSaveError, RecordError, ThresholdError
from thresholdcli.records import toml_writer
from thresholdcli.records.model import Assessment, CaseRecord, FollowupDone
from thresholdcli.records.reading import (
    CASES_ENV,
    DRAFTS,
    MIGRATIONS,
    cases_dir,
    draft_path,
    migrate,
    named_after_case,
    parse_toml_bytes,
    read_toml,
    record_path,
)
from thresholdcli.records.rules import RECORD_FORMAT, check_case_ref
from thresholdcli.records.sheet import AnswerSheet
from thresholdcli.safe_text import one_line
from thresholdcli.suggest import did_you_mean

# Finding and parsing files lives in `reading.py` (no pydantic); these names stay here too.
__all__ = [
    "CASES_ENV",
    "DRAFTS",
    "MIGRATIONS",
    "cases_dir",
    "draft_path",
    "migrate",
    "parse_toml_bytes",
    "read_toml",
    "record_path",
]
LOCK_WAIT_SECONDS = 10.0
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
M = TypeVar("M", bound=BaseModel)


def ensure_private_dir(path: Path) -> Path:
    """Make `path` ready to hold case records or drafts, or refuse in one line.

    A missing folder (and missing parents) is created 0700. An existing one must be a
    folder that belongs to this user; if others may read or write it, it is tightened to
    0700. A folder of another user is refused: anyone who can write into it could plant
    files, links or locks beside the records. (POSIX only: Windows folders keep their ACLs.)
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return _create_private_dir(path)
    except OSError as exc:
        raise RecordError(f"{path}: cannot use this folder ({safe_io.reason(exc)})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise RecordError(f"{path}: is a file, not a folder: give a folder for the case records")
    if not hasattr(os, "geteuid"):
        return path
    if info.st_uid != os.geteuid():
        raise RecordError(
            f"{path}: the folder belongs to another user, so records are not saved in it: "
            "use a folder of your own (--cases-dir or THRESHOLDCLI_CASES)"
        )
    if stat.S_IMODE(info.st_mode) & 0o077:
        try:
            os.chmod(path, PRIVATE_DIR)
        except OSError as exc:
            if stat.S_IMODE(info.st_mode) & 0o022:
                raise RecordError(
                    f"{path}: other users can write to this folder and it cannot be made "
                    f"private ({safe_io.reason(exc)}): run `chmod 700 {path}` or use another "
                    "folder"
                ) from None
    return path


def _create_private_dir(path: Path) -> Path:
    if not path.parent.exists():
        _create_private_dir(path.parent)
    try:
        path.mkdir(mode=PRIVATE_DIR)
        os.chmod(path, PRIVATE_DIR)  # mkdir's mode is reduced by the umask
    except FileExistsError:
        return ensure_private_dir(path)
    except OSError as exc:
        raise RecordError(f"{path}: cannot create the folder ({safe_io.reason(exc)})") from None
    return path


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
    {"followups_done", "framework_changed_from", "domains_not_looked_at", "guidance_ticked"}
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


def validate_as(model: type[M], data: dict[str, Any], name: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(file)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden" and len(first["loc"]) == 1:
            key = str(first["loc"][0])
            message = f"unknown key{did_you_mean(key, model.model_fields)}"
        raise RecordError(one_line(f"{name}: {where}: {message}{more}")) from None
    except RecursionError:
        raise RecordError(f"{name}: nested too deeply") from None


def record_from_data(data: dict[str, Any], name: str) -> CaseRecord:
    return validate_as(CaseRecord, migrate(data, name), name)


def record_from_bytes(raw: bytes, name: str) -> CaseRecord:
    return record_from_data(parse_toml_bytes(raw, name), name)


def record_in_file(data: dict[str, Any], path: Path) -> CaseRecord:
    """The record parsed from the file at `path`, which must be named after its case_ref:
    always the pydantic model (to write with; `reading.record_at` reads faster)."""
    return named_after_case(record_from_data(data, str(path)), path)


def load_record(path: Path) -> CaseRecord:
    return record_in_file(read_toml(path), path)


# --- writing -------------------------------------------------------------------------


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write whole or not at all, 0600, into a private folder (see `ensure_private_dir`)."""
    ensure_private_dir(path.parent)
    data = text.encode("utf-8") if isinstance(text, str) else text
    safe_io.write_atomic(path, data, PRIVATE_FILE, RecordError)


def file_lock(lock_file: Path, wait: float) -> Any:
    """An OS lock on `lock_file` (Windows, macOS, Linux: `filelock`), waiting up to `wait`
    seconds when acquired; a killed process releases it. A link at that name is refused."""
    with warnings.catch_warnings():  # "only soft file lock is available" where no fcntl
        warnings.simplefilter("ignore")
        from filelock import FileLock

    if lock_file.is_symlink():
        raise RecordError(
            f"{lock_file}: is a symbolic link, not a lock file; remove it and try again"
        )
    return FileLock(lock_file, timeout=wait, mode=PRIVATE_FILE)


def acquired(lock: Any, busy: str) -> bool:
    """Take `lock`; ConcurrentSaveError(`busy`) when another process holds it too long."""
    from filelock import Timeout

    try:
        return bool(lock.acquire())
    except Timeout:
        raise ConcurrentSaveError(busy) from None
    except OSError as exc:
        raise RecordError(f"cannot lock {lock.lock_file} ({safe_io.reason(exc)})") from None


@contextlib.contextmanager
def case_lock(directory: Path, case_ref: str, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """An exclusive lock on one case; waits up to `wait` seconds, then refuses clearly."""
    ensure_private_dir(directory)
    lock = file_lock(directory / f".{check_case_ref(case_ref)}.lock", wait)
    acquired(
        lock, f"case {case_ref} is being saved by another process; nothing was lost, try again"
    )
    try:
        yield
    finally:
        lock.release()


def _remove_stale_temps(path: Path) -> None:
    """Temp files left by a killed save of this record (only called under its lock)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def append_assessment(directory: Path, case_ref: str, assessment: Assessment) -> CaseRecord:
    """Append under a lock, numbering the assessment. Earlier assessments are never
    rewritten: the new block is added after the file's existing bytes, kept exactly,
    whatever its line endings. If that cannot be done safely, nothing is written."""
    path = record_path(directory, case_ref)
    with case_lock(directory, case_ref):
        _remove_stale_temps(path)
        if not os.path.lexists(path):
            numbered = assessment.model_copy(update={"number": 1})
            record = CaseRecord(case_ref=case_ref, assessments=[numbered])
            atomic_write(path, to_toml(record))
            return record
        if path.is_symlink():
            raise RecordError(
                f"{path}: is a symbolic link; a case record is saved only as a regular file "
                "in the cases folder: replace the link with the file"
            )
        raw = safe_io.read_input(path, RecordError)
        data = parse_toml_bytes(raw, str(path))
        record = record_in_file(data, path)
        numbered = assessment.model_copy(update={"number": len(record.assessments) + 1})
        record = record.appended(numbered)
        if data.get("format") == RECORD_FORMAT:
            block = assessment_block(numbered)
            atomic_write(path, appended_bytes(raw, block, record, str(path)))
        else:  # an older format, migrated: the one documented whole rewrite
            atomic_write(path, to_toml(record))
    return record


def appended_bytes(raw: bytes, block: str, expected: CaseRecord, name: str) -> bytes:
    """The file's bytes, kept exactly, then a blank line and `block` (e.g. a new
    `[[assessments]]`), in the file's line endings where that reads back the same.
    Refused (RecordError, nothing written) unless the result reads back as `expected`:
    e.g. a hand-edited file that writes its assessments as an inline array."""
    newline = "\r\n" if raw.partition(b"\n")[0].endswith(b"\r") else "\n"
    blocks = [block.replace("\n", newline), block] if newline != "\n" else [block]
    ending = b"" if raw.endswith(b"\n") else newline.encode()
    for candidate in blocks:
        joined = raw + ending + (newline + candidate).encode("utf-8")
        try:
            if record_from_bytes(joined, name) == expected:
                return joined
        except ThresholdError:
            pass
    raise RecordError(
        f"{name}: cannot add to this file safely after its existing text (the result would "
        "not read back as written); nothing was changed: check the file's TOML by hand"
    )


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
        raw = safe_io.read_input(path, RecordError)
        data = parse_toml_bytes(raw, str(path))
        written_as = data.get("format")
        record = record_in_file(data, path)
        if written_as != RECORD_FORMAT:
            raise RecordError(
                f"{path}: record format {written_as} is older than the one this thresholdcli "
                f"writes ({RECORD_FORMAT}); nothing was changed"
            )
        entry = entry_for(record)
        updated = record.model_copy(update={"followups_done": [*record.followups_done, entry]})
        atomic_write(path, appended_bytes(raw, followup_block(entry), updated, str(path)))
    return updated, entry


def find_record(directory: Path, case_ref: str) -> CaseRecord | None:
    path = record_path(directory, case_ref)
    return load_record(path) if os.path.lexists(path) else None


# --- drafts --------------------------------------------------------------------------


def save_draft(directory: Path, sheet: AnswerSheet) -> Path:
    assert sheet.case_ref is not None
    path = draft_path(directory, sheet.case_ref)
    ensure_private_dir(directory)
    ensure_private_dir(path.parent)
    data = to_toml(sheet).encode("utf-8")
    safe_io.write_atomic(path, data, PRIVATE_FILE, RecordError, what="save the draft")
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
        raw = sys.stdin.buffer.read(safe_io.MAX_INPUT_BYTES + 1)  # never without end
        if len(raw) > safe_io.MAX_INPUT_BYTES:
            limit = safe_io.size_text(safe_io.MAX_INPUT_BYTES)
            raise RecordError(f"<stdin>: larger than {limit}, the limit for input files")
        return validate_as(AnswerSheet, parse_toml_bytes(raw, "<stdin>"), "<stdin>")
    return validate_as(AnswerSheet, read_toml(path), str(path))
