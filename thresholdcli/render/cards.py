"""Reference cards on a terminal (rich): fits 80 columns, NO_COLOR respected by the console."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from thresholdcli.advice.cards import Card, CardConsent, CardContact, CardDomain
from thresholdcli.framework.provenance import NO_NUMBER, READING, one_line, reading_line
from thresholdcli.quote_markup import plain
from thresholdcli.render.card_style import band_terminal
from thresholdcli.render.text import quoted

DISCLAIMER = "Supports professional judgement; never replaces it."


def print_cards(console: Console, cards: Sequence[Card]) -> None:
    for n, card in enumerate(cards):
        if n:
            console.print()
        console.print(card_view(card))


def card_view(card: Card) -> RenderableType:
    colour = band_terminal(card.rank, card.top_rank)
    parts: list[RenderableType] = [
        Text(f"{card.authority} — {card.title}", "bold"),
        Text(f"Version {card.version} ({card.framework_ref})"),
        *([Text(card.superseded_note, "bold reverse")] if card.superseded_by else []),
        _emergency(card),
        _band(card, colour),
        _heading("Contacts"),
        _contacts(card.contacts),
        *_indicators(card),
    ]
    if card.what_to_do:
        parts += [_heading("What to do at this level"), quoted(card.what_to_do)]
    if card.consent:
        parts.append(_heading("Consent and information sharing"))
        parts.append(_bullets(("[ ]", _consent_line(c)) for c in card.consent))
    for block in card.guidance:
        parts.append(_heading(block.title))
        parts.append(_bullets(("•", quoted(item)) for item in block.items))
        for reason in (block.reading, block.levels_line):
            if reason:
                parts.append(Text(reading_line(reason), "italic"))
    parts.append(Text(""))
    parts.append(Text(_footer(card), "dim"))
    return Group(*parts)


def _band(card: Card, colour: str) -> Panel:
    body: list[RenderableType] = []
    if card.caption:
        body.append(quoted(card.caption, "italic"))
    body.append(quoted(card.description))
    return Panel(
        Group(*body),
        title=Text(f"LEVEL {card.rank} OF {card.top_rank}: {card.level_name}", "bold"),
        title_align="left",
        border_style=f"bold {colour}",
    )


def _emergency(card: Card) -> Panel:
    label = f"{READING}: " if card.emergency_reading else ""
    body = Text.assemble(("Immediate danger: call 999. ", "bold"), label, quoted(card.emergency))
    return Panel(body, border_style="bold red", padding=(0, 1))


def _indicators(card: Card) -> list[RenderableType]:
    title = "Indicators"
    if card.brief:
        title += f" (brief: the most telling, {READING})"
    parts: list[RenderableType] = [_heading(title)]
    if card.has_act_now:
        parts.append(Text(f"ACT NOW marks are {READING}, by {card.act_now_reading}", "italic"))
    if not card.domains:
        parts.append(Text("The framework lists no indicators at this level."))
    group = ""
    for domain in card.domains:
        if domain.group and domain.group != group:
            parts.append(Text(domain.group.upper(), "bold"))
        group = domain.group
        parts.extend(_domain(domain))
    return parts


def _domain(domain: CardDomain) -> list[RenderableType]:
    head = Text(domain.name, "bold underline")
    if domain.section:
        head.append(f" (section: {domain.section})", "not bold not underline")
    parts: list[RenderableType] = [head]
    if not domain.brief_chosen:
        parts.append(Text("No brief selection here: all shown.", "italic"))
    rows = []
    for ind in domain.indicators:
        line = Text()
        if ind.act_now:
            line.append("ACT NOW: ", "bold red")
        line.append_text(quoted(ind.text))
        if ind.wording_reading:
            line.append(f" (wording: {reading_line(ind.wording_reading)})", "dim")
        if ind.age:
            line.append(f" ({ind.age}; {reading_line(ind.age_reading)})", "dim")
        rows.append(("•", line))
    parts.append(_bullets(rows))
    if domain.action is not None:
        action = domain.action
        line = Text.assemble(("What to do: ", "bold"), quoted(one_line(action.to_do)))
        if action.misprint:
            why = reading_line(action.correction_reading)
            printed = plain(one_line(action.text))
            line.append(f" ({why} The framework prints “{printed}”.)", "italic")
        parts.append(_bullets([("→", line)]))
    return parts


def _consent_line(item: CardConsent) -> Text:
    line = Text(item.question)
    notes = [x for x in (item.age, f"source: {item.section}") if x]
    if item.reason_required:
        notes.append("record a reason if not done")
    line.append(f" ({'; '.join(notes)})", "dim")
    return line


def _contacts(contacts: Sequence[CardContact]) -> Table:
    """Numbers first, never split across lines; then the service, what it is for, its hours."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for contact in contacts:
        number = contact.phone if contact.phone not in (NO_NUMBER, "") else "—"
        line = Text(contact.service, "bold")
        if contact.phone == NO_NUMBER:
            line.append(f" ({NO_NUMBER})")
        if contact.phone_reading:
            line.append(f" ({reading_line(contact.phone_reading)})")
        if contact.phone_inferred:
            line.append(
                f" ({READING}: {contact.phone_inferred}; {contact.inferred_reading})"
            )
        if contact.printed_for:
            line.append(f" — for: {contact.printed_for}")
        if contact.hours_text:
            line.append(f" — {plain(contact.hours_text)}")
            if contact.hours_reading:
                line.append(f" ({reading_line(contact.hours_reading)})")
        for email in contact.email:
            line.append(f"\nemail: {plain(email)}")
        grid.add_row(Text(number, "bold"), line)
    return grid


def _footer(card: Card) -> str:
    published = f", published {card.published}" if card.published else ""
    return (
        f"Source: {card.title}{published} ({card.source}). "
        f"Printed {card.printed:%d %B %Y}. {DISCLAIMER}"
    )


def _heading(text: str) -> Text:
    return Text(f"\n{text}", "bold")


def _bullets(rows: Iterable[tuple[str, Text]]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for mark, text in rows:
        grid.add_row(mark, text)
    return grid
