"""The real terminal prompter (questionary / prompt_toolkit). The only module that imports them,
with its sibling `tty_list` (the list prompt, written on prompt_toolkit directly).

Every screen keeps the reminders the engine gives (`remind`) on its last lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import questionary
from prompt_toolkit.filters import is_done
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.input import Input
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output import Output as PtOutput

from thresholdcli.interview.prompter import (
    BACK,
    ENDING,
    FINISH,
    NONE_OF_THESE,
    Choice,
    Finder,
    Group,
    Mark,
    Notes,
    TickListener,
    WalkKeys,
)
from thresholdcli.interview.tty_list import (
    BACK_TITLE,
    CHECKBOX_HELP,
    DETAILS_HELP,
    NONE_TITLE,
    SEARCH_BACK,
    SEARCH_BACK_TITLE,
    SEARCH_HELP,
    SELECT_HELP,
    WALK_HELP,
    ListState,
    Row,
    run_enter,
    run_list,
)

STYLE = questionary.Style(
    [("separator", "bold"), ("highlighted", "reverse"), ("bottom-toolbar", "reverse bold")]
)


class QuestionaryPrompter:
    """Asks on the terminal. `input`/`output` let tests drive it through a pipe."""

    def __init__(
        self,
        input: Input | None = None,
        output: PtOutput | None = None,
        while_waiting: Callable[[], object] | None = None,
    ) -> None:
        """`while_waiting`: work done once, when the first question is on screen (while the
        practitioner reads it), so that nothing waits for it later."""
        self._io: dict[str, Any] = {}
        self._while_waiting = while_waiting
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output
        self._reminders: tuple[str, ...] = ()

    def remind(self, lines: Sequence[str]) -> None:
        self._reminders = tuple(lines)

    def _ask(self, question: questionary.Question) -> Any:
        """Ask, with the reminders drawn under the prompt (a bottom toolbar would need the
        terminal to report the cursor position, which not every terminal does)."""
        if self._reminders:
            app = question.application
            lines: StyleAndTextTuples = [
                ("class:bottom-toolbar", line + "\n") for line in self._reminders
            ]
            lines[-1] = (lines[-1][0], lines[-1][1].rstrip("\n"))
            footer = ConditionalContainer(
                Window(FormattedTextControl(lines), dont_extend_height=True), filter=~is_done
            )
            app.layout = Layout(
                HSplit([app.layout.container, footer]), focused_element=app.layout.current_window
            )
        if self._while_waiting is not None:
            question.application.after_render += self._once_drawn
        return question.unsafe_ask()

    def _once_drawn(self, app: Any) -> None:
        """After a question is drawn (the screen is flushed): the waiting work, once. A key
        pressed meanwhile waits in the terminal and is read right after."""
        work, self._while_waiting = self._while_waiting, None
        if work is not None:
            work()

    def select(
        self,
        message: str,
        choices: Sequence[Choice],
        default: str | None = None,
        details: Sequence[str] = (),
    ) -> str:
        rows = [Row("item", c.value, c.title, c.note) for c in choices]
        help_line = SELECT_HELP + (DETAILS_HELP if details else "")
        state = ListState(rows, multi=False, details=details, help=help_line)
        values = [c.value for c in choices]
        if default in values:
            state.cursor = values.index(default)
        return run_list(state, message, self._reminders, self._io)[0]

    def checkbox(
        self,
        message: str,
        groups: Sequence[Group],
        allow_back: bool,
        on_change: TickListener | None = None,
        walk: WalkKeys | None = None,
    ) -> list[str]:
        rows: list[Row] = [Row("action", NONE_OF_THESE, NONE_TITLE)]
        for group in groups:
            rows.append(Row("heading", "", group.heading))
            rows.extend(Row("item", c.value, c.title, c.note) for c in group.choices)
        if allow_back:
            rows.append(Row("action", BACK, BACK_TITLE))
        if walk is not None and walk.finish:
            rows.append(Row("action", FINISH, walk.finish))
        ticked = [c.value for g in groups for c in g.choices if c.checked]
        state = ListState(
            rows,
            multi=True,
            ticked=ticked,
            on_change=on_change,
            notes=walk.notes if walk else None,
            help=WALK_HELP if walk and walk.search else CHECKBOX_HELP,
        )
        searching = walk is not None and walk.search
        return run_list(state, message, self._reminders, self._io, search=searching)

    def search(
        self,
        message: str,
        find: Finder,
        ticked: Sequence[str],
        on_change: TickListener | None = None,
        notes: Notes | None = None,
        query: str = "",
    ) -> list[str]:
        def finder(words: str) -> list[Row]:
            return [Row("item", c.value, c.title, c.note) for c in find(words)]

        state = ListState(
            [Row("action", SEARCH_BACK, SEARCH_BACK_TITLE)],
            multi=True,
            ticked=list(ticked),
            on_change=on_change,
            finder=finder,
            notes=notes,
            help=SEARCH_HELP,
        )
        if query:
            state.type(query)
        return run_list(state, message, self._reminders, self._io)

    def checklist(
        self,
        message: str,
        items: Sequence[Choice],
        marks: Sequence[Mark],
        endings: Sequence[Mark] = (),
    ) -> dict[str, str]:
        rows = [Row("item", c.value, c.title, c.note) for c in items]
        rows += [Row("action", e.value, e.title) for e in endings]  # chosen with Enter
        keys = " · ".join(f"{m.key} {m.title.split(' (')[0].lower()}" for m in marks)
        enter = f"Enter: {endings[0].title.lower()}" if endings else "Enter"
        help_line = f"↑↓ move · {keys} · {enter} once every item is set"
        state = ListState(rows, multi=False, marks=marks, help=help_line)
        chosen = run_list(state, message, self._reminders, self._io)
        if not endings:
            return dict(state.marked)
        return {**state.marked, ENDING: chosen[0] if chosen else endings[0].value}

    def text(self, message: str, default: str = "") -> str:
        return str(self._ask(questionary.text(message, default=default, style=STYLE, **self._io)))

    def confirm(self, message: str, default: bool = False) -> bool:
        return bool(
            self._ask(questionary.confirm(message, default=default, style=STYLE, **self._io))
        )

    def acknowledge(self, message: str) -> None:
        run_enter(message, self._reminders, self._io)
