"""Pins frameworks/staffordshire-2022.toml to the April 2022 Staffordshire threshold document."""

from __future__ import annotations

from pathlib import Path

import pytest

from thresholdcli.framework.loader import load_framework
from thresholdcli.framework.model import Framework

PATH = Path(__file__).resolve().parents[2] / "frameworks" / "staffordshire-2022.toml"


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(PATH)


def test_identity(fw: Framework) -> None:
    assert fw.ref == "staffordshire-2022@2022-04"
    assert fw.authority == "Staffordshire"
    assert fw.published == "April 2022"
    assert fw.source == "000_3ce598a3d1c27ac1.txt"


def test_levels(fw: Framework) -> None:
    assert [lv.name for lv in fw.levels] == [
        "Universal Needs",
        "Universal Plus / Earliest Help",
        "Targeted Early Help",
        "Statutory / Specialist",
    ]
    assert [lv.national.levels for lv in fw.levels] == [
        ["universal"],
        ["early_help"],
        ["targeted_early_help"],
        ["statutory"],
    ]


def test_indicator_counts(fw: Framework) -> None:
    counts: dict[int, int] = {}
    for ind in fw.indicators:
        counts[ind.level] = counts.get(ind.level, 0) + 1
    assert counts == {1: 50, 2: 89, 3: 39, 4: 78}
    assert len(fw.indicators) == 256


def test_domains(fw: Framework) -> None:
    assert len(fw.domains) == 16
    groups = {d.id: d.group for d in fw.domains}
    assert groups["health"] == "Child's Developmental Needs"
    assert groups["self-care-skills"] == "Child's Developmental Needs"
    assert groups["other-indicators"] == "Child's Developmental Needs"
    assert groups["basic-care"] == "Parents and Carers"
    assert groups["guidance-boundaries"] == "Parents and Carers"
    assert groups["family-history"] == "Family and Environmental Factors"
    assert groups["community-resources"] == "Family and Environmental Factors"
    assert groups["exploitation"] == "Exploitation"
    assert sum(1 for d in fw.domains if d.group == "Child's Developmental Needs") == 8
    assert sum(1 for d in fw.domains if d.group == "Parents and Carers") == 3
    assert sum(1 for d in fw.domains if d.group == "Family and Environmental Factors") == 4


@pytest.mark.parametrize(
    ("ind_id", "level", "domain", "text"),
    [
        ("health.1.02", 1, "health", "Registered with a GP"),
        ("edu.1.09", 1, "education-learning", "Quality First teaching"),
        ("warmth.1.03", 1, "emotional-warmth", "There may be low level post-natal depression"),
        (
            "housing.1.01",
            1,
            "housing-employment-finance",
            "Accommodation has basic amenities / appropriate facilities",
        ),
        (
            "health.2.13",
            2,
            "health",
            "Young people who are sexually active under the age of 16",
        ),
        (
            "care.2.06",
            2,
            "basic-care",
            "Low levels of parental conflict / infrequent incidents of domestic dispute",
        ),
        ("exploit.2.02", 2, "exploitation", "At risk of gang association"),
        (
            "integration.2.01",
            2,
            "social-integration",
            "Family is socially isolated limited extended family support",
        ),
        (
            "emo.3.08",
            3,
            "emotional-behavioural",
            "Incidents of missing form home (less than 3 incidents in 90 days)",
        ),
        (
            "care.3.08",
            3,
            "basic-care",
            "Child at risk of Female Genital Mutilation and other harmful traditional/cultural "
            "practices, Forced Marriage or Honour Based Abuse where a protective parent is "
            "engaging with targeted services to seek protection",
        ),
        ("edu.3.03", 3, "education-learning", "Not in education (under 16)"),
        (
            "guide.4.04",
            4,
            "guidance-boundaries",
            "Persistent and regular incidents of missing from home "
            "(three or more incidents in 90 days)",
        ),
        ("health.4.10", 4, "health", "Non-accidental injury"),
        (
            "health.4.14",
            4,
            "health",
            "Disclosure of abuse from child / young person",
        ),
        (
            "history.4.03",
            4,
            "family-history",
            "Individual posing a risk to children in, or known to, household",
        ),
        ("other.4.02", 4, "other-indicators", "Unaccompanied refuge / asylum seeker"),
        (
            "other.4.06",
            4,
            "other-indicators",
            "Serious or persistent offending behaviour likely to ead to custody / remand in "
            "secure unit / prison",
        ),
        (
            "relation.4.05",
            4,
            "family-social-relationships",
            "Subject to physical, emotional or sexual abuse or neglect",
        ),
    ],
)
def test_indicator_pinned(fw: Framework, ind_id: str, level: int, domain: str, text: str) -> None:
    ind = fw.indicator(ind_id)
    assert ind is not None
    assert (ind.level, ind.domain, ind.text) == (level, domain, text)


