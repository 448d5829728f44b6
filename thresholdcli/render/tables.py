"""Tables and listings for the non-interactive commands."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from thresholdcli.render.text import data

if TYPE_CHECKING:
    from thresholdcli.advice.contacts import CallPlan
    from thresholdcli.batch.score import FileScore
    from thresholdcli.framework.model import Framework


def frameworks_table(
    console: Console, frameworks: Iterable[tuple[dict[str, Any], bool]]
) -> None:
    """One row per framework summary (`framework.describe.summary`)."""
    table = Table(title="Shipped frameworks")
    listed = list(frameworks)
    widest = max((len(fw["ref"]) for fw, _ in listed), default=10)
    # An id is typed back into commands: its column is never narrower than the longest id,
    # so an id is never cut; the description beside it wraps between words.
    table.add_column("id@version", min_width=widest)
    table.add_column("framework")
    for fw, is_default in listed:
        mark = " (default)" if is_default else ""
        successor = fw.get("superseded_by")
        if successor:
            mark += " SUPERSEDED"
        lines = [
            fw["authority"],
            f"{fw['levels']} levels, {fw['domains']} domains, {fw['indicators']} indicators",
            f"source: {fw['source']}",
        ]
        if successor:
            lines.append(f"superseded by {successor}")
        table.add_row(fw["ref"] + mark, "\n".join(lines))
    console.print(table)


def framework_detail(console: Console, fw: Framework) -> None:
    console.print(Text(f"{fw.authority} — {fw.title} ({fw.ref})", "bold"))
    console.print(f"Source: {fw.source}")
    for level in fw.levels:
        count = sum(1 for i in fw.indicators if i.level == level.rank)
        console.print(f"  Level {level.rank}: {level.name} ({count} indicators)")
    for domain in fw.domains:
        group = f" [{domain.group}]" if domain.group else ""
        console.print(f"  Domain {domain.id}: {domain.name}{group}")


def score_table(console: Console, scores: Iterable[FileScore], explain: bool) -> None:
    from thresholdcli.render.interview import beside_lines, reason_lines

    table = Table(show_lines=explain)
    for column in ("file", "framework", "suggested", "act now", "notes"):
        table.add_column(column, overflow="fold")
    for item in scores:
        if item.result is None or item.framework is None:
            table.add_row(
                item.path,
                item.framework.ref if item.framework else "",
                "—",
                "",
                data(f"error: {item.error}"),
            )
            continue
        level = item.framework.level(item.result.suggested)
        notes: list[Text] = [Text(n) for n in item.notices]
        if explain:
            notes = reason_lines(item.result) + beside_lines(item.result) + notes
        cell = Text("\n").join(notes) if notes else Text("")
        table.add_row(
            item.path,
            item.framework.ref,
            f"{level.rank}: {level.name}",
            "YES" if item.result.act_now else "",
            cell,
        )
    console.print(table)


def contacts_view(console: Console, framework: Framework, plan: CallPlan) -> None:
    from thresholdcli.render.contacts import contacts_panel

    console.print(contacts_panel(framework, plan))
