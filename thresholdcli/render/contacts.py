"""The "who to call" panel: the numbers to try now, in order, each with why."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from thresholdcli.advice.contacts import hours_text, phone_text
from thresholdcli.framework.provenance import reading_line

if TYPE_CHECKING:
    from thresholdcli.advice.contacts import CallPlan
    from thresholdcli.framework.model import Contact, Framework


def contacts_panel(framework: Framework, plan: CallPlan) -> Panel:
    parts: list[RenderableType] = [Text(f"At {plan.at:%A %d %B %Y %H:%M} (UK time)", "bold")]
    if plan.bank_holiday:
        parts.append(Text(f"{plan.bank_holiday}: a bank holiday in England (out of hours)."))
    if plan.level is not None:
        parts.append(Text(f"For level {plan.level}: {framework.level(plan.level).name}"))
    if plan.call_now:
        parts.append(Text("Call now, in this order:", "bold"))
        calls = _grid()
        for n, item in enumerate(plan.call_now, 1):
            style = "bold red" if item.contact.role == "emergency" else "bold"
            calls.add_row(
                f"{n}.",
                Text.assemble(
                    (f"{item.contact.service}: {phone_text(item.contact)}", style),
                    "\n",
                    item.why,
                ),
            )
        parts.append(calls)
    else:
        parts.append(Text(plan.summary))
    if plan.notes:
        notes = _grid()
        for note in plan.notes:
            notes.add_row("!", Text(note, "yellow"))
        parts.append(notes)
    if plan.also:
        parts.append(Text("Also for this level:", "bold"))
        parts.append(_contact_grid(framework, plan.also))
    parts.append(Text("All contacts:", "bold"))
    parts.append(_contact_grid(framework, plan.contacts))
    return Panel(Group(*parts), title="Who to call")


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", width=3, no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _contact_grid(framework: Framework, contacts: Iterable[Contact]) -> Table:
    grid = _grid()
    for contact in contacts:
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
        lines.extend(f"email: {email}" for email in contact.email)
        grid.add_row("•", Text("\n".join(lines)))
    return grid
