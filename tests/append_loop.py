"""Append assessments to one case in a loop, printing "saved N" after each save.

Used by the crash and concurrent-save tests:
    python tests/append_loop.py CASES_DIR CASE_REF TAG [COUNT]   (COUNT 0: forever)
"""

from __future__ import annotations

import sys
from pathlib import Path

from thresholdcli.records import store

TEMPLATE = Path(__file__).parent / "golden" / "C-200.toml"


def main() -> None:
    cases, case_ref, tag = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    template = store.load_record(TEMPLATE).assessments[0]
    assessment = template.model_copy(update={"assessor_role": tag})
    saved = 0
    while count == 0 or saved < count:
        record = store.append_assessment(cases, case_ref, assessment)
        saved += 1
        print(f"saved {record.latest.number}", flush=True)


if __name__ == "__main__":
    main()
