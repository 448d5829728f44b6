"""Map a pydantic error location (e.g. ('indicators', 12, 'level')) to a TOML line number.

The file is indexed once (`TomlIndex`), so placing every problem of a file with thousands
of them stays linear in the size of the file.
"""

from __future__ import annotations

import re

_TABLE = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]\s*$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
TOP = 0  # the section before the first table header


class TomlIndex:
    """Where each `[[table]]` starts and, per section, the first line of each key."""

    def __init__(self, text: str) -> None:
        self.tables: dict[str, list[int]] = {}
        self.keys: dict[int, dict[str, int]] = {TOP: {}}
        section = TOP
        for number, line in enumerate(text.splitlines(), start=1):
            if line.lstrip().startswith("["):
                section = number
                self.keys[section] = {}
                match = _TABLE.match(line)
                if match:
                    self.tables.setdefault(match.group(1), []).append(number)
                continue
            match = _KEY.match(line)
            if match:
                self.keys[section].setdefault(match.group(1), number)

    def line_of(self, loc: tuple[int | str, ...]) -> int | None:
        """Best-effort line for `loc`; None when it cannot be placed."""
        if not loc:
            return None
        head = str(loc[0])
        if len(loc) >= 4 and isinstance(loc[1], int) and isinstance(loc[3], int):
            return self._nested(head, loc[1], str(loc[2]), loc[3], loc[4:])
        if len(loc) >= 2 and isinstance(loc[1], int):
            starts = self.tables.get(head, [])
            if not 0 <= loc[1] < len(starts):
                return None
            start = starts[loc[1]]
            key = loc[2] if len(loc) > 2 and isinstance(loc[2], str) else None
            found = self.keys[start].get(key) if key is not None else None
            return found or start
        return self.keys[TOP].get(head)


    def _nested(
        self, head: str, index: int, sub: str, sub_index: int, rest: tuple[int | str, ...]
    ) -> int | None:
        """A key of the `sub_index`-th [[head.sub]] table inside the `index`-th [[head]] one
        (e.g. a contact's `printed_for`)."""
        starts = self.tables.get(head, [])
        if not 0 <= index < len(starts):
            return None
        end = starts[index + 1] if index + 1 < len(starts) else float("inf")
        inside = [n for n in self.tables.get(f"{head}.{sub}", []) if starts[index] < n < end]
        if not 0 <= sub_index < len(inside):
            return None
        start = inside[sub_index]
        key = rest[0] if rest and isinstance(rest[0], str) else None
        found = self.keys[start].get(key) if key is not None else None
        return found or start


def line_of(text: str, loc: tuple[int | str, ...]) -> int | None:
    """Best-effort line for `loc` in `text` (indexes the text: for one look-up only)."""
    return TomlIndex(text).line_of(loc)
