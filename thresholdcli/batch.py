"""Scoring files: saved case records and minimal hand-written case files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thresholdcli.errors import ThresholdError
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework
from thresholdcli.records import store
from thresholdcli.records.sheet import AnswerSheet
from thresholdcli.scoring import Answers, Result, score


@dataclass(frozen=True)
class FileScore:
    path: str
    framework: Framework | None = None
    result: Result | None = None
    error: str | None = None
    notices: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path}
        if self.framework is not None:
            data["framework"] = self.framework.ref
        if self.result is None or self.framework is None:
            data["error"] = self.error
            return data
        result, fw = self.result, self.framework
        data["suggested_level"] = {
            "rank": result.suggested,
            "name": fw.level(result.suggested).name,
        }
        data["act_now"] = result.act_now
        data["immediate_danger"] = result.immediate_danger
        data["reasons"] = [
            {
                "rule": r.rule,
                "level": r.level,
                "text": r.explanation,
                "indicators": [
                    {"id": i.id, "level": i.level, "text": i.text} for i in r.indicators
                ],
            }
            for r in result.reasons
        ]
        data["considerations"] = [
            {"rule": c.rule_id, "consider_level": c.consider_level, "text": c.explanation}
            for c in result.considerations
        ]
        data["warnings"] = list(result.warnings)
        data["unknown_indicators"] = list(result.unknown_ids)
        data["notices"] = list(self.notices)
        return data


def answers_from_file(path: Path) -> tuple[str, Answers, tuple[str, ...]]:
    """Read a case record (its latest assessment) or a minimal case file."""
    data = store.read_toml(path)
    if "assessments" in data or "format" in data:
        record = store.record_from_data(data, str(path))
        latest = record.latest
        pin = latest.framework
        framework, digest = _resolve_pinned(pin.id, pin.version)
        notices = []
        if framework.version != pin.version:
            notices.append(
                f"recorded with {pin.id}@{pin.version}, which is not shipped; "
                f"scored with {framework.ref}"
            )
        elif digest != pin.hash:
            notices.append(f"{framework.ref} has changed since this assessment was recorded")
        answers = Answers.of(latest.ticked_ids, latest.immediate_danger, latest.age)
        return framework.ref, answers, tuple(notices)
    sheet = store.validate_as(AnswerSheet, data, str(path))
    if not sheet.framework:
        raise ThresholdError(f"{path}: missing 'framework' (an id, or id@version)")
    answers = Answers.of(sheet.all_ticked(), bool(sheet.immediate_danger), sheet.age)
    return sheet.framework, answers, ()


def _resolve_pinned(framework_id: str, version: str) -> tuple[Framework, str]:
    try:
        return loader.resolve(f"{framework_id}@{version}")
    except ThresholdError:
        return loader.resolve(framework_id)


def score_file(path: Path) -> FileScore:
    try:
        ref, answers, notices = answers_from_file(path)
        framework, _ = loader.resolve(ref)
    except ThresholdError as exc:
        return FileScore(str(path), error=str(exc))
    result = score(framework, answers)
    if result.unknown_ids:
        shown = ", ".join(result.unknown_ids[:5])
        return FileScore(
            str(path),
            framework,
            error=f"{path}: unknown indicator id(s) for {framework.ref}: {shown}",
        )
    return FileScore(str(path), framework, result, notices=notices)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; directories recursively (*.toml, drafts and hidden files skipped)."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*.toml")):
                if not any(part.startswith(".") for part in found.relative_to(path).parts):
                    yield found
        else:
            yield path


def score_files(paths: Iterable[Path]) -> Iterator[FileScore]:
    for path in expand_paths(paths):
        yield score_file(path)
