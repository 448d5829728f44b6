"""Pins the Telford & Wrekin framework data (frameworks/telford-wrekin.toml) to its source.

Source: /work/shared/seeds/004_cbc55e4a064da141.txt, "Telford & Wrekin Partnership Threshold
Guidance" (undated). If a change here is intended, re-read the source first.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from thresholdcli.framework.loader import load_framework
from thresholdcli.framework.model import Framework

PATH = Path(__file__).resolve().parents[2] / "frameworks" / "telford-wrekin.toml"
CE = "child-exploitation"


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(PATH)


def _ind(fw: Framework, indicator_id: str):
    ind = fw.indicator(indicator_id)
    assert ind is not None, indicator_id
    return ind


def test_identity(fw: Framework) -> None:
    assert fw.id == "telford-wrekin"
    assert fw.ref == "telford-wrekin@c2022-23"
    assert fw.source == "004_cbc55e4a064da141.txt"
    assert fw.uncertain  # undated document: the version is a judgement


def test_levels(fw: Framework) -> None:
    assert [lv.name for lv in fw.levels] == ["Universal", "Vulnerable", "Complex", "Acute"]
    assert [lv.rank for lv in fw.levels] == [1, 2, 3, 4]
    assert fw.level(1).description.startswith(
        "Children, young people and families with no identified additional needs"
    )
    assert fw.level(4).description.startswith(
        "Children, young people and families who are experiencing significant impairment of harm,"
        " known or suspected abuse."
    )
    assert "Section 47 or Section 17 of the Children Act 1989" in fw.level(4).description
    assert fw.level(4).national.levels == ["statutory"]


def test_indicator_counts(fw: Framework) -> None:
    assert len(fw.indicators) == 454
    assert dict(Counter(i.level for i in fw.indicators)) == {1: 50, 2: 112, 3: 139, 4: 153}
    ce_domains = {d.id for d in fw.domains if d.section == CE}
    descriptors = Counter(i.level for i in fw.indicators if i.domain not in ce_domains)
    exploitation = Counter(i.level for i in fw.indicators if i.domain in ce_domains)
    assert dict(descriptors) == {1: 50, 2: 81, 3: 86, 4: 96}
    assert dict(exploitation) == {2: 31, 3: 53, 4: 57}


def test_domains(fw: Framework) -> None:
    assert len(fw.domains) == 21
    descriptor = [d for d in fw.domains if d.section is None]
    exploitation = [d for d in fw.domains if d.section == CE]
    assert len(descriptor) == 11
    assert len(exploitation) == 10
    assert Counter(d.group for d in descriptor) == {
        "Parents or Carers Capacity": 3,
        "Family and Environmental Factors": 3,
        "Child and Young Person's Developmental Needs": 5,
    }
    assert {d.group for d in exploitation} == {"Child Exploitation Risk Threshold Indicator"}
    assert [d.name for d in exploitation] == [
        "Running away/ going missing",
        "Coercion/control",
        "Contact with abusive persons and/or risky environments",
        "Substance misuse",
        "Education",
        "Use of social media/technology",
        "Emotional & physical health *Sexual health",
        "Accommodation and family relationships",
        "Offending/ criminal Activity",
        "Community/ social isolation factors",
    ]
    # The exploitation tool has no Universal column.
    exploitation_ids = {d.id for d in exploitation}
    assert not [i for i in fw.indicators if i.domain in exploitation_ids and i.level == 1]


def test_exploitation_section(fw: Framework) -> None:
    assert [s.id for s in fw.sections] == [CE]
    section = fw.sections[0]
    assert section.name == "Child Exploitation Risk Threshold Indicator"
    assert section.question == "Is child exploitation a concern?"


PINNED = [
    (
        "care.1.01",
        "basic-care",
        1,
        "Parents/carers provide for child's physical needs: food, drink, appropriate clothing,"
        " medical and dental care.",
    ),
    ("care.4.21", "basic-care", 4, "Non accidental Injury."),
    ("care.4.22", "basic-care", 4, "Bruising on non mobile baby."),
    ("warmth.4.04", "emotional-warmth", 4, "Beyond parental-control."),
    ("guide.2.05", "guidance-boundaries", 2, "Anti social behaviour starting to occur"),
    (
        "famwell.3.01",
        "family-wellbeing",
        3,
        "Domestic abuse where the harm to the victim is assessed as standard/medium risk and the"
        " child is present within the home during the incident.",
    ),
    (
        "famwell.4.09",
        "family-wellbeing",
        4,
        "Adult victim of Domestic Abuse is assessed as high level risk and the child (including"
        " unborn) is exposed to significant harm.",
    ),
    ("housing.2.06", "housing-finance", 2, "Family seeking asylum or refugees."),
    (
        "community.2.05",
        "community-resources",
        2,
        "Family may be new to the area and require advice, information and support services..",
    ),
    (
        "learn.1.05",
        "learning-education",
        1,
        "Good attendance at school (95% or above for secondary pupils and 96% or above for"
        " primary)/college/training.",
    ),
    (
        "learn.2.01",
        "learning-education",
        2,
        "Occasional truanting, punctuality issues, attendance below 95% for secondary pupils and"
        " below 96% for primary pupils.",
    ),
    (
        "learn.2.06",
        "learning-education",
        2,
        "Few or no qualifications leading to NEET (not in education, employment or training).",
    ),
    ("health.3.14", "health", 3, "Child 13 and under who is sexually active."),
    (
        "health.4.13",
        "health",
        4,
        "Female Genital Mutilation (known or suspected), including any suspicion that a young girl"
        " is being taken abroad for this purpose.",
    ),
    (
        "sebi.3.02",
        "social-emotional-identity",
        3,
        "Child currently/frequently missing from home and concerns raised about their physical and"
        " emotional safety and welfare. Parents engaged and supportive.",
    ),
    ("sebi.4.07", "social-emotional-identity", 4, "ACUTE needs of exploitation identified. ."),
    (
        "rel.3.03",
        "child-relationships",
        3,
        "Regularly needed to care for another family member and would be defined as a young carer.",
    ),
    (
        "selfcare.4.01",
        "self-care",
        4,
        'Child is left "home alone" without adequate adult supervision or support and is exposed'
        " to significant harm.",
    ),
    ("cemiss.2.01", "ce-missing", 2, "Regularly coming home later than their agreed time"),
    (
        "cecont.4.04",
        "ce-contact",
        4,
        "Abducted and forced imprisonment (described by young person as “locked in”).",
    ),
    ("ceedu.3.04", "ce-education", 3, "Whereabouts during school hour’s unknown"),
    ("ceacc.2.01", "ce-accommodation", 2, "Accommodation generally meets needs of young person"),
    ("ceoff.4.05", "ce-offending", 4, "Disclosure of criminal/sexual exploitation or assault."),
    ("ceiso.3.04", "ce-isolation", 3, "Aspires to be part of a local gang or anti-social group."),
]


@pytest.mark.parametrize(("indicator_id", "domain", "level", "text"), PINNED)
def test_pinned_indicators(
    fw: Framework, indicator_id: str, domain: str, level: int, text: str
) -> None:
    ind = _ind(fw, indicator_id)
    assert (ind.domain, ind.level, ind.text) == (domain, level, text)


def test_refer_to_ce_section(fw: Framework) -> None:
    referring = sorted(i.id for i in fw.indicators if i.refers_to_section)
    assert referring == sorted(
        [
            "care.4.20",
            "health.2.11",
            "health.3.15",
            "health.4.14",
            "sebi.4.02",
            "sebi.4.05",
            "sebi.4.07",
        ]
    )
    for indicator_id in referring:
        ind = _ind(fw, indicator_id)
        assert ind.refers_to_section == CE
        assert ind.domain in {d.id for d in fw.domains if d.section is None}
    assert _ind(fw, "health.2.11").text == (
        "Vulnerable needs in respect of child sexual exploitation, refer to CE section."
    )


def test_act_now(fw: Framework) -> None:
    flagged = {i.id for i in fw.indicators if i.act_now}
    assert all(_ind(fw, i).level == 4 for i in flagged)
    for must in [
        "care.4.21",
        "care.4.22",
        "health.4.09",
        "health.4.13",
        "warmth.4.01",
        "famwell.4.10",
        "sebi.4.11",
        "cecont.4.04",
        "ceoff.4.05",
    ]:
        assert must in flagged, must
    # The "ACUTE needs … of exploitation" pointers name a risk of exploitation (criterion B).
    assert {"care.4.20", "health.4.14", "sebi.4.02", "sebi.4.05", "sebi.4.07"} <= flagged
    assert len(flagged) == 76  # the full list is pinned by tests/test_act_now_criterion.py


def test_ages(fw: Framework) -> None:
    unborn = _ind(fw, "care.3.02")
    assert unborn.text == (
        "Concern that an unborn child (of at least 12 weeks gestation) may be exposed to harm."
    )
    assert unborn.age is not None and unborn.age.admits("unborn") and not unborn.age.admits(5)
    under14 = _ind(fw, "health.3.14")
    assert under14.age is not None and under14.age.max == 13


def test_contacts(fw: Framework) -> None:
    contacts = {c.id: c for c in fw.contacts}
    fc = contacts["family-connect"]
    assert fc.phone == "01952 385385"
    assert fc.hours_text == "between 9am & 5pm"
    assert [(h.opens, h.closes) for h in fc.hours] == [("09:00", "17:00")]
    assert fc.uncertain  # days are not printed
    edt = contacts["edt"]
    assert edt.service == "Emergency Duty Team"
    assert edt.phone == "01952 676500"
    assert edt.out_of_hours and edt.role == "out_of_hours" and not edt.hours
    police = contacts["police-999"]
    assert (police.phone, police.role, police.always) == ("999", "emergency", True)
    assert fw.emergency == (
        "If it is an emergency or there is a threat of immediate danger, always dial 999."
    )
    assert "01952 385385 between 9am & 5pm" in fw.act_now
    assert "Emergency Duty Team on 01952 676500" in fw.act_now


def test_consent_rules(fw: Framework) -> None:
    consent = {c.id: c for c in fw.consent}
    not_required = consent["cp-consent-not-required"]
    assert not_required.rule.startswith(
        "Consent for information sharing is not required for child protection referrals"
    )
    assert not_required.levels == [4]
    inform = consent["inform-parents-cp"]
    assert inform.reason_required
    for exception in [
        "place the child at increased significant harm",
        "place any other person at risk of injury",
        "obstruct or interfere with any potential Police investigation",
        "lead to unjustified delay in making enquiries about allegations of significant harm",
    ]:
        assert exception in inform.rule
    own = consent["young-person-consent"]
    assert own.age is not None and own.age.min == 12
    assert "Anyone aged 12 years or over" in own.rule
    parent = consent["parent-consent-under-12"]
    assert parent.age is not None and parent.age.max == 11
    assert parent.rule.startswith("For those aged under 12 years")


def test_two_working_days(fw: Framework) -> None:
    rule = "Complete the Family Connect request for service form within 2 working days."
    assert rule in fw.level(4).what_to_do
    guidance = {g.id: g for g in fw.guidance}
    assert rule in guidance["request-for-service"].items


def test_guidance(fw: Framework) -> None:
    guidance = {g.id: g for g in fw.guidance}
    protective = guidance["protective-factors"]
    assert "strengths" in protective.use
    assert (
        "Essentially, there are protective factors in the lives of almost every child."
        " Where none can be identified this in itself must seriously increase concern"
        " as to current or future harm."
    ) in protective.items
    warning = guidance["warning-signs"]
    assert set(warning.use) == {"ask", "card"}
    assert warning.levels == [3, 4]
    assert "levels" in warning.reading  # the levels are thresholdcli's reading
    assert "a child or young person with a sexually transmitted disease" in warning.choices
    assert len(warning.intro) == 1 and len(warning.choices) == 6  # introduction + six signs
    # introduction + 14 factors + "The more harm factors present …" + the two recording duties
    assert len(guidance["harm-factors"].items) == 18
    help_items = guidance["help-and-support"].items
    assert "Has anyone been harmed?" in help_items
    assert len(help_items) == 8  # introduction + seven questions


def test_accumulation(fw: Framework) -> None:
    rules = {a.id: a for a in fw.accumulation}
    assert set(rules) == {"multiple-needs-complex", "harm-factors-acute"}
    assert all(a.uncertain for a in rules.values())
    multiple, harm = rules["multiple-needs-complex"], rules["harm-factors-acute"]
    assert (multiple.level, multiple.min_domains, multiple.consider_level) == (2, 3, 3)
    assert (harm.level, harm.min_domains, harm.consider_level) == (3, 3, 4)
