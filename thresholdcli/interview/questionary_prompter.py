"""The real terminal prompter (questionary / prompt_toolkit). The only module that imports them."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from typing import Any

import questionary
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output as PtOutput

from thresholdcli.interview.prompter import BACK, NONE_OF_THESE, Choice, Group

STYLE = questionary.Style([("separator", "bold"), ("highlighted", "reverse")])
BACK_TITLE = "◀ Back to previous domain"
NONE_TITLE = "None of these"


class QuestionaryPrompter:
    """Asks with questionary. `input`/`output` let tests drive it through a pipe."""

    def __init__(self, input: Input | None = None, output: PtOutput | None = None) -> None:
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output

    def select(self, message: str, choices: Sequence[Choice], default: str | None = None) -> str:
        options = [questionary.Choice(c.title, value=c.value) for c in choices]
        start = next((o for o in options if o.value == default), None)
        answer = questionary.select(
            message, choices=options, default=start, style=STYLE, **self._io
        ).unsafe_ask()
        return str(answer)

    def checkbox(self, message: str, groups: Sequence[Group], allow_back: bool) -> list[str]:
        options: list[Any] = []
        for group in groups:
            options.append(questionary.Separator(f"── {group.heading} ──"))
            options.extend(
                questionary.Choice(_wrapped(c.title), value=c.value, checked=c.checked)
                for c in group.choices
            )
        options.append(questionary.Separator("──"))
        options.append(questionary.Choice(NONE_TITLE, value=NONE_OF_THESE))
        if allow_back:
            options.append(questionary.Choice(BACK_TITLE, value=BACK))
        answer = questionary.checkbox(
            message,
            choices=options,
            style=STYLE,
            use_search_filter=True,
            use_jk_keys=False,
            instruction="(space ticks, type to filter, enter when done)",
            **self._io,
        ).unsafe_ask()
        return [str(a) for a in answer]

    def text(self, message: str, default: str = "") -> str:
        return str(questionary.text(message, default=default, style=STYLE, **self._io).unsafe_ask())

    def confirm(self, message: str, default: bool = False) -> bool:
        return bool(
            questionary.confirm(message, default=default, style=STYLE, **self._io).unsafe_ask()
        )


def _wrapped(title: str) -> str:
    """Long indicators wrap onto indented lines instead of being cut at the terminal's edge."""
    width = max(40, shutil.get_terminal_size((80, 24)).columns - 8)
    return "\n     ".join(textwrap.wrap(title, width)) or title
