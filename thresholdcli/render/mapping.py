"""The `map` command's view: corresponding levels, how sure, and why."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from thresholdcli.advice.mapping import LevelMapping, LevelMatch, national_words
from thresholdcli.render.text import data

CONFIDENCE_STYLE = {"high": "bold green", "medium": "bold yellow", "low": "bold red"}


def mapping_panel(mapping: LevelMapping) -> Panel:
    source, level, target = mapping.source, mapping.level, mapping.target
    parts: list[Text] = [
        Text(
            f"From {source.authority} ({source.ref}): level {level.rank} of {source.top_rank} — "
            f"{level.name} [{national_words(level)}]",
            "bold",
        ),
        Text(f"To {target.authority} ({target.ref}):", "bold"),
    ]
    for match in mapping.matches:
        how = _how(match)
        if mapping.best is None:
            lead = "could be"
        else:
            lead = "best match" if match is mapping.best else "also"
        parts.append(
            Text(
                f"  • {lead}: level {match.level.rank} of {target.top_rank} — "
                f"{match.level.name} ({how})"
            )
        )
    parts.append(
        Text.assemble(
            ("How sure: ", "bold"),
            (mapping.confidence.upper(), CONFIDENCE_STYLE[mapping.confidence]),
        )
    )
    if mapping.ordinal_warning:
        parts.append(Text(f"Note: {mapping.ordinal_warning}", "yellow"))
    parts.append(Text("Why:", "bold"))
    parts.extend(Text(f"  • {line}") for line in mapping.why)
    parts.append(
        Text(
            "A mapping is a starting point for a conversation, not an assessment: re-assess "
            f"the child with `thresholdcli interview --framework {target.id}`.",
            "dim",
        )
    )
    title = data(f"Map level {level.rank}: {source.id} → {target.id}")
    return Panel(Group(*parts), title=title)


def _how(match: LevelMatch) -> str:
    if match.exact:
        return "same place on the national scale"
    if not match.shared:
        return "nearest; no shared place on the national scale"
    return "partial: " + " + ".join(m.replace("_", " ") for m in match.shared)


def mapping_view(console: Console, mapping: LevelMapping) -> None:
    console.print(mapping_panel(mapping))
