"""Who owns a case's draft: the one interview that holds its session lock.

An interview claims its case reference for as long as it runs. While it holds the claim no
other interview can start on that reference, so a kept draft is only ever replaced by its
own continuation, and a finished interview deletes only the draft it wrote or resumed.
The claim is an OS lock: a killed process releases it, and its draft stays for `--resume`.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from thresholdcli.errors import ConcurrentSaveError
from thresholdcli.records import store
from thresholdcli.records.model import check_case_ref
from thresholdcli.records.sheet import AnswerSheet


class CaseInUseError(ConcurrentSaveError):
    """Another interview of the same case reference is running."""


@dataclass(frozen=True)
class DraftInfo:
    case_ref: str
    framework: str | None
    saved_at: datetime
    domains_answered: int


def _lock_path(directory: Path, case_ref: str) -> Path:
    return directory / store.DRAFTS / f".{check_case_ref(case_ref)}.session.lock"


class Claim:
    """The running interview's hold on one case reference (release it when done)."""

    def __init__(self, directory: Path, case_ref: str) -> None:
        self.directory = directory
        self.case_ref = case_ref
        store.ensure_private_dir(directory)
        store.ensure_private_dir(directory / store.DRAFTS)
        lock = store.file_lock(_lock_path(directory, case_ref), wait=0)  # filelock: any OS
        try:
            store.acquired(lock, "")
        except ConcurrentSaveError:
            raise CaseInUseError(
                f"case {case_ref} is open in another interview right now; "
                "finish or stop that one first, or give another reference"
            ) from None
        self._lock: Any = lock

    @property
    def held(self) -> bool:
        return self._lock is not None

    def save(self, sheet: AnswerSheet) -> None:
        if self._lock is None or sheet.case_ref != self.case_ref:
            raise ConcurrentSaveError(f"the draft of {sheet.case_ref} is not this interview's")
        store.save_draft(self.directory, sheet)

    def delete_draft(self) -> None:
        if self._lock is not None:
            store.delete_draft(self.directory, self.case_ref)

    def release(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self._lock.release()
            self._lock = None


def draft_info(directory: Path, case_ref: str) -> DraftInfo | None:
    """What a kept draft holds, for the offer to resume it (None when there is none)."""
    path = store.draft_path(directory, case_ref)
    if not path.exists():
        return None
    sheet = store.load_draft(directory, case_ref)
    if sheet is None:
        return None
    saved = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)
    return DraftInfo(case_ref, sheet.framework, saved, len(sheet.domains))
