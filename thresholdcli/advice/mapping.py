"""A common scale across authorities: which level(s) of one framework match a level of another.

Pure: no I/O. Each framework declares, per level, its place on the national scale
(universal, early help, targeted early help, statutory), how sure that is, and why
(`[levels.national]`). Two levels correspond when they share a place on that scale; the
mapping is never surer than the least sure of the levels it relies on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from thresholdcli.errors import UsageError
from thresholdcli.json_doc import framework_json

if TYPE_CHECKING:
    from thresholdcli.framework.model import CONFIDENCE, Framework, Level, NationalLevel

NATIONAL_ORDER: tuple[NationalLevel, ...] = (
    "universal",
    "early_help",
    "targeted_early_help",
    "statutory",
)
NATIONAL_WORDS: dict[str, str] = {
    "universal": "universal",
    "early_help": "early help",
    "targeted_early_help": "targeted early help",
    "statutory": "statutory (child in need s17 / child protection s47)",
}
_SURENESS: tuple[CONFIDENCE, ...] = ("low", "medium", "high")  # least sure first


class LevelMatch(NamedTuple):
    """A level of the target framework and what it shares with the source level."""

    level: Level
    shared: tuple[NationalLevel, ...]
    exact: bool


class LevelMapping(NamedTuple):
    source: Framework
    level: Level
    target: Framework
    matches: tuple[LevelMatch, ...]  # best first
    confidence: CONFIDENCE
    why: tuple[str, ...]
    ordinal_warning: str | None

    @property
    def best(self) -> LevelMatch | None:
        """The one match that is better than every other, if there is one (else a tie)."""
        first = self.matches[0]
        if len(self.matches) == 1:
            return first
        second = self.matches[1]
        if (first.exact, len(first.shared)) > (second.exact, len(second.shared)):
            return first
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "from": {
                "framework": framework_json(
                    self.source.id, self.source.version, authority=self.source.authority
                ),
                "level": _level_json(self.level),
            },
            "to": {
                "framework": framework_json(
                    self.target.id, self.target.version, authority=self.target.authority
                )
            },
            "matches": [
                {
                    **_level_json(m.level),
                    "shared": list(m.shared),
                    "exact": m.exact,
                    "best": m is self.best,
                }
                for m in self.matches
            ],
            "confidence": self.confidence,
            "why": list(self.why),
            "ordinal_warning": self.ordinal_warning,
        }


def _level_json(level: Level) -> dict[str, Any]:
    return {
        "rank": level.rank,
        "name": level.name,
        "national": list(level.national.levels),
        "confidence": level.national.confidence,
        "note": level.national.note,
    }


def national_words(level: Level) -> str:
    return " + ".join(NATIONAL_WORDS[n] for n in _ordered(level.national.levels))


def _ordered(levels: list[NationalLevel] | set[NationalLevel]) -> tuple[NationalLevel, ...]:
    return tuple(n for n in NATIONAL_ORDER if n in levels)


def map_level(source: Framework, rank: int, target: Framework) -> LevelMapping:
    """The level(s) of `target` that correspond to level `rank` of `source`, and how sure."""
    if not 1 <= rank <= source.top_rank:
        raise UsageError(
            f"level {rank} is not a level of {source.ref} (levels 1 to {source.top_rank})"
        )
    level = source.level(rank)
    if source.ref == target.ref:
        same = LevelMatch(level, _ordered(level.national.levels), True)
        identical = (f"{source.ref} is the same framework: level {rank} is level {rank}.",)
        return LevelMapping(source, level, target, (same,), "high", identical, None)
    wanted = set(level.national.levels)
    matches = [
        LevelMatch(other, _ordered(shared), set(other.national.levels) == wanted)
        for other in target.levels
        if (shared := wanted & set(other.national.levels))
    ]
    matches.sort(key=lambda m: (not m.exact, -len(m.shared), m.level.rank))
    why = [_place(source, level)]
    if not matches:
        nearest = _nearest(level, target)
        why.append(
            f"No level of {target.ref} shares a place on the national scale with it; "
            f"the nearest is level {nearest.rank} ({nearest.name})."
        )
        found = (LevelMatch(nearest, (), False),)
        return LevelMapping(
            source, level, target, found, "low", tuple(why), _ordinal_warning(source, target)
        )
    why.extend(_place(target, m.level, m) for m in matches)
    confidence, because = _confidence(source, level, matches, target)
    why.extend(because)
    if "statutory" in wanted:
        top = target.level(target.top_rank)
        why.append(
            f"Significant harm is the top level in every framework: in {target.ref} that is "
            f"level {top.rank} ({top.name})."
        )
    return LevelMapping(
        source,
        level,
        target,
        tuple(matches),
        confidence,
        tuple(why),
        _ordinal_warning(source, target),
    )


def _confidence(
    source: Framework, level: Level, matches: list[LevelMatch], target: Framework
) -> tuple[CONFIDENCE, list[str]]:
    """The least sure of the levels relied on, and never high when the match is not one-to-one."""
    used = [m.level for m in ([m for m in matches if m.exact] or matches)]
    relied = [(source, level), *((target, lv) for lv in used)]
    fw, least = min(relied, key=lambda pair: _SURENESS.index(pair[1].national.confidence))
    sureness = _SURENESS.index(least.national.confidence)
    because = []
    if sureness < _SURENESS.index("high"):
        because.append(
            "The mapping is no surer than the least sure level it relies on: "
            f"{fw.ref} level {least.rank} ({least.name}), {least.national.confidence} confidence."
        )
    medium = _SURENESS.index("medium")
    if not any(m.exact for m in matches):
        sureness = min(sureness, medium)
        because.append(
            f"No level of {target.ref} covers exactly the same part of the national scale."
        )
    if len(matches) > 1:
        sureness = min(sureness, medium)
        ranks = ", ".join(str(m.level.rank) for m in matches)
        because.append(f"More than one level of {target.ref} overlaps it (levels {ranks}).")
    return _SURENESS[sureness], because


def _place(fw: Framework, level: Level, match: LevelMatch | None = None) -> str:
    national = level.national
    note = f" {national.note}" if national.note else ""
    how = ""
    if match is not None:
        shared = " + ".join(n.replace("_", " ") for n in match.shared)
        how = " Same place on the national scale." if match.exact else f" Shares: {shared}."
    return (
        f"{fw.ref} level {level.rank} ({level.name}) is {national_words(level)} "
        f"on the national scale ({national.confidence} confidence).{note}{how}"
    )


def _nearest(level: Level, target: Framework) -> Level:
    """The closest level on the national scale; on a tie, the higher one (the safer error)."""
    mine = [NATIONAL_ORDER.index(n) for n in level.national.levels]

    def distance(other: Level) -> tuple[int, int]:
        theirs = [NATIONAL_ORDER.index(n) for n in other.national.levels]
        return (min(abs(a - b) for a in mine for b in theirs), -other.rank)

    return min(target.levels, key=distance)


def _mentions_thrive(fw: Framework) -> bool:
    texts = [fw.title, fw.note, *(lv.note for lv in fw.levels), *(lv.caption for lv in fw.levels)]
    texts += [lv.national.note for lv in fw.levels]
    return any("THRIVE" in text for text in texts)


def _ordinal_warning(source: Framework, target: Framework) -> str | None:
    """Frameworks with different numbers of levels do not match rank for rank."""
    if source.top_rank == target.top_rank:
        return None
    lines = []
    for fw in (source, target):
        if fw.top_rank == 5 and _mentions_thrive(fw):
            lines.append(
                f"{fw.ref} uses i-THRIVE's five levels, which are not a simple ordinal match "
                "for four-level frameworks: level N of one is not level N of the other."
            )
    if not lines:
        lines.append(
            f"{source.ref} has {source.top_rank} levels and {target.ref} has "
            f"{target.top_rank}: level N of one is not level N of the other."
        )
    lines.append("The match goes through each level's place on the national scale instead.")
    return " ".join(lines)
