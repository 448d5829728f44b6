"""A progress bar on stderr for long batches (score, audit)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from thresholdcli.render.console import make_console

T = TypeVar("T")


def with_progress(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """Yield `items` while a progress bar on stderr counts them (cleared at the end)."""
    progress = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=make_console(stderr=True),
        transient=True,
    )
    with progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)
