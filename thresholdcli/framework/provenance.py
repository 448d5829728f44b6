"""Whose words: the framework's (cited) or thresholdcli's reading (with its reason).

Every screen, card and JSON document labels framework text through these helpers, so the
two are never confused: "The framework says (…)" only before a cited quote, and
"thresholdcli's reading: …" before anything the data decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the model stays unimported: card and contacts run on the cached view
    from thresholdcli.framework.model import Cite, Flagged, Framework

READING = "thresholdcli's reading"
# Shown where the framework prints no phone number for a contact (never a number made up).
NO_NUMBER = "number not given in the framework"


def cites_label(cites: Sequence[Cite]) -> str:
    """Where a quote is: `“Section”, lines 3–5`; parts under one heading share it
    (`“Section”, line 3 and lines 7–9`), parts under different headings are joined by "; "."""
    groups: list[tuple[str, list[str]]] = []
    for cite in cites:
        where = cite.label.removeprefix(f"“{cite.section}”, ")
        if groups and groups[-1][0] == cite.section:
            groups[-1][1].append(where)
        else:
            groups.append((cite.section, [where]))
    return "; ".join(f"“{section}”, {' and '.join(spans)}" for section, spans in groups)


def one_line(text: str) -> str:
    """A quote in parts (paragraphs) read as one line, e.g. a per-area action."""
    return " ".join(part.strip() for part in text.split("\n\n") if part.strip())


def reading_line(reason: str) -> str:
    return f"{READING}: {reason}"


def shown_at_levels(levels: Sequence[int], reason: str) -> str:
    """Why a block is shown at the levels the data chose: "shown at levels 3 and 4: …"."""
    ranks = [str(rank) for rank in levels]
    if len(ranks) > 1:
        shown = f"levels {', '.join(ranks[:-1])} and {ranks[-1]}"
    else:
        shown = f"level {ranks[0]}" if ranks else "every level"
    return f"shown at {shown}: {reason}"


def framework_says(cites: Sequence[Cite]) -> str:
    """The words before a quote: "The framework says (where):" only when it is cited."""
    if cites:
        return f"The framework says ({cites_label(cites)}):"
    return f"{READING} (not cited in the framework data):"


class Words(NamedTuple):
    """One text field of the framework data, with whose words it is."""

    text: str
    cites: tuple[Cite, ...]
    reading: str  # the reason, when the text is thresholdcli's reading; "" when cited

    @property
    def cited(self) -> bool:
        return bool(self.cites) and not self.reading

    @property
    def source(self) -> str:
        """`“Section”, lines 3–5`, or "" when the text is not cited."""
        return cites_label(self.cites) if self.cited else ""

    def intro(self) -> str:
        """The words before the text: "The framework says (…):" only for a cited quote."""
        if self.reading:
            return f"{READING} ({self.reading}):"
        return framework_says(self.cites)

    def labelled(self) -> str:
        """The text alone where it is cited; with thresholdcli's label where it is not."""
        return self.text if self.cited else f"{READING}: {self.text}"


def words(framework: Framework | None, item: Flagged, field: str) -> Words:
    """The text of `field` of `item`, with its cite or its reading (the item's own, and the
    framework-wide one when `framework` is given)."""
    text = getattr(item, field)
    if isinstance(text, list):
        text = "\n\n".join(text)
    reading = framework.reading_of(item, field) if framework else item.reading.get(field)
    return Words(text=text, cites=tuple(item.quote_cites(field)), reading=reading or "")
