"""The terminal list prompt (prompt_toolkit): ticks that never come from typing.

One small Application serves the checkbox (tick any number), the search (the same, over
hits found by what is typed), the checklist (each item set by a key) and the single
choice. In a checkbox list, typing filters; while a filter is typed every printable key,
space included, goes into the filter, and only Tab ticks. With no filter, Space ticks too.
The help line says so. The number ticked, and every tick by id, stay on screen even when
the filter hides them. "Nothing here" (first, so Enter at once answers it) reads "Done: N
ticked" once anything is ticked, so it can never be chosen beside a tick; it, "◀ Back" and
"Finish the walk here" are chosen with Enter, never ticked. Ctrl-F leaves a domain screen
for the search; Ctrl-N types a note on the domain of the row under the cursor, on the same
screen. The reminder lines (e.g. 999) are drawn at the foot of the prompt.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from thresholdcli.interview.prompter import (
    FINISH,
    NONE_OF_THESE,
    SEARCH,
    Mark,
    Notes,
    NoteTarget,
)

STYLE = Style.from_dict(
    {
        "question": "bold",
        "heading": "bold",
        "pointer": "reverse",
        "note": "italic",
        "help": "",
        "warning": "bold",
        "reminder": "reverse bold",
    }
)
SEARCH_BACK = "__walk__"
BACK_TITLE = "◀ Back to previous domain"
NONE_TITLE = "Nothing here"
SEARCH_BACK_TITLE = "◀ Back to the walk"
CHECKBOX_HELP = (
    "↑↓ PgUp PgDn Home End move · Space ticks (Tab while filtering) · type to filter, "
    "Esc clears · Enter: done, or choose an action"
)
WALK_HELP = (
    "↑↓ PgUp PgDn Home End · Space ticks (Tab while filtering) · type to filter (Esc clears) "
    "· Ctrl-F search all domains · Ctrl-N note · Enter: done"
)
SEARCH_HELP = (
    "type words (any order; endings and small typos forgiven) · Tab ticks · ↑↓ PgUp PgDn move · "
    "Ctrl-N note on the hit's domain · Enter: back to the walk"
)
SELECT_HELP = "↑↓ PgUp PgDn Home End move · Enter chooses"
DETAILS_HELP = " · d shows the details"
FIXED_LINES = 7  # question, filter, count, help, margins: rows kept outside the list (a page)


@dataclass(frozen=True)
class Row:
    """One line group of the list: a heading, a tickable item, or an action chosen with Enter."""

    kind: str  # "heading" | "item" | "action"
    value: str
    title: str
    note: str = ""


@dataclass
class ListState:
    """Everything the prompt shows, kept apart from the terminal so it can be tested."""

    rows: list[Row]
    multi: bool
    ticked: list[str] = field(default_factory=list)
    query: str = ""
    cursor: int = 0  # index into `choosable()`
    warning: str = ""
    on_change: Callable[[list[str]], None] | None = None
    done: str = ""  # once answered: the answer, shown in place of the list
    # The search: the rows found for what is typed, instead of filtering `rows`.
    finder: Callable[[str], list[Row]] | None = None
    # Ctrl-N: a note on the domain of the row under the cursor, typed on the same screen.
    notes: Notes | None = None
    note_edit: str | None = None  # the note being typed; None when no note is being typed
    note_target: NoteTarget | None = None
    details: Sequence[str] = ()  # shown with `d` (a single choice only)
    show_details: bool = False
    marks: Sequence[Mark] = ()  # a checklist: each item set to one mark by its key
    marked: dict[str, str] = field(default_factory=dict)
    help: str = ""
    _found: tuple[str, list[Row]] | None = None

    def found(self) -> list[Row]:
        assert self.finder is not None
        if self._found is None or self._found[0] != self.query:
            self._found = (self.query, self.finder(self.query) if self.query.strip() else [])
        return self._found[1]

    def visible(self) -> list[Row]:
        """Rows matching the filter (every word, in any order), headings kept above them;
        in the search, the action rows and the hits for what is typed."""
        if self.finder is not None:
            return [r for r in self.rows if r.kind == "action"] + self.found()
        words = self.query.lower().split()
        shown: list[Row] = []
        heading: Row | None = None
        for row in self.rows:
            if row.kind == "heading":
                heading = row
                continue
            text = f"{row.title} {row.value} {row.note}".lower()
            if row.kind == "item" and not all(w in text for w in words):
                continue
            if row.kind == "item" and heading is not None:
                shown.append(heading)
                heading = None
            shown.append(row)
        return shown

    def choosable(self) -> list[Row]:
        return [r for r in self.visible() if r.kind != "heading"]

    def matches(self) -> int:
        return sum(1 for r in self.visible() if r.kind == "item")

    def current(self) -> Row | None:
        rows = self.choosable()
        if not rows:
            return None
        self.cursor = max(0, min(self.cursor, len(rows) - 1))
        return rows[self.cursor]

    def move(self, steps: int) -> None:
        rows = self.choosable()
        if rows:
            self.cursor = max(0, min(self.cursor + steps, len(rows) - 1))
        self.warning = ""

    def type(self, text: str) -> None:
        self.query += text
        self._to_first_item()
        self.warning = ""

    def erase(self) -> None:
        self.query = self.query[:-1]
        self._to_first_item()

    def _to_first_item(self) -> None:
        rows = self.choosable()
        self.cursor = next((n for n, r in enumerate(rows) if r.kind == "item"), 0)

    def clear_filter(self) -> None:
        self.query = ""
        self.warning = ""

    def toggle(self) -> None:
        row = self.current()
        if row is None or row.kind != "item":
            self.warning = "Only an indicator can be ticked: choose this one with Enter."
            return
        if row.value in self.ticked:
            self.ticked.remove(row.value)
        else:
            self.ticked.append(row.value)
        self.warning = ""
        if self.on_change is not None:
            self.on_change(self.in_order(self.ticked))

    def in_order(self, values: Sequence[str]) -> list[str]:
        """In the list's order (values the list does not hold last, as they came)."""
        order = {r.value: n for n, r in enumerate(r for r in self.rows if r.kind == "item")}
        return sorted(values, key=lambda v: order.get(v, len(order)))

    def title_of(self, row: Row) -> str:
        if row.value == NONE_OF_THESE and self.ticked:
            return f"Done: {len(self.ticked)} ticked"
        return row.title

    def answer(self) -> list[str] | None:
        """What Enter gives: the ticks, or the action under the cursor; None to stay."""
        row = self.current()
        if self.marks:
            missing = [r for r in self.rows if r.kind == "item" and r.value not in self.marked]
            if missing:
                self.cursor = self.choosable().index(missing[0])
                self.warning = f"{len(missing)} item(s) not set yet: set each with its key."
                return None
            return [row.value] if row is not None and row.kind == "action" else []
        if not self.multi:
            return [row.value] if row is not None else None
        ticks = self.in_order(self.ticked)
        if row is not None and row.kind == "action":
            if row.value == NONE_OF_THESE:  # "Done: N ticked" once anything is ticked
                return ticks if ticks else [NONE_OF_THESE]
            if row.value == FINISH:
                return [FINISH, *ticks]
            if row.value == SEARCH_BACK:
                return ticks
            return [row.value]
        return ticks

    def mark(self, key: str) -> bool:
        """Set the item under the cursor by a mark's key, and move on; False if no such key."""
        chosen = next((m for m in self.marks if m.key == key), None)
        row = self.current()
        if chosen is None or row is None or row.kind != "item":
            return False
        self.marked[row.value] = chosen.value
        self.move(1)
        return True

    def start_note(self) -> None:
        row = self.current()
        target = self.notes.target(row.value if row else "") if self.notes else None
        if self.notes is None or target is None:
            self.warning = "Move to an indicator to write a note on its domain."
            return
        self.note_target = target
        self.note_edit = self.notes.text(target.domain)
        self.warning = ""

    def keep_note(self) -> None:
        if self.notes is not None and self.note_target is not None and self.note_edit is not None:
            self.notes.save(self.note_target.domain, self.note_edit)
            self.warning = f"Note on {self.note_target.name} kept."
        self.note_edit = None


