"""The "who to call" panel: the numbers to try now, in order, each with why and the
framework's own words for it; whom to talk to for advice; what to call if significant
harm is suspected; the tool's readings labelled as such."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from thresholdcli.advice.contacts import email_lines, hours_text, phone_text, reading
from thresholdcli.framework.provenance import framework_says, reading_line
from thresholdcli.render.text import quoted

if TYPE_CHECKING:
    from thresholdcli.advice.contacts import Advice, CallNow, CallPlan, Route
    from thresholdcli.framework.model import Contact, Framework, PrintedFor


def contacts_panel(framework: Framework, plan: CallPlan) -> Panel:
    parts: list[RenderableType] = [Text(f"At {plan.at:%A %d %B %Y %H:%M} (UK time)", "bold")]
    if plan.bank_holiday:
        parts.append(Text(f"{plan.bank_holiday}: a bank holiday in England."))
    if plan.level is not None:
        parts.append(Text(f"For level {plan.level}: {framework.level(plan.level).name}"))
    if plan.call_now:
        parts.append(Text("Call now, in this order:", "bold"))
        parts.append(_calls(plan.call_now))
    else:
        parts.append(quoted(plan.summary))
    if plan.for_advice:
        parts.append(Text("For advice, talk to:", "bold"))
        parts.append(_advice(plan.for_advice))
    if plan.if_significant_harm:
        parts.append(Text("If you suspect significant harm, call now:", "bold"))
        parts.append(_calls(plan.if_significant_harm))
    if plan.also:
        parts.append(Text("Also for this level (not a call to make now):", "bold"))
        parts.append(_routes(plan.also))
    if plan.notes:
        notes = _grid()
        for note in plan.notes:
            notes.add_row("!", quoted(note, "yellow"))
        parts.append(notes)
    parts.append(Text("All contacts:", "bold"))
    parts.append(_contact_grid(framework, plan.contacts))
    return Panel(Group(*parts), title=Text("Who to call"))  # a Text: no markup or emoji codes read


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", width=3, no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _printed_lines(printed: PrintedFor | None) -> list[str]:
    """The framework's words for this route; where its level is a judgement, that reading."""
    if printed is None:
        return []
    lines = [f"{framework_says(printed.cite)} “{printed.quote}”"]
    if "levels" in printed.reading:
        lines.append(reading(f"levels: {printed.reading['levels']}"))
    return lines


def _under(head: Text, lines: Sequence[str]) -> Text:
    """`lines` (the framework's words and thresholdcli's, never a record's) under `head`,
    not bold but for the framework's own bold (`quoted`)."""
    for line in lines:
        head.append("\n")
        head.append_text(quoted(line, "not bold"))
    return head


def _calls(calls: Sequence[CallNow]) -> Table:
    grid = _grid()
    for n, item in enumerate(calls, 1):
        style = "bold red" if item.contact.role == "emergency" else "bold"
        body = Text(f"{item.contact.service}: {phone_text(item.contact)}", style)
        lines = [item.why, *_printed_lines(item.printed)]
        if item.contact.not_printed:
            lines.append(reading(item.contact.not_printed))
        grid.add_row(f"{n}.", _under(body, lines))
    return grid


def _advice(items: Sequence[Advice]) -> Table:
    """Who to talk to; the same words for several in a row are quoted once, after the last."""
    grid = _grid()
    for n, item in enumerate(items):
        contact = item.contact
        head = contact.service
        if contact.role != "own_agency":
            head += f": {phone_text(contact)}"
        if item.status:
            head += f" — {item.status}"
        body = Text(head, "bold")
        following = items[n + 1].printed.quote if n + 1 < len(items) else None
        if following != item.printed.quote:
            _under(body, _printed_lines(item.printed))
        grid.add_row("•", body)
    return grid


def _routes(routes: Iterable[Route]) -> Table:
    grid = _grid()
    for route in routes:
        contact = route.contact
        head = f"{contact.service}: {phone_text(contact)}"
        if route.status:
            head += f" — {route.status}"
        lines = [*email_lines(contact), *_printed_lines(route.printed)]
        grid.add_row("•", _under(Text(head, "bold"), lines))
    return grid


def _contact_grid(framework: Framework, contacts: Iterable[Contact]) -> Table:
    grid = _grid()
    for contact in contacts:
        if contact.role == "own_agency":
            continue
        lines = [f"{contact.service}: {phone_text(contact)}"]
        hours = hours_text(framework, contact)
        if hours:
            lines.append(hours)
        readings = framework.readings_of(contact)
        for field, label in (
            ("phone", contact.phone),
            ("phone_inferred", contact.phone_inferred),
            ("hours", "opening days and times"),
        ):
            if field in readings and label:
                lines.append(f"{label}: {reading_line(readings[field])}")
        lines.extend(email_lines(contact))
        grid.add_row("•", quoted("\n".join(lines)))
    return grid
