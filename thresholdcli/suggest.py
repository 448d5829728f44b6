"""'Did you mean …?' for a mistyped id: the close matches among the ids that exist."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """` (did you mean "x"?)`, or "" when nothing is close."""
    candidates = sorted(set(known))
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if not found:
        lowered = {c.lower().replace("_", "-"): c for c in candidates}
        key = word.lower().replace("_", "-")
        found = [lowered[key]] if key in lowered else []
    return f' (did you mean "{found[0]}"?)' if found else ""