def summary(state: ListState, answer: list[str]) -> str:
    titles = {r.value: r.title for r in state.rows}
    if state.marks:
        ending = titles.get(answer[0], "") if answer else ""
        return f"{len(state.marked)} item(s) set" + (f"; {ending}" if ending else "")
    if answer and answer[0] == SEARCH:
        return "(to the search)"
    if answer and answer[0] == FINISH:
        ticked = f"{len(answer) - 1} ticked: {', '.join(answer[1:])}; " if answer[1:] else ""
        return ticked + titles[FINISH]
    if not state.multi or (
        answer and answer[0] in {r.value for r in state.rows if r.kind == "action"}
    ):
        return titles.get(answer[0], answer[0]) if answer else ""
    return f"{len(answer)} ticked: {', '.join(answer)}" if answer else "none ticked"


def wrap(text: str, width: int, indent: int) -> list[str]:
    return textwrap.wrap(text, max(20, width - indent)) or [""]


def render(
    state: ListState, message: str, reminders: Sequence[str], width: int, height: int
) -> StyleAndTextTuples:
    out: StyleAndTextTuples = []

    def line(text: str, style: str = "") -> None:
        out.append((style, text + "\n"))

    if state.done:
        return [("class:question", f"? {message} "), ("", state.done)]
    for part in wrap(f"? {message}", width, 0):
        line(part, "class:question")
    if state.show_details:
        for detail in state.details:
            for part in wrap(detail, width, 2):
                line(f"  {part}")
    if state.finder is not None:
        line(f"  Search: {state.query}▏ — {state.matches()} found")
    elif state.multi and state.query:
        line(f'  Filter: "{state.query}" — {state.matches()} shown (Esc clears the filter)')
    visible = state.visible()
    current = state.current()
    if state.multi and state.query and state.matches() == 0:
        line(f'  no indicator matches "{state.query}"', "class:warning")
    blocks: list[tuple[Row, list[str]]] = []
    for row in visible:
        if row.kind == "heading":
            blocks.append((row, [f"  ── {row.title} ──"]))
            continue
        box = ""
        if state.marks and row.kind == "item":
            chosen = {m.value: m.title for m in state.marks}.get(state.marked.get(row.value, ""))
            box = f"[{chosen or '?'}] "
        elif state.multi and row.kind == "item":
            box = "[x] " if row.value in state.ticked else "[ ] "
        pointer = "❯ " if row is current else "  "
        text = f"{box}{state.title_of(row)}" + (f" ({row.note})" if row.note else "")
        lines = wrap(text, width, 6)
        blocks.append((row, [pointer + lines[0], *("      " + rest for rest in lines[1:])]))
    footer: StyleAndTextTuples = []

    def foot(text: str, style: str = "") -> None:
        footer.append((style, text + "\n"))

    if state.multi and not state.marks:
        hidden = [v for v in state.ticked if v not in {r.value for r in visible}]
        ticks = ", ".join(state.in_order(state.ticked)) or "none"
        why = "not among these hits" if state.finder is not None else "hidden by the filter"
        aside = f" ({len(hidden)} {why})" if hidden else ""
        for part in wrap(f"Ticked so far: {len(state.ticked)}{aside}: {ticks}", width, 2):
            foot(f"  {part}", "class:heading")
    if state.note_edit is not None and state.note_target is not None:
        name, text = state.note_target.name, state.note_edit
        label = f"Note on {name}: {text}▏ (Enter keeps it, Esc cancels)"
        for part in wrap(label, width, 2):
            foot(f"  {part}", "class:question")
    if state.warning:
        for part in wrap(state.warning, width, 2):
            foot(f"  {part}", "class:warning")
    for part in wrap(state.help or (CHECKBOX_HELP if state.multi else SELECT_HELP), width, 2):
        foot(f"  {part}", "class:help")
    # The list gets what the question, the lines below it and the reminders leave, less the
    # "more above/below" lines and one for the cursor.
    room = max(3, height - len(out) - len(footer) - len(reminders) - 3)
    start = _first_block(blocks, current, room)
    shown_lines = 0
    end = start
    while end < len(blocks) and shown_lines + len(blocks[end][1]) <= room:
        shown_lines += len(blocks[end][1])
        end += 1
    if start > 0:
        line(f"  ▲ {sum(1 for r, _ in blocks[:start] if r.kind != 'heading')} more above")
    for row, lines in blocks[start:end]:
        style = "class:heading" if row.kind == "heading" else ""
        if row is current:
            style = "class:pointer"
        for text in lines:
            line(text, style)
    if end < len(blocks):
        line(f"  ▼ {sum(1 for r, _ in blocks[end:] if r.kind != 'heading')} more below")
    out.extend(footer)
    for reminder in reminders:
        line(reminder[:width], "class:reminder")
    if out:
        last = out[-1]
        out[-1] = (last[0], last[1].rstrip("\n"))
    return out


