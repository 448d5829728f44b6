"""The plain prompter: numbered line prompts for screen readers and slow links (`--plain`,
and whenever TERM=dumb). No full-screen list, no boxes, no colour, no cursor movement: each
question is printed, then one typed line answers it. It reads any text stream, so it works
through a pipe.

Every prompt is preceded by the reminders the engine gives (`remind`), e.g. the 999 line.
The end of the input is taken as Ctrl-C: the engine keeps a draft.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TextIO

from thresholdcli.interview.prompter import (
    BACK,
    ENDING,
    FINISH,
    NONE_OF_THESE,
    SEARCH,
    Choice,
    Finder,
    Group,
    Mark,
    Notes,
    TickListener,
    WalkKeys,
    flatten,
)

SHOWN_HITS = 20  # search hits listed at once; more words narrow the rest
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NUMBERS = re.compile(r"^[\d\s,\-]+$")


class PlainPrompter:
    def __init__(self, input: TextIO, output: TextIO) -> None:
        self.input = input
        self.output = output
        self.reminders: tuple[str, ...] = ()

    # --- the line I/O ------------------------------------------------------------------

    def remind(self, lines: Sequence[str]) -> None:
        self.reminders = tuple(lines)

    def _say(self, text: str = "") -> None:
        self.output.write(_CONTROL.sub("?", text) + "\n")

    def _ask(self, question: str, lines: Sequence[str] = (), hint: str = "") -> str:
        """Reminders, the question, its lines, the hint; then one typed line."""
        for reminder in self.reminders:
            self._say(f"!! {reminder}")
        self._say(f"? {question}")
        for line in lines:
            self._say(line)
        self.output.write(f"{hint}> " if hint else "> ")
        self.output.flush()
        answer = self.input.readline()
        if not answer:  # the input has ended: as Ctrl-C, so a draft is kept
            self._say()
            raise KeyboardInterrupt
        if not self.input.isatty():  # not echoed by a terminal: the log shows the answer
            self._say(answer.strip())
        return answer.strip()

    # --- the questions -----------------------------------------------------------------

    def select(
        self,
        message: str,
        choices: Sequence[Choice],
        default: str | None = None,
        details: Sequence[str] = (),
    ) -> str:
        lines = []
        for n, choice in enumerate(choices, 1):
            mark = " (default)" if choice.value == default else ""
            note = f" ({choice.note})" if choice.note else ""
            lines.append(f"  {n}. {choice.title}{note}{mark}")
        named = _by_name(choices)
        hint = ("number or name" if named else "number") + (
            ", Enter for the default" if default else ""
        )
        hint += ", d for the details" if details else ""
        while True:
            answer = self._ask(message, lines, f"[{hint}] ")
            if not answer and default is not None:
                return default
            if answer.lower() == "d" and details:
                for line in details:
                    self._say(f"  {line}")
                continue
            picked = _one_number(answer, len(choices))
            if picked is not None:
                return choices[picked - 1].value
            if answer.casefold() in named:
                return named[answer.casefold()]
            names = f", or a name: {', '.join(c.value for c in choices)}" if named else ""
            self._say(f"  Type a number from 1 to {len(choices)}{names}.")

    def checkbox(
        self,
        message: str,
        groups: Sequence[Group],
        allow_back: bool,
        on_change: TickListener | None = None,
        walk: WalkKeys | None = None,
    ) -> list[str]:
        choices = flatten(groups)
        ticked = [c.value for c in choices if c.checked]
        lines: list[str] = []
        number = 0
        for group in groups:
            lines.append(f"  {group.heading}")
            for choice in group.choices:
                number += 1
                box = "[x]" if choice.checked else "[ ]"
                note = f" ({choice.note})" if choice.note else ""
                lines.append(f"  {number:>3}. {box} {choice.title}{note}")
        keep = "keep the [x]" if ticked else "nothing here"
        keys = ["numbers that apply (e.g. 3,7,12)", f"Enter: {keep}"]
        if walk is not None and walk.search:
            keys.append("s WORDS: search every domain")
        if walk is not None and walk.notes is not None:
            keys.append("n TEXT: a note on this domain")
        if walk is not None and walk.finish:
            keys.append(f"f (or f NUMBERS): {walk.finish.lower()}")
        if allow_back:
            keys.append("b: back to the previous domain")
        if ticked:
            keys.append("none: untick all")
        hint = "[" + "; ".join(keys) + "] "
        while True:
            answer = self._ask(message, lines, hint)
            command, _, rest = answer.partition(" ")
            word = command.lower()
            if word == "s" and walk is not None and walk.search:
                return [SEARCH, rest.strip()] if rest.strip() else [SEARCH]
            if word == "n" and walk is not None and walk.notes is not None:
                target = walk.notes.target(choices[0].value if choices else "")
                if target is not None:
                    walk.notes.save(target.domain, rest.strip())
                    self._say(f"  Note on {target.name} kept.")
                continue
            if word == "b" and allow_back and not rest:
                return [BACK]
            if word == "none" and not rest:
                ticked = []
                answer = ""
            finishing = word == "f" and walk is not None and bool(walk.finish)
            typed = rest if finishing else answer
            if typed and not _NUMBERS.match(typed):
                self._say("  Type the numbers of what applies, or one of the letters shown.")
                continue
            picked = _numbers(typed, len(choices)) if typed else None
            if typed and picked is None:
                self._say(f"  Numbers from 1 to {len(choices)}, e.g. 3,7,12 (or 3-5).")
                continue
            ticks = [choices[n - 1].value for n in picked] if picked is not None else ticked
            if on_change is not None and ticks != [c.value for c in choices if c.checked]:
                on_change(list(ticks))
            if finishing:
                return [FINISH, *ticks]
            return ticks if ticks else [NONE_OF_THESE]

    def search(
        self,
        message: str,
        find: Finder,
        ticked: Sequence[str],
        on_change: TickListener | None = None,
        notes: Notes | None = None,
        query: str = "",
    ) -> list[str]:
        ticks = list(ticked)
        words = query
        while not words:
            words = self._ask(message, (), "[words to search; Enter alone goes back] ")
            if not words:
                return ticks
        while True:
            hits = list(find(words))[:SHOWN_HITS]
            more = len(find(words)) - len(hits)
            lines = [f"  Search: {words} — {len(hits) + more} found"]
            for n, hit in enumerate(hits, 1):
                box = "[x]" if hit.value in ticks else "[ ]"
                lines.append(f"  {n:>3}. {box} {hit.title} ({hit.note})")
            if more:
                lines.append(f"  … and {more} more: add words to narrow the search")
            if not hits:
                lines.append(f'  no indicator matches "{words}"')
            lines.append(f"  Ticked so far: {len(ticks)}")
            hint = (
                "[numbers tick or untick; s WORDS: search again; n NUMBER TEXT: a note on "
                "that hit's domain; Enter: back to the walk] "
            )
            answer = self._ask(message, lines, hint)
            if not answer:
                return ticks
            command, _, rest = answer.partition(" ")
            if command.lower() == "s" and rest.strip():
                words = rest.strip()
                continue
            if command.lower() == "n" and notes is not None:
                at, _, text = rest.strip().partition(" ")
                chosen = _one_number(at, len(hits))
                target = notes.target(hits[chosen - 1].value) if chosen else None
                if target is None:
                    self._say("  n, the number of a hit, then the note: e.g. n 2 seen at home")
                    continue
                notes.save(target.domain, text.strip())
                self._say(f"  Note on {target.name} kept.")
                continue
            picked = _numbers(answer, len(hits)) if _NUMBERS.match(answer) else None
            if picked is None:
                self._say("  Type the numbers of hits, s and words, or Enter.")
                continue
            for n in picked:
                value = hits[n - 1].value
                if value in ticks:
                    ticks.remove(value)
                else:
                    ticks.append(value)
            if on_change is not None:
                on_change(list(ticks))

    def checklist(
        self,
        message: str,
        items: Sequence[Choice],
        marks: Sequence[Mark],
        endings: Sequence[Mark] = (),
    ) -> dict[str, str]:
        lines = []
        for n, item in enumerate(items, 1):
            note = f" ({item.note})" if item.note else ""
            lines.append(f"  {n:>3}. {item.title}{note}")
        for way in endings:  # one more letter, typed last, chooses how the screen ends
            first = " (no letter: this)" if way is endings[0] else ""
            lines.append(f"  then {way.key}: {way.title}{first}")
        keys = ", ".join(f"{m.key} {m.title}" for m in marks)
        hint = f"[one letter per item, in order, e.g. {marks[0].key * len(items)}: {keys}] "
        by_key = {m.key: m.value for m in marks}
        then = {e.key: e.value for e in endings}
        while True:
            answer = re.sub(r"[\s,]", "", self._ask(message, lines, hint).lower())
            ending = endings[0].value if endings else None
            if then and len(answer) == len(items) + 1 and answer[-1] in then:
                answer, ending = answer[:-1], then[answer[-1]]
            if len(answer) == len(items) and all(c in by_key for c in answer):
                marked = {item.value: by_key[c] for item, c in zip(items, answer, strict=True)}
                return marked if ending is None else {**marked, ENDING: ending}
            more = f", then one of {', '.join(then)} if you like" if then else ""
            self._say(f"  {len(items)} letter(s), each one of: {keys}{more}.")

    def text(self, message: str, default: str = "") -> str:
        hint = f"[Enter keeps: {default.strip()}] " if default.strip() else ""
        answer = self._ask(message, (), hint)
        return answer or default

    def confirm(self, message: str, default: bool = False) -> bool:
        while True:
            answer = self._ask(message, (), f"[y/n, Enter for {'y' if default else 'n'}] ")
            if not answer:
                return default
            if answer.lower() in ("y", "yes"):
                return True
            if answer.lower() in ("n", "no"):
                return False
            self._say("  Type y or n.")

    def acknowledge(self, message: str) -> None:
        self._ask(message, (), "[Enter] ")


_WHOLE = re.compile(r"[0-9]{1,9}")  # ASCII digits only: "²".isdigit(), yet int("²") fails


def _by_name(choices: Sequence[Choice]) -> dict[str, str]:
    """A choice's value or title (any case) for the choice, when no value is a number (a
    typed number is always a position in the list) and no two choices share a name."""
    if any(choice.value.strip().isdigit() for choice in choices):
        return {}
    named: dict[str, str] = {}
    for choice in choices:
        for name in {choice.value.casefold(), choice.title.casefold()}:
            if named.setdefault(name, choice.value) != choice.value:
                return {}
    return named


def _whole(text: str) -> int | None:
    return int(text) if _WHOLE.fullmatch(text) else None


def _one_number(text: str, most: int) -> int | None:
    n = _whole(text)
    return n if n is not None and 1 <= n <= most else None


def _numbers(text: str, most: int) -> list[int] | None:
    """`3,7,12` or `3 7 12` or `3-5`: the numbers, in order, once each; None if any is out."""
    found: list[int] = []
    for part in re.split(r"[\s,]+", text.strip()):
        if not part:
            continue
        low, dash, high = part.partition("-")
        first, last = _whole(low), _whole(high) if dash else _whole(low)
        if first is None or last is None:
            return None
        span = range(first, last + 1)
        for n in span:
            if not 1 <= n <= most:
                return None
            if n not in found:
                found.append(n)
    return found or None
