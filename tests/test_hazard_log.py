"""The hazard log is complete and every test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "docs" / "safety" / "hazard-log.md"
FIELDS = (
    "Cause",
    "Effect",
    "Possible harm",
    "Design controls",
    "Test controls",
    "User guidance",
    "Verified by",
    "Initial risk",
    "Residual risk",
)
HEADING = re.compile(r"^### (H-\d{2,}): (.+)$", re.M)
TEST_REF = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")
RISK = re.compile(
    r"^severity ([1-5]) × likelihood ([1-5]) = (\d+) \((low|medium|high|very high)\)$"
)


def hazards() -> dict[str, str]:
    text = LOG.read_text(encoding="utf-8")
    found = list(HEADING.finditer(text))
    bodies = {}
    for n, match in enumerate(found):
        end = found[n + 1].start() if n + 1 < len(found) else len(text)
        bodies[match.group(1)] = text[match.end() : end]
    return bodies


def fields(body: str) -> dict[str, str]:
    return dict(re.findall(r"^- \*\*([^*]+):\*\* (.+)$", body, re.M))


def band(score: int) -> str:
    if score <= 4:
        return "low"
    if score <= 9:
        return "medium"
    if score <= 16:
        return "high"
    return "very high"


def test_ids_are_unique_and_ascending() -> None:
    ids = HEADING.findall(LOG.read_text(encoding="utf-8"))
    numbers = [int(hazard_id[2:]) for hazard_id, _ in ids]
    assert numbers == sorted(set(numbers))


@pytest.mark.parametrize("hazard_id", sorted(hazards()))
def test_every_hazard_has_every_field_in_order(hazard_id: str) -> None:
    found = fields(hazards()[hazard_id])
    assert tuple(found) == FIELDS, f"{hazard_id}: fields {tuple(found)}"
    assert all(value.strip() for value in found.values())


@pytest.mark.parametrize("hazard_id", sorted(hazards()))
def test_risk_scores_are_products_with_the_right_band(hazard_id: str) -> None:
    found = fields(hazards()[hazard_id])
    for key in ("Initial risk", "Residual risk"):
        match = RISK.match(found[key])
        assert match, f"{hazard_id} {key}: {found[key]!r}"
        severity, likelihood, score, named = match.groups()
        assert int(score) == int(severity) * int(likelihood), f"{hazard_id} {key}"
        assert named == band(int(score)), f"{hazard_id} {key}"
    residual = RISK.match(found["Residual risk"])
    assert residual and residual.group(4) in ("low", "medium"), hazard_id


@pytest.mark.parametrize("hazard_id", sorted(hazards()))
def test_every_named_test_exists(hazard_id: str) -> None:
    verified = fields(hazards()[hazard_id])["Verified by"]
    refs = TEST_REF.findall(verified)
    assert refs, f"{hazard_id} names no test"
    for file, name in refs:
        path = ROOT / file
        assert path.is_file(), f"{hazard_id}: {file} does not exist"
        source = path.read_text(encoding="utf-8")
        assert re.search(rf"^(async )?def {name}\(", source, re.M), f"{hazard_id}: {file}::{name}"


def test_the_checker_catches_a_missing_test(tmp_path: Path) -> None:
    body = "- **Verified by:** `tests/test_hazard_log.py::test_no_such_test`\n"
    refs = TEST_REF.findall(fields(body)["Verified by"])
    source = (ROOT / refs[0][0]).read_text(encoding="utf-8")
    assert not re.search(rf"^def {refs[0][1]}\(", source, re.M)


def test_readme_links_the_log() -> None:
    assert "docs/safety/hazard-log.md" in (ROOT / "README.md").read_text(encoding="utf-8")
