"""Machine-readable batch output, written as the rows stream past: a JSON array or CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from thresholdcli.json_doc import SCHEMA_VERSION
from thresholdcli.safe_text import json_text, shown

Row = dict[str, Any]
CSV_COLUMNS = (
    "path",
    "case_ref",
    "framework",
    "suggested_rank",
    "suggested_name",
    "act_now",
    "immediate_danger",
    "reasons",
    "considerations",
    "warnings",
    "notices",
    "error",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_json_array(rows: Iterable[Row], out: TextIO) -> None:
    """A JSON document `{"schema_version": …, "results": [...]}` with one result a line,
    written item by item (never all held)."""
    write_json_lines((json_text(row) for row in rows), out)


def write_json_lines(rows: Iterable[str], out: TextIO) -> None:
    """`write_json_array` of rows already written as JSON text (`score.score_texts`)."""
    out.write(f'{{"schema_version": {SCHEMA_VERSION}, "results": [')
    separator = "\n"
    for row in rows:
        out.write(separator)
        out.write(row)
        separator = ",\n"
    out.write("\n]}\n" if separator != "\n" else "]}\n")


def write_csv(rows: Iterable[Row], out: TextIO) -> None:
    """One header line, then one line per file; lists are joined with ' | '."""
    writer = csv.writer(out)  # RFC 4180: CRLF, so a lone CR in a cell gets quoted too
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_cell(value) for value in csv_values(row)])


def csv_values(row: Row) -> list[object]:
    level = row.get("suggested") or {}
    framework = row.get("framework")
    reasons = [
        r["text"]
        + (" [" + ", ".join(i["id"] for i in r["indicators"]) + "]" if r["indicators"] else "")
        for r in row.get("reasons", [])
    ]
    return [
        row["path"],
        row.get("case_ref", ""),
        f"{framework['id']}@{framework['version']}" if framework else "",
        level.get("rank", ""),
        level.get("name", ""),
        _yes_no(row.get("act_now")),
        _yes_no(row.get("immediate_danger")),
        " | ".join(reasons),
        " | ".join(c["text"] for c in row.get("considerations", [])),
        " | ".join(row.get("warnings", [])),
        " | ".join(row.get("notices", [])),
        row.get("error") or "",
    ]


def _yes_no(value: object) -> str:
    return "" if value is None else ("yes" if value else "no")


def _cell(value: object) -> str:
    """A spreadsheet must not run a cell as a formula: quote text that could start one.
    Control characters are shown as escapes, so no cell carries a terminal sequence."""
    text = shown(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text
