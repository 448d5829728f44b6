"""Follow-ups across every case in a cases folder: each to-do not yet done, most urgent
first. Reads the records; the descriptions come from `casework.followups` (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from thresholdcli.batch.audit_files import read_records
from thresholdcli.batch.score import expand_paths
from thresholdcli.casework.followups import Followup, case_followups
from thresholdcli.casework.review import pinned_lookup, shipped_index
from thresholdcli.casework.todos import urgency
from thresholdcli.errors import RecordError
from thresholdcli.json_doc import SCHEMA_VERSION


@dataclass(frozen=True)
class FollowupList:
    as_of: datetime
    rows: tuple[Followup, ...]
    cases: int
    unreadable: tuple[str, ...]

    @property
    def overdue_count(self) -> int:
        return sum(row.overdue for row in self.rows)

    @property
    def readings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r for row in self.rows for r in row.readings))

    def to_json(self, show_notes: bool = False) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "as_of": self.as_of.isoformat(),
            "cases": self.cases,
            "open": len(self.rows),
            "overdue": self.overdue_count,
            "followups": [row.to_json(show_notes) for row in self.rows],
            "readings": list(self.readings),
            "unreadable": list(self.unreadable),
        }


def list_followups(directory: Path, as_of: datetime) -> FollowupList:
    """Every open to-do of every readable record in `directory`, most urgent first; a
    line per file that cannot be read."""
    if not directory.is_dir():
        raise RecordError(f"{directory}: no cases folder here (give --cases-dir FOLDER)")
    failures: list[str] = []
    lookup = pinned_lookup(shipped_index())
    rows: list[Followup] = []
    cases = 0
    for record in read_records(expand_paths([directory]), failures):
        cases += 1
        rows.extend(case_followups(record, as_of, lookup))
    rows.sort(key=lambda row: urgency(row.todo))
    return FollowupList(as_of, tuple(rows), cases, tuple(failures))
