"""Map a pydantic error location (e.g. ('indicators', 12, 'level')) to a TOML line number."""

from __future__ import annotations

import re

_TABLE = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]\s*$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def line_of(text: str, loc: tuple[int | str, ...]) -> int | None:
    """Best-effort line for `loc`; None when it cannot be placed."""
    lines = text.splitlines()
    if not loc:
        return None
    head = loc[0]
    if len(loc) >= 2 and isinstance(loc[1], int):
        index = loc[1]
        count = -1
        for number, line in enumerate(lines, start=1):
            match = _TABLE.match(line)
            if match and match.group(1) == head:
                count += 1
                if count == index:
                    start = number
                    key = loc[2] if len(loc) > 2 and isinstance(loc[2], str) else None
                    return _key_line(lines, start, key) or start
        return None
    return _key_line(lines, 0, str(head), top_level=True)


def _key_line(lines: list[str], start: int, key: str | None, top_level: bool = False) -> int | None:
    if key is None:
        return None
    for number in range(start, len(lines)):
        line = lines[number]
        if number > start and line.lstrip().startswith("[") and not top_level:
            return None
        if top_level and line.lstrip().startswith("["):
            return None
        match = _KEY.match(line)
        if match and match.group(1) == key:
            return number + 1
    return None
