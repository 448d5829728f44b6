"""The prompter protocol: the only way the interview engine asks a person anything.

A prompter shows one screen per question. Besides the question it keeps on every screen
the one-line reminders the engine gives it with `remind` (e.g. "IMMEDIATE DANGER: call
999"), from that moment to the end of the interview.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

BACK = "__back__"
NONE_OF_THESE = "__none__"
SEARCH = "__search__"  # leave a domain screen for the search: [SEARCH] or [SEARCH, words]
FINISH = "__finish__"  # finish the domain walk here: this screen's ticks are its answer
ENDING = "__ending__"  # in a checklist's answer: the ending chosen (when endings are offered)
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


@dataclass(frozen=True)
class NoteTarget:
    domain: str  # the domain's id
    name: str


@dataclass(frozen=True)
class Notes:
    """The note key on a list screen (Ctrl-N; `n words` in plain mode): a note on the domain
    of the row under the cursor, kept at once (so a draft holds it)."""

    target: Callable[[str], NoteTarget | None]  # a row's value -> the domain a note goes to
    text: Callable[[str], str]  # a domain's id -> its note so far
    save: Callable[[str, str], None]  # (domain id, text)


@dataclass(frozen=True)
class WalkKeys:
    """What a domain screen of the walk offers beyond ticking."""

    finish: str = ""  # the title of the "finish the walk here" choice; "" when not offered
    search: bool = False  # the search key leaves the screen with [SEARCH] (or [SEARCH, words])
    notes: Notes | None = None


@dataclass(frozen=True)
class Mark:
    """One answer a checklist item can be set to, by its key."""

    key: str
    value: str
    title: str


Finder = Callable[[str], Sequence[Choice]]  # typed words -> the hits, best first


class Prompter(Protocol):
    def select(
        self,
        message: str,
        choices: Sequence[Choice],
        default: str | None = None,
        details: Sequence[str] = (),
    ) -> str:
        """One of the choices' values. `details`: lines shown on request (a key away)."""
        ...

    def checkbox(
        self,
        message: str,
        groups: Sequence[Group],
        allow_back: bool,
        on_change: TickListener | None = None,
        walk: WalkKeys | None = None,
    ) -> list[str]:
        """The ticked values; [BACK] to go back; [] (or [NONE_OF_THESE]) for none; with
        `walk`, also [FINISH, *ticks] to finish the walk, or [SEARCH] / [SEARCH, words].

        `on_change` is called with every tick as it is made or unmade, before the answer
        is given, so that an interrupted screen loses no tick.
        """
        ...

    def search(
        self,
        message: str,
        find: Finder,
        ticked: Sequence[str],
        on_change: TickListener | None = None,
        notes: Notes | None = None,
        query: str = "",
    ) -> list[str]:
        """Search, tick and untick among the hits; returns every tick (`ticked` as changed).
        `query`: words already typed."""
        ...

    def checklist(
        self,
        message: str,
        items: Sequence[Choice],
        marks: Sequence[Mark],
        endings: Sequence[Mark] = (),
    ) -> dict[str, str]:
        """Every item set to one of the marks' values, on one screen: item value -> mark value.
        With `endings` (ways to leave the screen once every item is set, the first by Enter),
        also ENDING -> the ending's value, chosen on this same screen."""
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
    ("ticks-then-^C", [values]): the ticks are reported one by one, then Ctrl-C; or a dict
    {"ticks": [...] or "keep", "note": text, "then": "done" | "finish" | "search" | "back",
    "query": words}. search: {"query": words, "tick": [values], "untick": [values],
    "note": (value, text)}, each value one of the hits. checklist: a list of mark values in
    the items' order, then optionally an ending's value (else the first ending). `screens`
    keeps, for every question asked, the reminders shown with it.
    """

    answers: list[object]
    asked: list[str] = field(default_factory=list)
    reminders: tuple[str, ...] = ()
    screens: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # every checklist item shown, in order

    def _next(self, message: str) -> object:
        self.asked.append(message)
        self.screens.append((message, self.reminders))
        if not self.answers:
            raise ScriptError(f"no scripted answer left for: {message}")
        answer = self.answers.pop(0)
        if answer == "^C":
            raise KeyboardInterrupt
        return answer

    def select(
        self,
        message: str,
        choices: Sequence[Choice],
        default: str | None = None,
        details: Sequence[str] = (),
    ) -> str:
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
        walk: WalkKeys | None = None,
    ) -> list[str]:
        answer = self._next(message)
        known = {c.value for g in groups for c in g.choices}
        if isinstance(answer, dict):
            return self._walk_answer(message, groups, allow_back, on_change, walk, answer)
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

    def _walk_answer(
        self,
        message: str,
        groups: Sequence[Group],
        allow_back: bool,
        on_change: TickListener | None,
        walk: WalkKeys | None,
        answer: dict[str, Any],
    ) -> list[str]:
        known = [c.value for g in groups for c in g.choices]
        given = answer.get("ticks", "keep")
        ticks = [c.value for c in flatten(groups) if c.checked] if given == "keep" else given
        unknown = [t for t in ticks if t not in known]
        if unknown:
            raise ScriptError(f"{unknown} are not offered for: {message}")
        then = answer.get("then", "done")
        if then != "done" and (walk is None or (then == "finish" and not walk.finish)):
            raise ScriptError(f"{then!r} is not offered for: {message}")
        if then == "back" and not allow_back:
            raise ScriptError(f"back is not offered for: {message}")
        if ticks and on_change is not None:
            on_change(list(ticks))
        if "note" in answer:
            if walk is None or walk.notes is None:
                raise ScriptError(f"no note key on: {message}")
            target = walk.notes.target(known[0] if known else "")
            assert target is not None
            walk.notes.save(target.domain, str(answer["note"]))
        if then == "search":
            return [SEARCH, *([answer["query"]] if "query" in answer else [])]
        if then == "finish":
            return [FINISH, *ticks]
        if then == "back":
            return [BACK]
        return list(ticks)

    def search(
        self,
        message: str,
        find: Finder,
        ticked: Sequence[str],
        on_change: TickListener | None = None,
        notes: Notes | None = None,
        query: str = "",
    ) -> list[str]:
        answer = self._next(message)
        if not isinstance(answer, dict):
            raise ScriptError(f"search needs a dict for: {message}")
        hits = [c.value for c in find(str(answer.get("query", query)))]
        ticks = list(ticked)
        for value in [*answer.get("tick", []), *answer.get("untick", [])]:
            if value not in hits:
                raise ScriptError(f"{value!r} is not among the hits {hits} for: {message}")
        ticks += [v for v in answer.get("tick", []) if v not in ticks]
        ticks = [v for v in ticks if v not in answer.get("untick", [])]
        if on_change is not None and ticks != list(ticked):
            on_change(list(ticks))
        if "note" in answer:
            value, text = answer["note"]
            target = notes.target(value) if notes is not None and value in hits else None
            if notes is None or target is None:
                raise ScriptError(f"no note for {value!r} on: {message}")
            notes.save(target.domain, text)
        return ticks

    def checklist(
        self,
        message: str,
        items: Sequence[Choice],
        marks: Sequence[Mark],
        endings: Sequence[Mark] = (),
    ) -> dict[str, str]:
        answer = self._next(message)
        self.listed.extend(item.title for item in items)
        allowed = {m.value for m in marks}
        if not isinstance(answer, list):
            raise ScriptError(f"checklist needs {len(items)} marks for: {message}")
        ending = endings[0].value if endings else None
        if endings and len(answer) == len(items) + 1:
            *answer, ending = answer
            if ending not in {e.value for e in endings}:
                raise ScriptError(f"{ending!r} is not an ending of: {message}")
        if len(answer) != len(items):
            raise ScriptError(f"checklist needs {len(items)} marks for: {message}")
        wrong = [a for a in answer if a not in allowed]
        if wrong:
            raise ScriptError(f"{wrong} are not among {sorted(allowed)} for: {message}")
        marked = {item.value: str(mark) for item, mark in zip(items, answer, strict=True)}
        return marked if ending is None else {**marked, ENDING: str(ending)}

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
