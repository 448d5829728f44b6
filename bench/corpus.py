"""A seeded corpus of realistic case records across every shipped framework.

Records are built from the real framework data (indicators, consent items, level names),
scored with the real scorer and serialised with the records store, so they look exactly
like records the interview saves: one to five assessments, notes, strengths, considerations,
decisions (mostly agreeing, some below or above the suggestion) and consent answers.
Nothing in it is about a real child: case references and notes are synthetic.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from thresholdcli.advice.scoring import Answers, score
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework, Indicator
from thresholdcli.interview.engine import suggestion_record
from thresholdcli.records import store
from thresholdcli.records.model import (
    Assessment,
    CaseRecord,
    ConsentRecord,
    ConsiderationRecord,
    Decision,
    FrameworkPin,
    TickedIndicator,
)

TOOL_VERSION = "0.1.0"
NOTE_WORDS = (
    "school reports attendance concerns",
    "family engaged with the plan",
    "health visitor notes missed appointments",
    "housing is overcrowded",
    "parent reports low mood",
    "child presents as quiet in class",
    "support from extended family is limited",
)
STRENGTHS = (
    "Grandparent nearby and supportive",
    "Engages well with school staff",
    "Parent asks for help readily",
    "Attends a weekly youth club",
    "",
)
ROLES = ("Teacher", "Health visitor", "School nurse", "Social worker", "GP", "Youth worker")
ASSESSMENT_COUNTS = (1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5)
# How often each framework appears (the default one most).
FRAMEWORK_WEIGHTS = {"staffordshire-2023": 4, "staffordshire-2022": 1}


@dataclass(frozen=True)
class Shipped:
    framework: Framework
    digest: str
    by_level: dict[int, list[Indicator]]


def shipped_frameworks() -> list[Shipped]:
    found = []
    for path in loader.framework_files():
        framework, digest = loader.load_with_hash(path)
        by_level: dict[int, list[Indicator]] = {}
        for ind in framework.indicators:
            by_level.setdefault(ind.level, []).append(ind)
        found.append(Shipped(framework, digest, by_level))
    return found


def _ticks(rng: random.Random, shipped: Shipped, age: int | str) -> list[Indicator]:
    fw = shipped.framework
    target = rng.choices(range(1, fw.top_rank + 1), weights=_level_weights(fw.top_rank))[0]
    chosen: dict[str, Indicator] = {}
    for _ in range(rng.randint(1, 7)):
        level = target if not chosen else rng.randint(1, target)
        pool = shipped.by_level.get(level) or shipped.by_level[min(shipped.by_level)]
        ind = rng.choice(pool)
        if ind.age is None or ind.age.admits(age):  # type: ignore[arg-type]
            chosen[ind.id] = ind
    return list(chosen.values())


def _level_weights(top: int) -> list[int]:
    base = [20, 35, 30, 15, 8]
    return base[:top]


def _assessment(
    rng: random.Random, shipped: Shipped, number: int, when: datetime, age: int | str
) -> Assessment:
    fw = shipped.framework
    danger = rng.random() < 0.01
    ticks = [] if rng.random() < 0.03 else _ticks(rng, shipped, age)
    result = score(fw, Answers.of([i.id for i in ticks], danger, age))  # type: ignore[arg-type]
    suggested = result.suggested
    roll = rng.random()
    reason, agreed_by = "", ""
    decided = suggested
    if roll < 0.12 and suggested > 1:
        decided = suggested - 1
        if rng.random() < 0.85:
            reason = "Family engaging well; needs can be met at the lower level for now."
        if rng.random() < 0.5:
            agreed_by = "DSL"
    elif roll < 0.20 and suggested < fw.top_rank:
        decided = suggested + 1
        reason = "Escalating pattern over the last term."
    consent = []
    for item in fw.consent_for(decided):
        if item.age is not None and not item.age.admits(age):  # type: ignore[arg-type]
            continue
        answer = rng.choices(["done", "not_done", "not_applicable"], weights=[70, 15, 15])[0]
        why = "Parent not yet contacted." if answer == "not_done" and rng.random() < 0.8 else ""
        consent.append(
            ConsentRecord(
                id=item.id, answer=answer, reason=why, reason_required=item.reason_required
            )
        )
    notes = {
        domain: ". ".join(rng.sample(NOTE_WORDS, rng.randint(1, 3))).capitalize() + "."
        for domain in sorted({i.domain for i in ticks})
    }
    digest = shipped.digest if rng.random() > 0.03 else "sha256:" + "0" * 16
    return Assessment(
        number=number,
        assessed_at=when,
        tool_version=TOOL_VERSION,
        framework=FrameworkPin(id=fw.id, version=fw.version, hash=digest),
        assessor_role=rng.choice(ROLES),
        age=age,  # type: ignore[arg-type]
        immediate_danger=danger,
        indicators=[
            TickedIndicator(id=i.id, domain=i.domain, level=i.level, text=i.text) for i in ticks
        ],
        notes=notes,
        strengths=rng.choice(STRENGTHS),
        suggestion=suggestion_record(fw, result),
        considerations=[
            ConsiderationRecord(
                rule=c.rule_id,
                consider_level=c.consider_level,
                accepted=rng.random() < 0.5,
                text=c.explanation,
            )
            for c in result.considerations
        ],
        decision=Decision(
            rank=decided,
            name=fw.level(decided).name,
            agrees_with_suggestion=decided == suggested,
            reason=reason,
            agreed_by=agreed_by,
        ),
        consent=consent,
    )


def make_record(rng: random.Random, frameworks: Sequence[Shipped], serial: int) -> CaseRecord:
    weights = [FRAMEWORK_WEIGHTS.get(s.framework.id, 2) for s in frameworks]
    shipped = rng.choices(frameworks, weights=weights)[0]
    start = datetime(2022, 1, 3, 9, 0, tzinfo=UTC) + timedelta(
        days=rng.randint(0, 1500), minutes=rng.randint(0, 600)
    )
    born_age: int | str = "unborn" if rng.random() < 0.03 else rng.randint(0, 17)
    assessments = []
    when = start
    for number in range(1, rng.choice(ASSESSMENT_COUNTS) + 1):
        age = born_age if isinstance(born_age, str) else min(17, born_age + (number - 1) // 2)
        assessments.append(_assessment(rng, shipped, number, when, age))
        when += timedelta(days=rng.randint(30, 200))
    prefix = shipped.framework.id.split("-")[0][:3].upper()
    return CaseRecord(case_ref=f"{prefix}-{serial:06d}", assessments=assessments)


def write_corpus(directory: Path, count: int, seed: int = 7, first: int = 0) -> list[Path]:
    """Write `count` records (serial numbers from `first`) under `directory/<framework-id>/`,
    0600 like the store does."""
    rng = random.Random(seed)
    frameworks = shipped_frameworks()
    paths = []
    for serial in range(first, first + count):
        record = make_record(rng, frameworks, serial)
        folder = directory / record.latest.framework.id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{record.case_ref}.toml"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(store.to_toml(record))
        paths.append(path)
    return paths


def write_minimal(directory: Path, count: int, seed: int = 11) -> None:
    """`count` minimal case files (docs/case-file.md): `framework` and `indicators` only,
    zero to six indicators of one shipped framework each."""
    rng = random.Random(seed)
    frameworks = [s.framework for s in shipped_frameworks()]
    directory.mkdir(parents=True, exist_ok=True)
    for serial in range(count):
        framework = rng.choice(frameworks)
        ticked = [i.id for i in rng.sample(framework.indicators, rng.randint(0, 6))]
        listed = ", ".join(f'"{tick}"' for tick in ticked)
        text = f'framework = "{framework.id}"\nindicators = [{listed}]\n'
        (directory / f"case-{serial:06d}.toml").write_text(text, encoding="utf-8")


def write_case(directory: Path, seed: int = 5) -> str:
    """One case record with at least three assessments (for `history` and `diff`); its ref."""
    rng = random.Random(seed)
    frameworks = shipped_frameworks()
    serial = 0
    while True:
        record = make_record(rng, frameworks, serial)
        if len(record.assessments) >= 3:
            break
        serial += 1
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{record.case_ref}.toml").write_text(store.to_toml(record), encoding="utf-8")
    return record.case_ref