def test_missing_from_home_rule(fw: Framework) -> None:
    level3 = fw.indicator("emo.3.08")
    level4 = fw.indicator("guide.4.04")
    assert level3 is not None and level4 is not None
    assert "less than 3 incidents in 90 days" in level3.text
    assert "three or more incidents in 90 days" in level4.text
    assert "guide.4.04" in level3.linked
    assert "emo.3.08" in level4.linked
    assert not level4.act_now


def test_act_now(fw: Framework) -> None:
    act_now = {i.id for i in fw.indicators if i.act_now}
    assert {"health.4.10", "health.4.11", "health.4.14", "relation.4.05", "care.4.09"} <= act_now
    assert len(act_now) == 28  # the full list is pinned by tests/test_act_now_criterion.py
    assert all(fw.indicator(i).level == 4 for i in act_now)  # type: ignore[union-attr]


def test_ages(fw: Framework) -> None:
    under16 = fw.indicator("health.2.13")
    post16 = fw.indicator("edu.2.08")
    assert under16 is not None and under16.age is not None
    assert under16.age.admits(15) and not under16.age.admits(16)
    assert post16 is not None and post16.age is not None
    assert post16.age.admits(16) and not post16.age.admits(15)


def test_contacts(fw: Framework) -> None:
    contacts = {c.id: c for c in fw.contacts}
    police = contacts["police-999"]
    assert (police.phone, police.role, police.always) == ("999", "emergency", True)

    scas = contacts["scas"]
    assert scas.phone == "0300 111 8007"
    assert scas.hours_text == "8.30am – 5.00pm Monday to Thursday, 8.30am- 4.30pm Friday"
    assert [(h.days, h.opens, h.closes) for h in scas.hours] == [
        (["mon", "tue", "wed", "thu"], "08:30", "17:00"),
        (["fri"], "08:30", "16:30"),
    ]

    eds = contacts["eds"]
    assert eds.phone == "0345 604 2886"
    assert eds.email == ["eds.team.manager@staffordshire.gov.uk"]
    assert eds.out_of_hours and eds.role == "out_of_hours" and eds.hours == []
    assert "999" in fw.emergency and "IMMEDIATE" in fw.emergency


def test_consent_rules(fw: Framework) -> None:
    consent = {c.id: c for c in fw.consent}
    manager = consent["no-permission-approved"]
    assert manager.rule == (
        "A decision by any professional not to seek parental permission before making a "
        "referral to Children's Social Care Services must be approved by their manager, "
        "recorded and the reasons given."
    )
    assert manager.reason_required
    assert consent["without-agreement-reason"].rule == (
        "The reason for proceeding without parental agreement must be recorded;"
    )
    assert consent["tell-csc-withheld"].rule == (
        "The Children's Social Care Services team must be told that the parent has withheld "
        "her/his permission;"
    )
    assert consent["inform-parent-after"].rule == (
        "The parent should be contacted by the referring professional to inform her/him that "
        "after considering their wishes, a referral has been made."
    )
    for item in (
        "no-permission-approved",
        "without-agreement-reason",
        "tell-csc-withheld",
        "inform-parent-after",
        "refusal-advice",
        "agreement-recorded",
    ):
        # Any referral to Children's Social Care: new referrals are made at Level 3 and Level 4.
        assert consent[item].levels == [3, 4]
        assert "Level 3 and Level 4" in consent[item].reading["levels"]
    assert all(c.age is None for c in fw.consent)


def test_accumulation(fw: Framework) -> None:
    rules = {(a.level, a.min_domains, a.consider_level) for a in fw.accumulation}
    assert rules == {(2, 3, 3), (3, 3, 4)}
    assert all(a.uncertain for a in fw.accumulation)
