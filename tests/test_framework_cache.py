"""The framework cache: used when valid, ignored when stale, never trusted when it cannot be.

An entry is the only way a run skips validating a framework file, so each test checks what
a run actually used: validation is made to fail (or is counted), and the framework the run
got is compared with the one validation gives.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from thresholdcli import cache
from thresholdcli.advice import contacts
from thresholdcli.advice.cards import build_cards
from thresholdcli.advice.contacts import UK, plan_calls, plan_json
from thresholdcli.advice.mapping import map_level
from thresholdcli.errors import FrameworkError
from thresholdcli.framework import cached, loader
from thresholdcli.framework.describe import describe, summary
from thresholdcli.framework.model import Framework
from thresholdcli.framework.view import Node

SHIPPED = [path.stem for path in loader.framework_files()]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder and a copy of the shipped frameworks, nothing loaded yet."""
    shipped = tmp_path / "frameworks"
    shipped.mkdir()
    for path in loader.framework_files():
        shutil.copy(path, shipped / path.name)
    monkeypatch.setenv(loader.FRAMEWORKS_ENV, str(shipped))
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(loader, "_LOADED", {})
    return tmp_path / "cache"


def fresh_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget what this process has loaded, as a new run would."""
    monkeypatch.setattr(loader, "_LOADED", {})


def cached_view(ref: str, monkeypatch: pytest.MonkeyPatch) -> Framework:
    """The view a later run gets (the first run validates and stores the entry)."""
    loader.resolve(ref)
    fresh_run(monkeypatch)
    view, _ = loader.resolve_view(ref)
    assert isinstance(view, Node)
    return view


def count_validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = loader.check_framework_bytes

    def counting(raw: bytes, name: str) -> Any:
        seen.append(Path(name).stem)
        return real(raw, name)

    monkeypatch.setattr(loader, "check_framework_bytes", counting)
    return seen


def forbid_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(raw: bytes, name: str) -> Any:
        raise AssertionError(f"{name} was validated although its cache entry is valid")

    monkeypatch.setattr(loader, "check_framework_bytes", refuse)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("framework-*.json"))


def entry_for(folder: Path, framework_id: str) -> Path:
    for path in entries(folder):
        if json.loads(path.read_bytes().partition(b"\n")[0])["id"] == framework_id:
            return path
    raise AssertionError(f"no entry for {framework_id}")


def validated(framework_id: str) -> Framework:
    return loader.load_framework(loader.frameworks_dir() / f"{framework_id}.toml")


# --- used when valid -----------------------------------------------------------------


def test_valid_entries_are_used_instead_of_validating(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = {ref: loader.resolve(ref) for ref in SHIPPED}
    assert len(entries(folder)) == len(SHIPPED)
    fresh_run(monkeypatch)
    forbid_validation(monkeypatch)
    for ref in SHIPPED:
        view, view_digest = loader.resolve_view(ref)
        model, digest = loader.resolve(ref)
        assert (model, digest) == first[ref]
        assert isinstance(view, Node) and view_digest == digest
        assert cached.same_values(view, model)


def test_domain_names_come_from_the_entry_as_the_framework_gives_them(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wanted = {ref: {d.id: d.name for d in loader.resolve(ref)[0].domains} for ref in SHIPPED}
    assert all(wanted.values())
    monkeypatch.setenv(cache.CACHE_ENV, cache.OFF)
    fresh_run(monkeypatch)
    assert {ref: loader.domain_names(ref) for ref in SHIPPED} == wanted
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    fresh_run(monkeypatch)
    forbid_validation(monkeypatch)
    monkeypatch.setattr(cached.Entry, "data", lambda self: pytest.fail("framework data read"))
    for ref in SHIPPED:
        found = loader.domain_names(ref)
        assert found == wanted[ref] and list(found) == list(wanted[ref])  # same order too


def test_entries_are_private_files_in_a_private_folder(folder: Path) -> None:
    loader.resolve("hull")
    assert folder.stat().st_mode & 0o777 == 0o700
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in entries(folder))


def test_the_cache_can_be_turned_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, cache.OFF)
    loader.resolve("hull")
    assert not folder.exists()
    view, _ = loader.resolve_view("hull")
    assert not isinstance(view, Node)  # without a cache the model itself is shown


# --- ignored when the framework file changes -----------------------------------------


def test_a_changed_framework_file_is_validated_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, old_digest = loader.resolve("hull")
    path = loader.frameworks_dir() / "hull.toml"
    old_name = before.level(1).name
    path.write_text(
        path.read_text(encoding="utf-8").replace(f'name = "{old_name}"', 'name = "Renamed"', 1),
        encoding="utf-8",
    )
    fresh_run(monkeypatch)
    validations = count_validations(monkeypatch)
    after, new_digest = loader.resolve("hull")
    view, _ = loader.resolve_view("hull")
    assert validations == ["hull"]
    assert new_digest != old_digest
    assert after.level(1).name == view.level(1).name == "Renamed"
    assert after == validated("hull")


def test_an_invalid_change_is_reported_not_hidden_by_the_cache(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loader.resolve("hull")
    path = loader.frameworks_dir() / "hull.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("schema_version = 1", "schema_version = 9"),
        encoding="utf-8",
    )
    fresh_run(monkeypatch)
    with pytest.raises(FrameworkError, match="schema_version"):
        loader.resolve_view("hull")


def test_a_different_tool_or_schema_never_reads_an_entry(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loader.resolve("hull")
    fresh_run(monkeypatch)
    monkeypatch.setattr(cached, "fingerprint", lambda: "another version of the schema")
    validations = count_validations(monkeypatch)
    loader.resolve("hull")
    assert sorted(validations) == SHIPPED  # every file, to find hull among them


def test_the_fingerprint_covers_the_tool_version_and_the_schema_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    now = cached.fingerprint()
    cached.fingerprint.cache_clear()
    monkeypatch.setattr(cached, "__version__", "99.0")
    try:
        assert cached.fingerprint() not in (None, now)
    finally:
        cached.fingerprint.cache_clear()
    model_py = Path(cached.__file__).with_name("model.py").read_bytes()
    assert b"class Framework(" in model_py  # the schema lives in a file the fingerprint reads


# --- never trusted when unreadable or corrupt ----------------------------------------

Damage = Callable[[Path], None]


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-200])


def _flip_payload_byte(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xff not json at all")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _consistent_but_wrong_key(path: Path) -> None:
    header, _, value = path.read_bytes().partition(b"\n")
    meta = json.loads(header)
    path.write_bytes(cache.encode(meta["key"].replace("framework ", "framework 0"), value, meta))


def _swap_data_keeping_the_checksum_wrong(path: Path) -> None:
    header, _, value = path.read_bytes().partition(b"\n")
    data = json.loads(value)
    data["levels"][0]["name"] = "Tampered"
    path.write_bytes(header + b"\n" + json.dumps(data).encode())


def _a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize(
    "damage",
    [
        _truncate,
        _flip_payload_byte,
        _garbage,
        _empty,
        _consistent_but_wrong_key,
        _swap_data_keeping_the_checksum_wrong,
        _a_folder,
    ],
)
def test_a_damaged_entry_is_never_trusted(
    folder: Path, monkeypatch: pytest.MonkeyPatch, damage: Damage
) -> None:
    loader.resolve("hull")
    damage(entry_for(folder, "hull"))
    fresh_run(monkeypatch)
    validations = count_validations(monkeypatch)
    model, _ = loader.resolve("hull")
    view, _ = loader.resolve_view("hull")
    assert validations == ["hull"]
    assert model == validated("hull")
    assert view.level(1).name == validated("hull").level(1).name != "Tampered"


def test_an_entry_that_is_a_symlink_is_not_followed(
    folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    loader.resolve("hull")
    entry = entry_for(folder, "hull")
    elsewhere = tmp_path / "planted.json"
    shutil.copy(entry, elsewhere)
    entry.unlink()
    entry.symlink_to(elsewhere)
    fresh_run(monkeypatch)
    validations = count_validations(monkeypatch)
    loader.resolve_view("hull")
    assert validations == ["hull"]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no POSIX owners on this platform")
def test_an_entry_owned_by_someone_else_is_not_used(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loader.resolve("hull")
    assert cache.read(entry_for(folder, "hull").name) is not None
    fresh_run(monkeypatch)
    someone_else = os.getuid() + 1
    monkeypatch.setattr(os, "getuid", lambda: someone_else)
    validations = count_validations(monkeypatch)
    loader.resolve_view("hull")
    assert sorted(validations) == SHIPPED  # every entry is someone else's


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no POSIX modes on this platform")
@pytest.mark.parametrize("mode", [0o620, 0o602])
def test_an_entry_others_can_write_is_not_used(
    folder: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    loader.resolve("hull")
    entry = entry_for(folder, "hull")
    entry.chmod(mode)
    assert cache.read(entry.name) is None
    fresh_run(monkeypatch)
    validations = count_validations(monkeypatch)
    loader.resolve_view("hull")
    assert validations == ["hull"]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no POSIX modes on this platform")
@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777])
def test_a_cache_folder_others_can_write_is_not_used(
    folder: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    loader.resolve("hull")
    folder.chmod(mode)
    assert cache.read(entry_for(folder, "hull").name) is None
    fresh_run(monkeypatch)
    monkeypatch.setattr(cache, "write", lambda name, data: False)  # (a write makes it 0700)
    validations = count_validations(monkeypatch)
    loader.resolve_view("hull")
    assert sorted(validations) == SHIPPED


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no POSIX modes on this platform")
def test_writing_makes_our_own_loose_folder_private_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.mkdir(mode=0o755)
    folder.chmod(0o777)
    loader.resolve("hull")
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_cache_folder_that_is_a_file_or_a_symlink_is_not_used(
    folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = tmp_path / "real-cache"
    real.mkdir(mode=0o700)
    folder.symlink_to(real)
    loader.resolve("hull")
    assert not list(real.iterdir())  # nothing written through the link
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "a-file"))
    (tmp_path / "a-file").write_text("not a folder")
    fresh_run(monkeypatch)
    assert loader.resolve("hull")[0] == validated("hull")


def test_an_unwritable_cache_is_silently_not_used(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "write", lambda name, data: False)
    assert loader.resolve("hull")[0] == validated("hull")
    assert not entries(folder)


def test_nothing_is_cached_when_the_schema_could_not_be_read_back(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cached, "same_values", lambda view, model: False)
    assert loader.resolve("hull")[0] == validated("hull")
    assert not entries(folder)


# --- the view holds what the model holds -----------------------------------------------


def _public_names(model: type[BaseModel]) -> set[str]:
    own = [c for c in model.__mro__ if c not in BaseModel.__mro__]
    return {
        name
        for cls in own
        for name in vars(cls)
        if not name.startswith("_") and name not in {"model_config", "model_fields"}
    } | set(model.model_fields)


def test_the_view_has_every_field_property_and_method_of_the_model(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = cached_view("telford-wrekin", monkeypatch)
    nesting = cached.nesting()
    assert nesting is not None
    types, classes = nesting
    found: dict[str, Node] = {}

    def collect(node: Node) -> None:
        found.setdefault(node.model_name, node)
        for name in types.get(node.model_name, {}):
            value = getattr(node, name)
            for item in value if isinstance(value, list) else [value]:
                if item is not None:
                    collect(item)

    assert isinstance(view, Node)
    collect(view)
    for name, model in classes.items():
        if name not in found:
            continue  # no object of this class in Telford's data
        missing = {n for n in _public_names(model) if not hasattr(found[name], n)}
        assert not missing, f"the view of {name} lacks {sorted(missing)}: add it to lookups.py"


@pytest.mark.parametrize("ref", SHIPPED)
def test_commands_get_the_same_answers_from_the_view(
    folder: Path, monkeypatch: pytest.MonkeyPatch, ref: str
) -> None:
    view = cached_view(ref, monkeypatch)
    model, _ = loader.resolve(ref)
    assert not isinstance(model, Node)
    assert describe(view) == describe(model)
    assert summary(view) == summary(model)
    ranks = list(range(1, model.top_rank + 1))
    printed = datetime(2026, 11, 23).date()
    assert build_cards(view, ranks, brief=True, printed=printed) == build_cards(
        model, ranks, brief=True, printed=printed
    )
    for at in ("2026-11-23 10:00", "2026-12-25 03:00", "2026-11-28 12:00"):
        moment = datetime.fromisoformat(at).replace(tzinfo=UK)
        for danger in (False, True):
            assert plan_json(plan_calls(view, moment, danger)) == plan_json(
                plan_calls(model, moment, danger)
            )
    other, _ = loader.resolve("staffordshire-2023")
    for rank in ranks:
        assert map_level(view, rank, other).to_json() == map_level(model, rank, other).to_json()


def test_a_view_is_read_only_and_compares_by_value(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cached_view("hull", monkeypatch)
    with pytest.raises(AttributeError):
        first.id = "changed"  # type: ignore[misc]
    level = first.level(1)
    assert level == loader.resolve_view("hull")[0].level(1)
    assert level != first.level(2)
    assert level.model_dump() == loader.resolve("hull")[0].level(1).model_dump()


# --- bank holidays ---------------------------------------------------------------------


@pytest.fixture
def no_holidays_yet(folder: Path) -> Iterator[Path]:
    contacts.bank_holiday.cache_clear()
    contacts.england_bank_holidays.cache_clear()
    yield folder
    contacts.bank_holiday.cache_clear()
    contacts.england_bank_holidays.cache_clear()


def fresh_holidays(monkeypatch: pytest.MonkeyPatch, importable: bool) -> None:
    contacts.bank_holiday.cache_clear()
    contacts.england_bank_holidays.cache_clear()
    if not importable:
        monkeypatch.setitem(sys.modules, "holidays", None)  # `import holidays` now fails


def test_cached_bank_holidays_are_the_packages_own(no_holidays_yet: Path) -> None:
    import holidays

    for year in (2025, 2026, 2027):
        direct = holidays.country_holidays("GB", subdiv="ENG", years=year)
        assert contacts.england_bank_holidays(year) == {
            day.isoformat(): str(name) for day, name in direct.items()
        }


def test_cached_bank_holidays_are_used_without_the_package(
    no_holidays_yet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert contacts.bank_holiday(date(2026, 12, 25)) == "Christmas Day"
    fresh_holidays(monkeypatch, importable=False)
    assert contacts.bank_holiday(date(2026, 12, 25)) == "Christmas Day"
    assert contacts.bank_holiday(date(2026, 11, 23)) is None
    with pytest.raises(ImportError):  # another year is not cached: the package is asked
        contacts.bank_holiday(date(2031, 12, 25))


def test_bank_holidays_are_asked_again_for_a_new_holidays_release(
    no_holidays_yet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contacts.bank_holiday(date(2026, 12, 25))
    fresh_holidays(monkeypatch, importable=False)
    monkeypatch.setattr(contacts, "_holidays_source", lambda: "another release")
    with pytest.raises(ImportError):
        contacts.bank_holiday(date(2026, 12, 25))


@pytest.mark.parametrize("damage", [_truncate, _flip_payload_byte, _garbage, _empty, _a_folder])
def test_a_damaged_bank_holiday_entry_is_never_trusted(
    no_holidays_yet: Path, monkeypatch: pytest.MonkeyPatch, damage: Damage
) -> None:
    contacts.bank_holiday(date(2026, 12, 25))
    (entry,) = no_holidays_yet.glob(f"{contacts.HOLIDAYS_KIND}-*.json")
    damage(entry)
    fresh_holidays(monkeypatch, importable=False)
    with pytest.raises(ImportError):
        contacts.bank_holiday(date(2026, 12, 25))


def test_the_look_ups_know_the_lists_that_carry_readings() -> None:
    from thresholdcli.framework.lookups import LIST_NAMES
    from thresholdcli.framework.model import READING_LISTS

    assert {kind.__name__: name for name, kind in READING_LISTS.items()} == LIST_NAMES
