"""Turn cards into the chosen format and send them to the terminal or a file."""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from thresholdcli import safe_io
from thresholdcli.advice.cards import Card, card_json
from thresholdcli.errors import OutputError, UsageError
from thresholdcli.json_doc import document
from thresholdcli.render.console import make_console, plain_console
from thresholdcli.safe_text import json_text

TEXT_WIDTH = 80
STDOUT = Path("-")  # `-o -`: write to standard output, as most command-line tools do
CARD_FILE_MODE = 0o644  # framework text only, nothing about a child: readable like a document


class CardFormat(StrEnum):
    terminal = "terminal"
    md = "md"
    html = "html"
    pdf = "pdf"
    json = "json"


def cards_text(cards: Sequence[Card], width: int = TEXT_WIDTH) -> str:
    """Plain text, no colour, fixed width, no trailing spaces: for files and golden tests."""
    from thresholdcli.render.cards import print_cards

    buffer = io.StringIO()
    print_cards(plain_console(buffer, width), cards)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def render_bytes(cards: Sequence[Card], fmt: CardFormat) -> bytes:
    if fmt is CardFormat.terminal:
        return cards_text(cards).encode("utf-8")
    if fmt is CardFormat.json:
        data = document({"cards": [card_json(card) for card in cards]})
        return (json_text(data, indent=2) + "\n").encode("utf-8")
    if fmt is CardFormat.md:
        from thresholdcli.render.card_md import cards_markdown

        return cards_markdown(cards).encode("utf-8")
    from thresholdcli.render.card_html import cards_html

    html = cards_html(cards)
    if fmt is CardFormat.html:
        return html.encode("utf-8")
    from thresholdcli.render.card_pdf import html_to_pdf

    return html_to_pdf(html)


def emit_cards(cards: Sequence[Card], format_name: str, output: Path | None) -> None:
    """Print to the terminal, or write the bytes to `output` (`-`: standard output).

    An output path must be a regular file (replaced whole) or a new name: a link, a
    folder, a FIFO or a device is refused before anything is made."""
    fmt = CardFormat(format_name)
    if output is None and fmt is CardFormat.terminal:
        from thresholdcli.render.cards import print_cards

        print_cards(make_console(), cards)
        return
    target = None if output == STDOUT else output
    if target is None and fmt is CardFormat.pdf and sys.stdout.isatty():
        raise UsageError("--format pdf writes binary data: give -o FILE (e.g. -o card.pdf)")
    if target is not None:
        safe_io.check_output_path(target, OutputError)
    data = render_bytes(cards, fmt)
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    safe_io.write_atomic(target, data, CARD_FILE_MODE, OutputError, "write")
