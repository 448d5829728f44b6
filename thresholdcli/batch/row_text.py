"""A scored file's JSON row as text, made from pieces the rows of one batch share.

`RowTexts().text(scored)` is exactly `json_text(scored.to_json())`, the row `score --format
json` writes, only faster over many files: what a framework's rows have in common (its
name, level names, indicators, reasons, links and accumulation prompts) is encoded once per
batch and joined, and only what is the file's own (its path, notices, warnings) is encoded
per file. Joining works because both json's encoder and `json_text`'s escaping work piece by
piece: a JSON object is its keys and values written with `", "` and `": "` between them, and
`json_text` escapes character by character. `tests/test_batch_rows.py` checks the equality.

Each piece is kept under the very values it is made from (never an object's identity alone),
so a piece can never stand for other data; there are as many as a framework has indicators,
links and rules, whatever the number of files.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from thresholdcli.advice.scoring import Consideration, Link, Reason, consideration_json
from thresholdcli.json_doc import framework_json, level_json
from thresholdcli.safe_text import json_text

if TYPE_CHECKING:
    from thresholdcli.batch.score import FileScore
    from thresholdcli.framework.model import Indicator


def _scalar(value: object) -> str:
    """`json_text(value)` for a flag, without the encoder for the commonest values."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return json_text(value)


def _strings(values: tuple[str, ...]) -> str:
    return json_text(list(values)) if values else "[]"


class RowTexts:
    """The JSON rows of one batch (see the module docstring)."""

    def __init__(self) -> None:
        self._pieces: dict[Hashable, Any] = {}

    def _piece(self, key: Hashable, make: Callable[[], Any]) -> str:
        found = self._pieces.get(key)
        if found is None:
            found = self._pieces[key] = json_text(make())
        text: str = found
        return text

    def text(self, scored: FileScore) -> str:
        parts = ['{"path": ', json_text(scored.path)]
        if scored.case_ref is not None:
            parts += [', "case_ref": ', json_text(scored.case_ref)]
        fw = scored.framework
        if fw is not None:
            key = ("framework", fw.id, fw.version)
            parts += [', "framework": ', self._piece(key, lambda: framework_json(*key[1:]))]
        result = scored.result
        if result is None or fw is None:
            parts += [', "error": ', json_text(scored.error), "}"]
            return "".join(parts)
        name = fw.level(result.suggested).name
        level = self._piece(
            ("level", result.suggested, name), lambda: level_json(result.suggested, name)
        )
        parts += [
            ', "suggested": ',
            level,
            ', "act_now": ',
            _scalar(result.act_now),
            ', "immediate_danger": ',
            _scalar(result.immediate_danger),
            ', "reasons": [',
            ", ".join(self._reason(r) for r in result.reasons),
            '], "considerations": [',
            ", ".join(self._consideration(c) for c in result.considerations),
            '], "see_also": [',
            ", ".join(self._link(k) for k in result.links),
            '], "protective_factors_recorded": ',
            _scalar(bool(result.protective_factors)),
            ', "warnings": ',
            _strings(result.warnings),
            ', "unknown_indicators": ',
            _strings(result.unknown_ids),
            ', "notices": ',
            _strings(scored.notices),
            "}",
        ]
        return "".join(parts)

    def _reason(self, reason: Reason) -> str:
        """`reason_json(reason)`: its rule, level, words and reading, then its indicators."""
        key = ("reason", reason.rule, reason.level, reason.explanation, reason.reading)
        head = self._pieces.get(key)
        if head is None:
            whole = json_text(
                {
                    "rule": reason.rule,
                    "level": reason.level,
                    "text": reason.explanation,
                    "reading": reason.reading,
                    "indicators": [],
                }
            )
            head = self._pieces[key] = whole.removesuffix("]}")
        return f"{head}{', '.join(self._indicator(i) for i in reason.indicators)}]}}"

    def _indicator(self, ind: Indicator) -> str:
        key = ("indicator", ind.id, ind.level, ind.text)
        return self._piece(key, lambda: {"id": ind.id, "level": ind.level, "text": ind.text})

    def _consideration(self, item: Consideration) -> str:
        # Cites are keyed by identity, and kept with the piece so no other object can take
        # their place: they belong to the batch's framework, which outlives the batch.
        key = (
            "consideration",
            item.rule_id,
            item.consider_level,
            item.explanation,
            item.quote,
            item.count_line,
            tuple(map(id, item.cites)),
        )
        found = self._pieces.get(key)
        if found is None:
            found = self._pieces[key] = (json_text(consideration_json(item)), item.cites)
        text: str = found[0]
        return text

    def _link(self, link: Link) -> str:
        key = (
            "link",
            link.ticked.id,
            link.other.id,
            link.other.level,
            link.explanation,
            link.reading,
        )
        return self._piece(
            key,
            lambda: {
                "ticked": link.ticked.id,
                "linked": link.other.id,
                "level": link.other.level,
                "text": link.explanation,
                "reading": link.reading,
            },
        )
