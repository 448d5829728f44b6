"""Act-now flags: thresholdcli's reading, by one stated criterion per framework, applied evenly.

Each framework's criterion is its `[reading] "indicators.act_now"` and is written out in
docs/frameworks/<id>.md with the full list of flagged indicators; these tests keep the three
(criterion, list, data) in step, pin the cases the review found uneven, and check every
top-level indicator whose words name a plain significant-harm term against the flags.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT, all_frameworks
from thresholdcli.advice.scoring import Answers, score
from thresholdcli.framework.model import Framework

SHIPPED = {fw.id: fw for fw in all_frameworks()}

# Words that, in an indicator at the top level, name significant harm, abuse, neglect,
# exploitation, a person posing a risk, or no one caring for the child (criteria A–D).
PLAIN_TERMS = re.compile(
    r"significant harm|serious harm|\babuse|neglect|non[- ]accidental|injur|traffick|"
    r"modern slavery|female genital mutilation|\bFGM\b|forced marriage|honou?r based|exploit|"
    r"child protection concerns|risk to children|no-one to care|unable or unwilling|"
    r"no longer want|abandon|fabricated or induced|domestic violence|assault|county lines|"
    r"\bCE\b|in danger|unable to (?:care|keep)|cannot keep|harming a child|"
    r"forced (?:labour|criminality)",
    re.IGNORECASE,
)
# Top-level indicators that use those words but are not flagged, each named in the docs.
NOT_FLAGGED = {
    ("hull", "child.4.08"): "harm to others: the child has abused another child",
    ("hull", "par.4.02"): "previous children",
    ("staffordshire-2022", "emo.4.01"): "danger from the child's own behaviour",
    ("staffordshire-2022", "selfcare.4.01"): "the child's own self-care",
    ("staffordshire-2022", "care.4.02"): "previous children",
    ("telford-wrekin", "famwell.4.02"): "history: past harm to other children",
}
# The cases the review found uneven, as decided by each framework's criterion.
DECIDED = [
    ("staffordshire-2022", "care.4.06", True),
    ("staffordshire-2022", "history.4.02", True),
    ("staffordshire-2022", "integration.4.02", True),
    ("stoke-on-trent", "da.5.01", True),
    ("stoke-on-trent", "abuse.5.15", True),
    ("stoke-on-trent", "abuse.5.16", True),
    ("stoke-on-trent", "fam.5.02", True),
    ("stoke-on-trent", "abuse.5.05", True),
    ("telford-wrekin", "warmth.4.02", False),
    ("telford-wrekin", "learn.4.03", True),
    ("telford-wrekin", "cecoer.4.05", True),
    ("hull", "par.4.04", True),
    ("hull", "fam.4.01", True),
]


def doc(fw: Framework) -> str:
    return (ROOT / "docs" / "frameworks" / f"{fw.id}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("fw", SHIPPED.values(), ids=lambda fw: fw.id)
def test_one_stated_criterion_written_in_the_docs_with_every_flag(fw: Framework) -> None:
    criterion = fw.reading["indicators.act_now"]
    assert criterion.startswith("one criterion: ")
    assert f"docs/frameworks/{fw.id}.md" in criterion
    text = doc(fw)
    assert "**Act now: one criterion (thresholdcli's reading).**" in text
    listed = re.search(r"^Flagged \((\d+)\): (.+)\.$", text, re.MULTILINE)
    assert listed is not None
    ids = re.findall(r"`([^`]+)`", listed.group(2))
    flagged = [i.id for i in fw.indicators if i.act_now]
    assert ids == flagged and int(listed.group(1)) == len(flagged)
    assert all(fw.readings_of(i)["act_now"] == criterion for i in fw.indicators if i.act_now)


@pytest.mark.parametrize(("framework_id", "indicator_id", "flagged"), DECIDED)
def test_the_uneven_cases_are_decided_by_the_criterion_and_documented(
    framework_id: str, indicator_id: str, flagged: bool
) -> None:
    fw = SHIPPED[framework_id]
    indicator = fw.indicator(indicator_id)
    assert indicator is not None and indicator.level == fw.top_rank
    assert indicator.act_now is flagged
    assert f"`{indicator_id}`" in doc(fw).split("**Act now: one criterion")[1]


@pytest.mark.parametrize("fw", SHIPPED.values(), ids=lambda fw: fw.id)
def test_plain_significant_harm_words_at_the_top_level_are_flagged(fw: Framework) -> None:
    """Applied evenly: a top-level item naming abuse, neglect, significant harm … is flagged,
    unless it is one of the documented exceptions (harm to others, the child's own behaviour,
    previous children)."""
    missed = [
        i.id
        for i in fw.indicators
        if i.level == fw.top_rank
        and not i.act_now
        and PLAIN_TERMS.search(i.text)
        and (fw.id, i.id) not in NOT_FLAGGED
    ]
    assert missed == []
    for (framework_id, indicator_id), _why in NOT_FLAGGED.items():
        if framework_id == fw.id:
            assert f"`{indicator_id}`" in doc(fw).split("**Act now: one criterion")[1]


@pytest.mark.parametrize("fw", SHIPPED.values(), ids=lambda fw: fw.id)
def test_a_top_level_indicator_gives_the_top_level_flagged_or_not(fw: Framework) -> None:
    """act_now only adds the "phone now" route: it never decides the level."""
    for indicator in fw.indicators:
        if indicator.level != fw.top_rank:
            continue
        result = score(fw, Answers.of([indicator.id]))
        assert result.suggested == fw.top_rank
        assert result.act_now is indicator.act_now
