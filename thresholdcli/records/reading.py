"""Finding and reading case records, answer sheets and case files: no pydantic needed.

The commands that only read (`history`, `diff`, `rescore`, `referral`, `score`) get a
record through `record` or `record_at`: a read-only view when `view.py` can take the data
exactly as the model would, else the pydantic model, validated as always (`store.py`). Either
way the record has been checked against every rule of the model; the view is only faster
to get. Writing (appending an assessment, marking a follow-up done) always reads through the
model in `store.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli

from thresholdcli import safe_io
from thresholdcli.errors import RecordError
from thresholdcli.records import view
from thresholdcli.records.rules import RECORD_FORMAT, check_case_ref
from thresholdcli.safe_text import one_line

if TYPE_CHECKING:
    from thresholdcli.records.model import CaseRecord
    from thresholdcli.records.sheet import AnswerSheet

CASES_ENV = "THRESHOLDCLI_CASES"
DRAFTS = ".drafts"
Migration = Callable[[dict[str, Any]], dict[str, Any]]
# MIGRATIONS[n] upgrades a format-n record (as parsed TOML) to format n + 1, in memory.
# When format 2 arrives: bump RECORD_FORMAT, add MIGRATIONS[1], and a test with a format 1 file.
MIGRATIONS: dict[int, Migration] = {}


def cases_dir(override: Path | None = None) -> Path:
    """The flag's folder, else $THRESHOLDCLI_CASES, else the settings file's, else ./cases."""
    if override is not None:
        return override
    from thresholdcli.records.settings import effective

    found = effective("cases_dir").value
    return Path(found).expanduser() if found else Path("cases")


def record_path(directory: Path, case_ref: str) -> Path:
    return directory / f"{check_case_ref(case_ref)}.toml"


def draft_path(directory: Path, case_ref: str) -> Path:
    return directory / DRAFTS / f"{check_case_ref(case_ref)}.toml"


def parse_toml_bytes(raw: bytes, name: str) -> dict[str, Any]:
    if not raw.strip():
        raise RecordError(f"{name}: the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError(f"{name}: not UTF-8 text") from None
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise RecordError(f"{name}: invalid TOML ({one_line(str(exc))})") from None
    except RecursionError:
        raise RecordError(f"{name}: invalid TOML (nested too deeply)") from None
    except ValueError:  # e.g. an integer of more digits than Python converts
        raise RecordError(f"{name}: invalid TOML (a number too long to read)") from None


def read_toml(path: Path) -> dict[str, Any]:
    return parse_toml_bytes(safe_io.read_input(path, RecordError), str(path))


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


def named_after_case(record: CaseRecord, path: Path) -> CaseRecord:
    """`record`, read from `path`: refused unless the file is named after its case."""
    if path.name != f"{record.case_ref}.toml":
        raise RecordError(
            f"{path}: holds case {record.case_ref}, but a record file is named after its "
            f"case: rename it {record.case_ref}.toml (or correct case_ref)"
        )
    return record


# --- read-only: a view when it can be, else the model --------------------------------


def record(data: dict[str, Any], name: str) -> CaseRecord:
    """The record in parsed `data`, validated: the view, or the model (with its error)."""
    current = migrate(data, name)
    found = view.case_record(current)
    if found is not None:
        return found
    from thresholdcli.records.model import CaseRecord
    from thresholdcli.records.store import validate_as

    return validate_as(CaseRecord, current, name)


def record_at(path: Path) -> CaseRecord:
    """The record in the file at `path`, validated and named after its case."""
    return named_after_case(record(read_toml(path), str(path)), path)


def sheet(data: dict[str, Any], name: str) -> AnswerSheet:
    """The answer sheet (or minimal case file) in parsed `data`, validated."""
    found = view.answer_sheet(data)
    if found is not None:
        return found
    from thresholdcli.records.sheet import AnswerSheet
    from thresholdcli.records.store import validate_as

    return validate_as(AnswerSheet, data, name)
