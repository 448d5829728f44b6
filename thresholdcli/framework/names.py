"""Naming a framework: case-insensitive ids, and "did you mean …?" for a near miss. Pure.

A framework is named by its id (`hull`) or `id@version`; case and surrounding spaces do not
matter. A name that is not an id is never taken as one: it only gets a suggestion, so a
mistyped name can never silently pick a framework.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

SUGGEST_FROM = 75.0  # rapidfuzz WRatio (0-100) at which a shipped name counts as close


class Named(NamedTuple):
    """What a shipped framework can be called by: its id, version and authority."""

    id: str
    version: str
    authority: str = ""
    superseded: bool = False


def split_ref(ref: str) -> tuple[str, str]:
    """`" Hull@2024 "` -> `("hull", "2024")`: the id lowercased, the version as given."""
    wanted_id, _, version = ref.strip().partition("@")
    return wanted_id.strip().lower(), version.strip()


def matching(ref: str, shipped: Sequence[Named]) -> list[int]:
    """Positions in `shipped` of the frameworks `ref` names exactly (ignoring case)."""
    wanted_id, version = split_ref(ref)
    return [
        n
        for n, named in enumerate(shipped)
        if named.id.lower() == wanted_id
        and (not version or named.version.lower() == version.lower())
    ]


def closest(ref: str, shipped: Sequence[Named]) -> str | None:
    """The shipped id nearest to `ref` (by id or authority), current before superseded."""
    wanted_id, _ = split_ref(ref)
    if not wanted_id:
        return None
    from rapidfuzz import fuzz

    best: tuple[float, bool, str] | None = None
    for named in shipped:
        score = max(
            fuzz.WRatio(wanted_id, named.id.lower()),
            fuzz.WRatio(wanted_id, named.authority.lower()) if named.authority else 0.0,
        )
        if score < SUGGEST_FROM:
            continue
        key = (score, not named.superseded, named.id)
        if best is None or key > best:
            best = key
    return best[2] if best else None


def unknown_message(ref: str, shipped: Sequence[Named]) -> str:
    """One line: what was not found, the nearest name, and every name there is."""
    wanted_id, version = split_ref(ref)
    ids = sorted({named.id for named in shipped})
    same_id = [named for named in shipped if named.id.lower() == wanted_id]
    if same_id and version:
        versions = ", ".join(sorted(named.version for named in same_id))
        return (
            f"framework {same_id[0].id} has no version {version!r} (shipped: {versions}); "
            f"give {same_id[0].id} alone for the newest"
        )
    near = closest(ref, shipped)
    hint = f": did you mean {near}?" if near else ""
    return f"unknown framework {ref.strip()!r}{hint} (known: {', '.join(ids) or 'none'})"
