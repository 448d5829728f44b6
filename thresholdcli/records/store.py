"""Reading and writing case records and drafts: atomic, 0600, locked, deterministic TOML."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import tomli_w
from pydantic import BaseModel, ValidationError

from thresholdcli.errors import ConcurrentSaveError, RecordError
from thresholdcli.records.model import RECORD_FORMAT, Assessment, CaseRecord, check_case_ref
from thresholdcli.records.sheet import AnswerSheet

CASES_ENV = "THRESHOLDCLI_CASES"
DRAFTS = ".drafts"
M = TypeVar("M", bound=BaseModel)


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
    """Deterministic TOML: field order from the model, one list item per line, no nulls."""
    return tomli_w.dumps(_drop_none(model.model_dump(mode="python")), multiline_strings=True)


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
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
        raise RecordError(f"{name}: invalid TOML ({exc})") from None


def read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RecordError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise RecordError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise RecordError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_toml_bytes(raw, str(path))


def validate_as(model: type[M], data: dict[str, Any], name: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(file)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        message = first["msg"].removeprefix("Value error, ")
        raise RecordError(f"{name}: {where}: {message}{more}") from None


def record_from_data(data: dict[str, Any], name: str) -> CaseRecord:
    version = data.get("format")
    if isinstance(version, int) and version > RECORD_FORMAT:
        raise RecordError(
            f"{name}: record format {version} is newer than this thresholdcli reads "
            f"({RECORD_FORMAT}); upgrade thresholdcli"
        )
    if version is None:
        raise RecordError(f"{name}: not a case record (no 'format' key)")
    return validate_as(CaseRecord, data, name)


def load_record(path: Path) -> CaseRecord:
    return record_from_data(read_toml(path), str(path))


# --- writing -------------------------------------------------------------------------


def atomic_write(path: Path, text: str) -> None:
    """Write via a temp file in the same directory, fsync, rename; the file is 0600."""
    ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
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
def case_lock(directory: Path, case_ref: str, wait: bool = True) -> Iterator[None]:
    ensure_private_dir(directory)
    lock_file = directory / f".{check_case_ref(case_ref)}.lock"
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        flags = fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB
        try:
            fcntl.flock(fd, flags)
        except BlockingIOError:
            raise ConcurrentSaveError(
                f"case {case_ref} is being saved by another process; try again"
            ) from None
        yield
    finally:
        os.close(fd)


def append_assessment(directory: Path, case_ref: str, assessment: Assessment) -> CaseRecord:
    """Append under a lock, numbering the assessment; earlier assessments are never rewritten."""
    path = record_path(directory, case_ref)
    with case_lock(directory, case_ref):
        if path.exists():
            record = load_record(path)
            numbered = assessment.model_copy(update={"number": len(record.assessments) + 1})
            record = record.appended(numbered)
        else:
            numbered = assessment.model_copy(update={"number": 1})
            record = CaseRecord(case_ref=case_ref, assessments=[numbered])
        atomic_write(path, to_toml(record))
    return record


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


def load_sheet(path: Path) -> AnswerSheet:
    return validate_as(AnswerSheet, read_toml(path), str(path))
