"""The prompter protocol: the only way the interview engine asks a person anything."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

BACK = "__back__"
NONE_OF_THESE = "__none__"


@dataclass(frozen=True)
class Choice:
    value: str
    title: str
    checked: bool = False


@dataclass(frozen=True)
class Group:
    heading: str
    choices: tuple[Choice, ...]


class Prompter(Protocol):
    def select(self, message: str, choices: Sequence[Choice], default: str | None = None) -> str:
        """One of the choices' values."""
        ...

    def checkbox(self, message: str, groups: Sequence[Group], allow_back: bool) -> list[str]:
        """The ticked values; [BACK] to go back; [] (or [NONE_OF_THESE]) for none."""
        ...

    def text(self, message: str, default: str = "") -> str: ...

    def confirm(self, message: str, default: bool = False) -> bool: ...


class ScriptError(AssertionError):
    """A scripted prompter ran out of answers or got one of the wrong type."""


@dataclass
class ScriptedPrompter:
    """Answers from a list, in order. "^C" raises KeyboardInterrupt, as a person's Ctrl-C would.

    select: a value; checkbox: a list of values (or "back"); text: a string; confirm: a bool.
    """

    answers: list[object]
    asked: list[str] = field(default_factory=list)

    def _next(self, message: str) -> object:
        self.asked.append(message)
        if not self.answers:
            raise ScriptError(f"no scripted answer left for: {message}")
        answer = self.answers.pop(0)
        if answer == "^C":
            raise KeyboardInterrupt
        return answer

    def select(self, message: str, choices: Sequence[Choice], default: str | None = None) -> str:
        answer = self._next(message)
        values = [c.value for c in choices]
        if answer not in values:
            raise ScriptError(f"{answer!r} is not one of {values} for: {message}")
        return str(answer)

    def checkbox(self, message: str, groups: Sequence[Group], allow_back: bool) -> list[str]:
        answer = self._next(message)
        if answer == "back":
            if not allow_back:
                raise ScriptError(f"back is not offered for: {message}")
            return [BACK]
        if answer == "keep":
            return [c.value for g in groups for c in g.choices if c.checked]
        if not isinstance(answer, list):
            raise ScriptError(f"checkbox needs a list for: {message}")
        known = {c.value for g in groups for c in g.choices}
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


def flatten(groups: Iterable[Group]) -> list[Choice]:
    return [choice for group in groups for choice in group.choices]
