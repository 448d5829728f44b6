"""The source extraction's mark-up in quoted framework text, treated for display only.

The framework data quotes its source word for word, mark-up included, so that
`frameworks verify` finds each quote: `**x**` (bold), `[label](#)` (a link whose target the
extraction left empty) and `\\(` `\\)` (escaped brackets). On screen, a card or a summary
that mark-up is noise ("star star may" to a screen reader): `spans` gives the same words
without it, with the bold runs marked, for each output to show in its own way. Only those
mark-up characters go; the words stay the framework's, in order. Never for practitioner
text (notes, reasons, case references): that is data, shown literally. JSON and the data
files keep the verbatim quote.
"""

from __future__ import annotations

import re

_MARK = re.compile(
    r"\*\*(?P<bold>[^*\n](?:[^*]*?[^*\s])?)\*\*"  # **x**, not across a blank "** **"
    r"|\[(?P<label>(?:[^\[\]\\\n]|\\[()])*)\]\(#\)"  # [label](#), the extraction's empty link
    r"|\\(?P<bracket>[()])"  # \( and \)
)
_BRACKET = re.compile(r"\\([()])")

Span = tuple[str, bool]  # (text, bold)


def spans(text: str) -> list[Span]:
    """`text` as runs (text, bold) without the extraction's mark-up; joined, the runs are
    `text` less the mark-up characters only."""
    runs: list[Span] = []
    at = 0
    for match in _MARK.finditer(text):
        if match.start() > at:
            runs.append((text[at : match.start()], False))
        bold, label, bracket = match.group("bold", "label", "bracket")
        if bold is not None:
            runs.append((_BRACKET.sub(r"\1", bold), True))
        elif label is not None:
            runs.append((_BRACKET.sub(r"\1", label), False))
        else:
            runs.append((bracket, False))
        at = match.end()
    if at < len(text):
        runs.append((text[at:], False))
    return [run for run in runs if run[0]]


def plain(text: str) -> str:
    """`text` without the extraction's mark-up, for output that carries no bold."""
    return "".join(run for run, _ in spans(text))