def _first_block(blocks: list[tuple[Row, list[str]]], current: Row | None, room: int) -> int:
    """The first block to draw so the pointer's row is on screen, with its heading if it fits."""
    if current is None:
        return 0
    at = next(i for i, (row, _) in enumerate(blocks) if row is current)
    start, used = at, len(blocks[at][1])
    while start > 0 and used + len(blocks[start - 1][1]) <= room // 2:
        start -= 1
        used += len(blocks[start][1])
    return start


def run_list(
    state: ListState,
    message: str,
    reminders: Sequence[str],
    io: dict[str, Any],
    search: bool = False,
) -> list[str]:
    """Show the list until an answer is given; Ctrl-C raises KeyboardInterrupt."""
    bindings = KeyBindings()

    def size() -> tuple[int, int]:
        got = get_app().output.get_size()
        return got.columns, got.rows

    def page() -> int:
        return max(1, size()[1] - FIXED_LINES - len(reminders) - 2)

    @bindings.add(Keys.ControlC)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    for key, steps in ((Keys.Up, -1), (Keys.Down, 1)):

        def _move(event: KeyPressEvent, steps: int = steps) -> None:
            state.move(steps)

        bindings.add(key)(_move)

    @bindings.add(Keys.PageUp)
    def _page_up(event: KeyPressEvent) -> None:
        state.move(-page())

    @bindings.add(Keys.PageDown)
    def _page_down(event: KeyPressEvent) -> None:
        state.move(page())

    @bindings.add(Keys.Home)
    def _home(event: KeyPressEvent) -> None:
        state.move(-len(state.rows))

    @bindings.add(Keys.End)
    def _end(event: KeyPressEvent) -> None:
        state.move(len(state.rows))

    @bindings.add(Keys.Enter)
    def _enter(event: KeyPressEvent) -> None:
        if state.note_edit is not None:
            state.keep_note()
            return
        answer = state.answer()
        if answer is not None:
            state.done = summary(state, answer)
            event.app.exit(result=answer)

    if search:

        @bindings.add(Keys.ControlF)
        def _search(event: KeyPressEvent) -> None:
            if state.note_edit is None:
                answer = [SEARCH, state.query] if state.query.strip() else [SEARCH]
                state.done = summary(state, answer)
                event.app.exit(result=answer)

    if state.notes is not None:

        @bindings.add(Keys.ControlN)
        def _note(event: KeyPressEvent) -> None:
            if state.note_edit is None:
                state.start_note()

    if state.details:

        @bindings.add("d")
        def _details(event: KeyPressEvent) -> None:
            state.show_details = not state.show_details

    if state.marks:

        @bindings.add(Keys.Any)
        def _mark(event: KeyPressEvent) -> None:
            if not state.mark(event.data.lower()):
                keys = ", ".join(f"{m.key} {m.title}" for m in state.marks)
                state.warning = f"Set the item with a key: {keys}."

    if state.multi and not state.marks:

        @bindings.add(Keys.Tab)
        def _tick(event: KeyPressEvent) -> None:
            if state.note_edit is None:
                state.toggle()

        @bindings.add(Keys.Escape, eager=True)
        def _clear(event: KeyPressEvent) -> None:
            if state.note_edit is not None:
                state.note_edit = None
                return
            state.clear_filter()

        @bindings.add(Keys.Backspace)
        def _erase(event: KeyPressEvent) -> None:
            if state.note_edit is not None:
                state.note_edit = state.note_edit[:-1]
                return
            state.erase()

        @bindings.add(Keys.Any)
        def _type(event: KeyPressEvent) -> None:
            typed = event.data
            if not typed.isprintable():
                return
            if state.note_edit is not None:
                state.note_edit += typed
                return
            if typed == " " and not state.query:
                state.toggle()  # no filter typed: Space ticks
                return
            state.type(typed)

    def text() -> StyleAndTextTuples:
        columns, rows = size()
        return render(state, message, reminders, columns, rows)

    window = Window(
        FormattedTextControl(text, show_cursor=False), dont_extend_height=True, wrap_lines=True
    )
    app: Application[list[str]] = Application(
        layout=Layout(HSplit([window])),
        key_bindings=bindings,
        style=STYLE,
        erase_when_done=False,
        **io,
    )
    return app.run()


def run_enter(message: str, reminders: Sequence[str], io: dict[str, Any]) -> None:
    """Wait for Enter, with the reminders in sight; Ctrl-C raises KeyboardInterrupt."""
    bindings = KeyBindings()

    @bindings.add(Keys.ControlC)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @bindings.add(Keys.Enter)
    def _enter(event: KeyPressEvent) -> None:
        event.app.exit(result=None)

    def text() -> StyleAndTextTuples:
        width = get_app().output.get_size().columns
        parts: StyleAndTextTuples = [("class:question", f"? {message}")]
        if get_app().is_done:
            return parts
        parts += [("", "\n"), *(("class:reminder", f"{r[:width]}\n") for r in reminders)]
        return parts

    window = Window(FormattedTextControl(text, show_cursor=False), dont_extend_height=True)
    app: Application[None] = Application(
        layout=Layout(HSplit([window])), key_bindings=bindings, style=STYLE, **io
    )
    app.run()


__all__ = ["BACK_TITLE", "NONE_TITLE", "Input", "ListState", "Output", "Row", "run_list"]
