"""The practitioner's remembered settings: default framework, role and cases folder.

One small TOML file per user, in the platform's config folder (platformdirs), or in
$THRESHOLDCLI_CONFIG_DIR. Each value comes from the first that has it: a command-line flag,
then an environment variable, then this file, then the built-in default. `Setting.source`
says which, so that a remembered value is never used without saying so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import tomli

from thresholdcli.errors import UsageError
from thresholdcli.suggest import did_you_mean

CONFIG_DIR_ENV = "THRESHOLDCLI_CONFIG_DIR"
FILE_NAME = "settings.toml"
ROLE_MAX = 80
SETTINGS_MAX_BYTES = 64 * 1024  # three short keys: anything larger is not a settings file


class SettingsError(UsageError):
    """The settings file cannot be read, or a value given for it is not valid."""


@dataclass(frozen=True)
class Key:
    name: str
    env: str
    meaning: str


KEYS: dict[str, Key] = {
    key.name: key
    for key in (
        Key(
            "framework",
            "THRESHOLDCLI_FRAMEWORK",
            "the framework offered first in the interview (an id, e.g. hull)",
        ),
        Key(
            "role",
            "THRESHOLDCLI_ROLE",
            'your role, recorded as who assessed (e.g. "school DSL"; never a name)',
        ),
        Key("cases_dir", "THRESHOLDCLI_CASES", "the folder where case records are kept"),
    )
}
FLAG, ENVIRONMENT, FILE, DEFAULT = "flag", "environment", "settings file", "default"


@dataclass(frozen=True)
class Setting:
    key: str
    value: str | None
    source: str  # FLAG, ENVIRONMENT, FILE or DEFAULT

    @property
    def origin(self) -> str:
        """Where the value came from, in words: "the settings file (/…/settings.toml)"."""
        if self.source == ENVIRONMENT:
            return f"${KEYS[self.key].env}"
        if self.source == FILE:
            return f"your settings file ({settings_path()})"
        if self.source == FLAG:
            return "the command line"
        return "the built-in default"

    @property
    def remembered(self) -> bool:
        """Set outside this command line: worth a word on screen when it is used."""
        return self.value is not None and self.source in (ENVIRONMENT, FILE)


def config_dir() -> Path:
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("thresholdcli", appauthor=False))


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def read_settings(path: Path | None = None) -> dict[str, str]:
    """The file's values, each checked; {} when there is no file."""
    path = path or settings_path()
    if not os.path.lexists(path):
        return {}
    from thresholdcli.safe_io import read_input

    raw = read_input(path, SettingsError, limit=SETTINGS_MAX_BYTES)
    try:
        data = tomli.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomli.TOMLDecodeError) as exc:
        raise SettingsError(
            f"{path}: not a valid settings file ({exc}); fix it or remove it "
            "(`thresholdcli config path` shows where it is)"
        ) from None
    values: dict[str, str] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise SettingsError(
                f"{path}: {key}: unknown setting{did_you_mean(key, KEYS)} "
                f"(settings: {', '.join(KEYS)})"
            )
        if not isinstance(value, str):
            raise SettingsError(f"{path}: {key}: must be text in quotes")
        try:
            values[key] = check_value(key, value, in_file=True)
        except ValueError as exc:
            raise SettingsError(f"{path}: {key}: {exc}") from None
    return values


def check_value(key: str, value: str, in_file: bool = False) -> str:
    """A value fit to use (or, `in_file`, to keep); ValueError saying why not. Frameworks
    are checked by the caller, which knows which are shipped."""
    text = value.strip()
    if not text:
        raise ValueError("is empty (use `thresholdcli config unset` to remove a setting)")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise ValueError("must be one line of plain text")
    if key == "role" and len(text) > ROLE_MAX:
        raise ValueError(f"is longer than {ROLE_MAX} characters: give a role, not a note")
    if in_file and key == "cases_dir" and not Path(text).expanduser().is_absolute():
        raise ValueError(
            f"{text!r} is not an absolute path: a relative one would change with the folder "
            "you start in (`config set cases_dir` makes it absolute)"
        )
    return text


def effective(key: str, given: str | None = None, given_source: str = FLAG) -> Setting:
    """The value in force: `given` (a flag, or an environment variable typer read), else
    the environment variable, else the settings file, else None (the built-in default)."""
    if given is not None and given.strip():
        return Setting(key, _checked(key, given, given_source), given_source)
    env = os.environ.get(KEYS[key].env, "")
    if env.strip():
        return Setting(key, _checked(key, env, ENVIRONMENT), ENVIRONMENT)
    stored = read_settings().get(key)
    if stored is not None:
        return Setting(key, stored, FILE)
    return Setting(key, None, DEFAULT)


def _checked(key: str, value: str, source: str) -> str:
    try:
        return check_value(key, value)
    except ValueError as exc:
        where = f"${KEYS[key].env}" if source == ENVIRONMENT else f"the {key} given"
        raise SettingsError(f"{where}: {exc}") from None


def save_setting(key: str, value: str | None) -> Path:
    """Set (or, with None, remove) one key, keeping the others; returns the file's path."""
    path = settings_path()
    values = read_settings(path)
    if value is None:
        values.pop(key, None)
    else:
        values[key] = check_value(key, value, in_file=True)
    from thresholdcli.records import store, toml_writer

    ordered = {k: values[k] for k in KEYS if k in values}
    store.atomic_write(path, toml_writer.dumps(ordered))
    return path
