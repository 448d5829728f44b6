"""Reference cards as Markdown (CommonMark with GitHub task lists and tables)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from thresholdcli.advice.cards import Card, CardDomain
from thresholdcli.framework.provenance import NO_NUMBER, READING, one_line, reading_line
from thresholdcli.quote_markup import plain
from thresholdcli.render.markdown import cell, escape, quoted

DISCLAIMER = "Supports professional judgement; never replaces it."


def block(text: str) -> str:
    """Quoted framework text (`quoted`): paragraphs kept, single line breaks kept as hard breaks."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n\n".join("\\\n".join(quoted(line) for line in p.splitlines()) for p in paragraphs)


def cards_markdown(cards: Sequence[Card]) -> str:
    return "\n\n---\n\n".join(card_markdown(card) for card in cards) + "\n"


def card_markdown(card: Card) -> str:
    out: list[str] = [
        f"# {escape(card.authority)} — {escape(card.title)}",
        f"Version {escape(card.version)} ({escape(card.framework_ref)})",
        *([f"**{escape(card.superseded_note)}**"] if card.superseded_by else []),
        f"> **Immediate danger: call 999.** {_emergency(card)}",
        f"## Level {card.rank} of {card.top_rank}: {escape(card.level_name)}"
        + (" (top level)" if card.is_top else ""),
    ]
    if card.caption:
        out.append(f"*{quoted(card.caption)}*")
    out.append(block(card.description))
    out += ["## Contacts", _contacts(card)]
    out.append("## Indicators" + (f" (brief: the most telling, {READING})" if card.brief else ""))
    if card.has_act_now:
        out.append(f"*{escape(f'ACT NOW marks are {READING}, by {card.act_now_reading}')}*")
    if not card.domains:
        out.append("The framework lists no indicators at this level.")
    group = ""
    for domain in card.domains:
        if domain.group and domain.group != group:
            out.append(f"### {escape(domain.group)}")
        group = domain.group
        out.extend(_domain(domain, "####" if domain.group else "###"))
    if card.what_to_do:
        out += ["## What to do at this level", block(card.what_to_do)]
    if card.consent:
        out.append("## Consent and information sharing")
        lines = []
        for item in card.consent:
            notes = [x for x in (item.age, f"source: {item.section}") if x]
            if item.reason_required:
                notes.append("record a reason if not done")
            lines.append(f"- [ ] {escape(item.question)} *({escape('; '.join(notes))})*")
        out.append("\n".join(lines))
    for guidance in card.guidance:
        out.append(f"## {escape(guidance.title)}")
        out.append("\n".join(f"- {quoted(item)}" for item in guidance.items))
        for reason in (guidance.reading, guidance.levels_line):
            if reason:
                out.append(f"*{escape(reading_line(reason))}*")
    published = f", published {escape(card.published)}" if card.published else ""
    out.append(
        f"*Source: {escape(card.title)}{published} ({escape(card.source)}). "
        f"Printed {card.printed:%d %B %Y}. {DISCLAIMER}*"
    )
    return "\n\n".join(out)


def _emergency(card: Card) -> str:
    label = f"{READING}: " if card.emergency_reading else ""
    return escape(label) + quoted(card.emergency)


def _domain(domain: CardDomain, mark: str) -> list[str]:
    head = f"{mark} {escape(domain.name)}"
    if domain.section:
        head += f" (section: {escape(domain.section)})"
    out = [head]
    if not domain.brief_chosen:
        out.append("*No brief selection here: all shown.*")
    lines = []
    for ind in domain.indicators:
        act = "**ACT NOW:** " if ind.act_now else ""
        notes = [f"wording: {reading_line(ind.wording_reading)}"] if ind.wording_reading else []
        if ind.age:
            notes.append(f"{ind.age}; {reading_line(ind.age_reading)}")
        extra = "".join(f" *({escape(note)})*" for note in notes)
        lines.append(f"- {act}{quoted(ind.text)}{extra}")
    if lines:
        out.append("\n".join(lines))
    if domain.action is not None:
        action = domain.action
        line = f"**What to do:** {quoted(one_line(action.to_do))}"
        if action.misprint:
            why = reading_line(action.correction_reading)
            printed = plain(one_line(action.text))
            line += f" *({escape(f'{why} The framework prints “{printed}”.')})*"
        out.append(line)
    return out


def _contacts(card: Card) -> str:
    rows = ["| Phone | Service | Hours |", "|---|---|---|"]
    for contact in card.contacts:
        phone = contact.phone if contact.phone != NO_NUMBER else f"— ({NO_NUMBER})"
        phone = phone or "—"
        if contact.phone_reading:
            phone += f" ({reading_line(contact.phone_reading)})"
        if contact.phone_inferred:
            phone += f" ({READING}: {contact.phone_inferred}; {contact.inferred_reading})"
        service = contact.service
        if contact.printed_for:
            service += f" (for: {contact.printed_for})"
        service += "".join(f"; email: {plain(e)}" for e in contact.email)
        hours = plain(contact.hours_text)
        if hours and contact.hours_reading:
            hours += f" ({reading_line(contact.hours_reading)})"
        cells = (phone, service, hours)
        rows.append("| " + " | ".join(cell(c) for c in cells) + " |")
    return "\n".join(rows)
