"""The prompter protocol: the only way the interview engine asks a person anything.

A prompter shows one screen per question. Besides the question it keeps on every screen
the one-line reminders the engine gives it with `remind` (e.g. "IMMEDIATE DANGER: call
999"), from that moment to the end of the interview.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

BACK = "__back__"
NONE_OF_THESE = "__none__"
TickListener = Callable[[list[str]], None]


@dataclass(frozen=True)
class Choice:
    value: str
    title: str
    checked: bool = False
    note: str = ""  # shown beside the title, never part of it (e.g. "usually about an unborn baby")


@dataclass(frozen=True)
class Group:
    heading: str
    choices: tuple[Choice, ...]


class Prompter(Protocol):
    def select(self, message: str, choices: Sequence[Choice], default: str | None = None) -> str:
        """One of the choices' values."""
        ...

    def checkbox(
        self,
        message: str,
        groups: Sequence[Group],
        allow_back: bool,
        on_change: TickListener | None = None,
    ) -> list[str]:
        """The ticked values; [BACK] to go back; [] (or [NONE_OF_THESE]) for none.

        `on_change` is called with every tick as it is made or unmade, before the answer
        is given, so that an interrupted screen loses no tick.
        """
        ...

    def text(self, message: str, default: str = "") -> str: ...

    def confirm(self, message: str, default: bool = False) -> bool: ...

    def acknowledge(self, message: str) -> None:
        """Wait until the person says they have read what is on the screen (Enter)."""
        ...

    def remind(self, lines: Sequence[str]) -> None:
        """From now on, show these one-line reminders on every screen."""
        ...


class ScriptError(AssertionError):
    """A scripted prompter ran out of answers or got one of the wrong type."""


ACK = "ack"


@dataclass
class ScriptedPrompter:
    """Answers from a list, in order. "^C" raises KeyboardInterrupt, as a person's Ctrl-C would.

    select: a value; checkbox: a list of values (or "back", or "keep" for the pre-ticked);
    text: a string; confirm: a bool; acknowledge: "ack". A checkbox answer may also be
    ("ticks-then-^C", [values]): the ticks are reported one by one, then Ctrl-C.
    `screens` keeps, for every question asked, the reminders shown with it.
    """

    answers: list[object]
    asked: list[str] = field(default_factory=list)
    reminders: tuple[str, ...] = ()
    screens: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def _next(self, message: str) -> object:
        self.asked.append(message)
        self.screens.append((message, self.reminders))
        if not self.answers:
            raise ScriptError(f"no scripted answer left for: {message}")
        answer = self.answers.pop(0)
        if answer == "^C":
            raise KeyboardInterrupt
        return answer

    def select(self, message: str, choices: Sequence[Choice], default: str | None = None) -> str:
        answer = self._next(message)
        values = [c.value for c in choices]
        if answer == "default" and default is not None:
            return default
        if answer not in values:
            raise ScriptError(f"{answer!r} is not one of {values} for: {message}")
        return str(answer)

    def checkbox(
        self,
        message: str,
        groups: Sequence[Group],
        allow_back: bool,
        on_change: TickListener | None = None,
    ) -> list[str]:
        answer = self._next(message)
        known = {c.value for g in groups for c in g.choices}
        if isinstance(answer, tuple) and answer[0] == "ticks-then-^C":
            ticked = [c.value for g in groups for c in g.choices if c.checked]
            for value in answer[1]:
                ticked.append(str(value))
                if on_change is not None:
                    on_change(list(ticked))
            raise KeyboardInterrupt
        if answer == "back":
            if not allow_back:
                raise ScriptError(f"back is not offered for: {message}")
            return [BACK]
        if answer == "keep":
            return [c.value for g in groups for c in g.choices if c.checked]
        if not isinstance(answer, list):
            raise ScriptError(f"checkbox needs a list for: {message}")
        unknown = [a for a in answer if a not in known]
        if unknown:
            raise ScriptError(f"{unknown} are not offered for: {message}")
        return [str(a) for a in answer]

    def text(self, message: str, default: str = "") -> str:
        answer = self._next(message)
        if not isinstance(answer, str):
            raise ScriptError(f"text needs a string for: {message}")
        return answer or default

    def confirm(self, message: str, default: bool = False) -> bool:
        answer = self._next(message)
        if not isinstance(answer, bool):
            raise ScriptError(f"confirm needs a bool for: {message}")
        return answer

    def acknowledge(self, message: str) -> None:
        answer = self._next(message)
        if answer != ACK:
            raise ScriptError(f"acknowledge needs {ACK!r} for: {message}, got {answer!r}")

    def remind(self, lines: Sequence[str]) -> None:
        self.reminders = tuple(lines)


def flatten(groups: Iterable[Group]) -> list[Choice]:
    return [choice for group in groups for choice in group.choices]
