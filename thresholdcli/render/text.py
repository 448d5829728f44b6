"""Free text from records, answers files and frameworks, made ready to show on a terminal.

`data` is the one way render code turns such text into rich `Text`: never markup, control
characters escaped (`safe_text.shown`), and cut at `SHOWN_CHARS` characters or
`SHOWN_LINES` lines with a note of how much more the record holds, so a 5 MB strengths
field is shown in moments, not minutes. The record, JSON and CSV keep every character.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from thresholdcli.quote_markup import spans
from thresholdcli.safe_text import shown

SHOWN_CHARS = 10_000
SHOWN_LINES = 200


def cut(text: str) -> str:
    """`text`, or its start and a note of what is left out (never silently shortened)."""
    end = len(text) if len(text) <= SHOWN_CHARS else SHOWN_CHARS
    newlines = 0
    for n, char in enumerate(text[:end]):
        if char == "\n":
            newlines += 1
            if newlines == SHOWN_LINES:
                end = n
                break
    if end >= len(text):
        return text
    rest = len(text) - end
    return f"{text[:end]}… ({rest:,} more characters not shown here; the record holds them all)"


def data(value: str, style: str | Style = "") -> Text:
    """Text from a record, an answers file, a framework or a file name, safe to print."""
    return Text(shown(cut(value)), style=style)


def quoted(value: str, style: str | Style = "") -> Text:
    """Quoted framework text, as `data`, its extraction mark-up shown as the words alone
    (`quote_markup`), bold runs in bold. Never for practitioner text."""
    text = Text(style=style)
    for run, bold in spans(shown(cut(value))):
        text.append(run, "bold" if bold else "")
    return text
