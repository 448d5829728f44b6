"""What history, diff and rescore show alike: a level, a step up or down, notices."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from thresholdcli.casework.history import Step

STEP_WORDS: dict[Step, str] = {
    "first": "first",
    "up": "↑ up",
    "down": "↓ down",
    "same": "= same",
    "other_framework": "other framework",
}
STEP_STYLES: dict[Step, str] = {"up": "bold red", "down": "green"}


def level_text(rank: int, name: str) -> str:
    return f"{rank} {name}"


def step_text(step: Step) -> Text:
    return Text(STEP_WORDS[step], STEP_STYLES.get(step, ""))


def show_notices(console: Console, notices: tuple[str, ...], case: str) -> None:
    for notice in notices:
        console.print(Text(f"Note: {notice}", "yellow"))
    if notices:
        console.print(f"See what the framework shipped now suggests: thresholdcli rescore {case}")
