"""A deterministic TOML writer made for `git diff`.

Rules (see docs/case-record.md): keys keep the model's order; within a table, plain keys
come first, then sub-tables and arrays of tables in order; every list of records is an
array of tables (`[[...]]`, one key per line, never an inline table); every list of values
has one item per line; text with line breaks is a multi-line string, one line per line.
Reading the output with `tomllib` gives back exactly the data written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
INDENT = "    "


def dumps(data: Mapping[str, Any]) -> str:
    """The whole document; it ends with exactly one newline."""
    lines: list[str] = []
    _table(lines, (), data)
    while lines and lines[0] == "":
        lines.pop(0)
    return "\n".join(lines) + "\n"


def _is_section(value: Any) -> bool:
    """Written under its own header: a non-empty table or a non-empty list of tables."""
    if isinstance(value, Mapping):
        return bool(value)
    return (
        isinstance(value, list) and bool(value) and all(isinstance(item, Mapping) for item in value)
    )


def _table(lines: list[str], path: tuple[str, ...], table: Mapping[str, Any]) -> None:
    sections = []
    for key, value in table.items():
        if _is_section(value):
            sections.append((key, value))
        else:
            lines.extend(_key_value(key, value))
    for key, value in sections:
        child = (*path, key)
        header = ".".join(_key(part) for part in child)
        if isinstance(value, Mapping):
            if not all(_is_section(v) for v in value.values()):
                lines.extend(["", f"[{header}]"])  # else its sub-tables define it
            _table(lines, child, value)
        else:
            for item in value:
                lines.extend(["", f"[[{header}]]"])
                _table(lines, child, item)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _basic(key)


def _key_value(key: str, value: Any) -> list[str]:
    if isinstance(value, list):
        if not value:
            return [f"{_key(key)} = []"]
        items = [f"{INDENT}{_scalar(item, multiline=False)}," for item in value]
        return [f"{_key(key)} = [", *items, "]"]
    if isinstance(value, Mapping):  # only an empty one reaches here
        return [f"{_key(key)} = {{}}"]
    return [f"{_key(key)} = {_scalar(value, multiline=True)}"]


def _scalar(value: Any, multiline: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _multiline(value) if multiline and "\n" in value else _basic(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Sequence | Mapping):
        raise TypeError("nested lists and lists of mixed tables are not written")
    raise TypeError(f"cannot write a {type(value).__name__} to TOML")


def _escape_char(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    return f"\\u{ord(char):04X}"


# One pass of `re.sub` per string (a 5 MB note is written in moments, not seconds).
_BASIC_SPECIAL = re.compile('["\\\\\x00-\x08\x0a-\x1f\x7f]')  # all but tab
# In a multi-line string: a backslash, a quote that another quote or the closing
# delimiter follows (two unescaped quotes never meet), and controls but tab and newline.
_MULTILINE_SPECIAL = re.compile('\\\\|"(?="|\\Z)|[\x00-\x08\x0b-\x1f\x7f]')


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return "\\" + char if char in '"\\' else _escape_char(char)


def _basic(text: str) -> str:
    return '"' + _BASIC_SPECIAL.sub(_escaped, text) + '"'


def _multiline(text: str) -> str:
    """`\"\"\"` + newline (which TOML drops) + the text, its lines kept as lines."""
    return '"""\n' + _MULTILINE_SPECIAL.sub(_escaped, text) + '"""'
