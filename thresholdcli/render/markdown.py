"""Text made literal in Markdown (cards, audit): no emphasis, links, headings, lists, raw
HTML or terminal control. `<`, `>` and `&` become HTML entities, as in an HTML page, so a
`<script>` in a framework or a file name is shown, never run, wherever the Markdown is
turned into HTML; Markdown's own marks are backslash-escaped; control characters are shown
as escapes (`safe_text.shown`)."""

from __future__ import annotations

import html
import re

from thresholdcli.quote_markup import spans
from thresholdcli.safe_text import shown

_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_LIST_START = re.compile(r"^(\s*)([-+]|\d+[.)])(\s)", re.MULTILINE)


def escape(text: str) -> str:
    """`text` shown literally in Markdown (line breaks kept; see `cell` for table cells)."""
    text = _SPECIAL.sub(r"\\\1", html.escape(shown(text), quote=False))
    return _LIST_START.sub(lambda m: f"{m.group(1)}{_escape_marker(m.group(2))}{m.group(3)}", text)


def cell(text: str) -> str:
    """`text` shown literally in one Markdown table cell."""
    return escape(text).replace("\n", " ")


def quoted(text: str) -> str:
    """Quoted framework text as `escape` shows it, but its extraction mark-up as Markdown:
    bold kept as `**x**`, a `[label](#)` link as its label, `\\(` as `(` (`quote_markup`).
    Never for practitioner text."""
    return "".join(f"**{escape(run)}**" if bold else escape(run) for run, bold in spans(text))


def _escape_marker(marker: str) -> str:
    return "\\" + marker if marker in "-+" else marker[:-1] + "\\" + marker[-1]
