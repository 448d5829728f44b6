"""The input half of a transcript: `session.toml`, parsed strictly, and the key notation."""

from __future__ import annotations

import re
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

KEYS = {
    "enter": "\r",
    "space": " ",
    "tab": "\t",
    "down": "\x1b[B",
    "up": "\x1b[A",
    "backspace": "\x7f",
    "end": "\x1b[F",
    "home": "\x1b[H",
    "ctrl-c": "\x03",
    "ctrl-f": "\x06",
    "ctrl-n": "\x0e",
}
KEY_TOKEN = re.compile(r"<([a-z-]+)(?:\*(\d+))?>")


class SessionError(ValueError):
    """A session file that cannot be replayed, with the file and the place in it."""


def parse_keys(notation: str) -> str:
    """`"T-1<enter>"` -> `"T-1\\r"`; `<down*3>` repeats a key; any other text is sent as typed."""
    out: list[str] = []
    position = 0
    for match in KEY_TOKEN.finditer(notation):
        name, times = match.group(1), match.group(2)
        if name not in KEYS:
            raise ValueError(f"unknown key <{name}> (known: {', '.join(sorted(KEYS))})")
        count = int(times) if times else 1
        if not 1 <= count <= 99:
            raise ValueError(f"<{name}*{count}>: repeat between 1 and 99 times")
        out.append(notation[position : match.start()])
        out.append(KEYS[name] * count)
        position = match.end()
    out.append(notation[position:])
    return "".join(out)


def _checked_regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a regular expression ({exc})") from None
    return pattern


def _checked_keys(notation: str) -> str:
    parse_keys(notation)
    return notation


def _checked_now(value: str) -> str:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("needs a UTC offset, e.g. 2026-11-27T16:45:00+00:00")
    return value


Regex = Annotated[str, AfterValidator(_checked_regex)]
KeyNotation = Annotated[str, AfterValidator(_checked_keys)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(Strict):
    """Wait until the screen shows `expect` (a regex), then type `send`; `times` repeats it."""

    expect: Regex
    send: KeyNotation = ""
    times: int = Field(default=1, ge=1, le=99)


class Repeat(Strict):
    """A group of steps done `times` times, e.g. skipping several domains."""

    times: int = Field(ge=1, le=99)
    steps: list[Step] = Field(min_length=1)


class Run(Strict):
    """One `thresholdcli interview` process."""

    args: list[str] = []
    steps: list[Step | Repeat] = Field(min_length=1)
    exit: int = 0

    def flat_steps(self) -> list[Step]:
        flat: list[Step] = []
        for item in self.steps:
            inner = item.steps if isinstance(item, Repeat) else [item]
            for _ in range(item.times if isinstance(item, Repeat) else 1):
                for step in inner:
                    flat.extend([step] * step.times)
        return flat


class Terminal(Strict):
    rows: int = Field(default=40, ge=10, le=200)
    columns: int = Field(default=120, ge=40, le=400)


class Session(Strict):
    description: str = Field(min_length=1)
    framework: str = Field(min_length=1)
    now: Annotated[str, AfterValidator(_checked_now)]
    terminal: Terminal = Terminal()
    runs: list[Run] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _single_run(cls, data: Any) -> Any:
        """A one-process session may put `args`, `steps` and `exit` at the top level."""
        if isinstance(data, dict) and "steps" in data:
            if "runs" in data:
                raise ValueError("give either top-level steps or [[runs]], not both")
            data = dict(data)
            run = {k: data.pop(k) for k in ("args", "steps", "exit") if k in data}
            data["runs"] = [run]
        return data


def load_session(path: Path) -> Session:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SessionError(f"{path}: {exc}") from None
    try:
        return Session.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(file)"
        message = first["msg"].removeprefix("Value error, ")
        raise SessionError(f"{path}: {where}: {message}") from None
