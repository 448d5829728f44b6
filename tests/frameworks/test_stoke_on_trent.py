"""Pins the Stoke-on-Trent "Thresholds for Intervention" framework file to its source."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from thresholdcli.framework.loader import load_framework
from thresholdcli.framework.model import Framework

PATH = Path(__file__).resolve().parents[2] / "frameworks" / "stoke-on-trent.toml"

CSC_ROUTE = (
    "Request for service to Children's Social Care. "
    "Request support from additional specialist risk support services."
)
LEVEL_3_LINE = (
    "Complete an Early Help Assessment. "
    "Consider requests for agencies best placed to support the family."
)


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(PATH)


def test_identity(fw: Framework) -> None:
    assert fw.ref == "stoke-on-trent@undated-wt2023"
    assert fw.authority == "Stoke-on-Trent Safeguarding Children Partnership"
    assert fw.source == "001_d4320091f6384387.txt"


def test_levels(fw: Framework) -> None:
    assert [lv.name for lv in fw.levels] == [
        "Thriving",
        "Getting Advice",
        "Getting Help",
        "Getting More Help",
        "Getting Risk Support",
    ]
    assert "Practitioners should refer to the Integrated Front Door (IFD)" in fw.level(5).what_to_do
    assert fw.level(5).national.levels == ["statutory"]
    assert fw.level(4).national.confidence == "low"


def test_indicator_counts(fw: Framework) -> None:
    assert dict(Counter(i.level for i in fw.indicators)) == {1: 56, 2: 56, 3: 70, 4: 68, 5: 67}
    assert len(fw.indicators) == 317


def test_domains_in_document_order(fw: Framework) -> None:
    assert len(fw.domains) == 10
    assert [d.id for d in fw.domains] == [
        "education",
        "early-years",
        "health",
        "substance-use",
        "family-relationships",
        "abuse-exploitation",
        "crime",
        "domestic-abuse",
        "housing",
        "financial-stability",
    ]
    per_domain = Counter(i.domain for i in fw.indicators)
    assert per_domain == {
        "education": 34,
        "early-years": 34,
        "health": 52,
        "substance-use": 24,
        "family-relationships": 38,
        "abuse-exploitation": 56,
        "crime": 28,
        "domestic-abuse": 26,
        "housing": 13,
        "financial-stability": 12,
    }


@pytest.mark.parametrize(
    ("ind_id", "domain", "level", "text"),
    [
        (
            "edu.2.03",
            "education",
            2,
            "Emerging attendance concerns, attendance has dropped below 95%.",
        ),
        (
            "edu.3.01",
            "education",
            3,
            "Poor punctuality, frequent absence from school, attendance below 90%.",
        ),
        (
            "eyd.1.02",
            "early-years",
            1,
            "All 0-19 mandated contacts are attended and positive (Antenatal contact, New birth "
            "contact, 6–8-week contact, 8–12-month assessment, 2-2.5-year assessment).",
        ),
        (
            "eyd.5.01",
            "early-years",
            5,
            "Concealing or denial of pregnancy or unwanted pregnancy.",
        ),
        (
            "health.4.09",
            "health",
            4,
            "Parent/carer unresponsive to child's emotional needs, child may present "
            "self-harming behaviours or suicidal ideation or actions.",
        ),
        ("health.5.08", "health", 5, "Suspected non-accidental injury, abuse or neglect."),
        ("sub.5.01", "substance-use", 5, "Class A/Serious drug misuse."),
        (
            "fam.4.05",
            "family-relationships",
            4,
            "Family at risk of breakdown relate to child's behavioural difficulties.",
        ),
        ("abuse.5.01", "abuse-exploitation", 5, "Disclosure of abuse from a child or other."),
        (
            "abuse.5.04",
            "abuse-exploitation",
            5,
            "Female Genital Mutilation (FGM) occurred or suspected.",
        ),
        ("abuse.5.15", "abuse-exploitation", 5, "Peer-on-peer exploitation, abuse or Bullying."),
        ("abuse.4.12", "abuse-exploitation", 4, "Escalating missing episodes."),
        ("crime.4.02", "crime", 4, "Young person regularly involved in antisocial Activity."),
        ("crime.3.03", "crime", 3, "Parent has received a custodial sentence."),
        ("da.5.03", "domestic-abuse", 5, "Case referred/heard at MARAC."),
        (
            "da.1.05",
            "domestic-abuse",
            1,
            "Child/young person has strong and stable attachments with significant adults",
        ),
        ("housing.4.03", "housing", 4, "Family at risk of eviction."),
        (
            "fin.5.01",
            "financial-stability",
            5,
            "Extreme debts/poverty impacting ability to meet family's basic needs.",
        ),
    ],
)
def test_specific_indicators(
    fw: Framework, ind_id: str, domain: str, level: int, text: str
) -> None:
    ind = fw.indicator(ind_id)
    assert ind is not None
    assert (ind.domain, ind.level, ind.text) == (domain, level, text)


def test_act_now_only_at_top_level(fw: Framework) -> None:
    act_now = {i.id for i in fw.indicators if i.act_now}
    assert act_now == {
        "health.5.06",
        "health.5.08",
        "abuse.5.01",
        "abuse.5.02",
        "abuse.5.03",
        "abuse.5.04",
        "abuse.5.05",
        "abuse.5.11",
        "abuse.5.13",
        "da.5.05",
        "edu.5.05",
        "fam.5.02",
        "fam.5.03",
        "abuse.5.06",
        "abuse.5.15",
        "abuse.5.16",
        "da.5.01",
        "da.5.02",
        "da.5.04",
        "housing.5.01",
    }
    assert {i.level for i in fw.indicators if i.act_now} == {5}


def _action_text(fw: Framework, domain_id: str, rank: int) -> str:
    action = fw.domain_action(domain_id, rank)
    assert action is not None
    return " ".join(action.text.split("\n\n"))  # parts cited one by one, read as one line


def test_domain_actions(fw: Framework) -> None:
    assert len(fw.domain_actions) == 50
    for domain in fw.domains:
        assert _action_text(fw, domain.id, 1) == "No additional action required."
        assert _action_text(fw, domain.id, 2) == (
            "Advice, guidance and signposting. Consider completion of an Early Help Assessment."
        )
        assert _action_text(fw, domain.id, 3) == LEVEL_3_LINE
        assert _action_text(fw, domain.id, 4) == (
            "Check if an Early Help Assessment is in place – if not, complete an Early Help "
            "Assessment, and consider enhanced support offer and request for support services."
        )
        action5 = fw.domain_action(domain.id, 5)
        assert action5 is not None
        if domain.id == "abuse-exploitation":
            # Printed as the level-3 line: kept, flagged, and corrected to the CSC route.
            assert _action_text(fw, domain.id, 5) == LEVEL_3_LINE
            assert action5.misprint
            assert action5.correction == CSC_ROUTE
        else:
            assert _action_text(fw, domain.id, 5) == CSC_ROUTE
            assert not action5.misprint


def test_contacts(fw: Framework) -> None:
    by_id = {c.id: c for c in fw.contacts}
    ifd = by_id["ifd"]
    assert ifd.phone == "01782 235100"
    assert ifd.hours_text == "Mon-Thurs, 8.30am – 5pm and Fri, 8.30am – 4.30pm"
    assert [(h.days, h.opens, h.closes) for h in ifd.hours] == [
        (["mon", "tue", "wed", "thu"], "08:30", "17:00"),
        (["fri"], "08:30", "16:30"),
    ]
    edt = by_id["edt"]
    assert edt.phone == "01782 234234"
    assert edt.out_of_hours and edt.role == "out_of_hours" and not edt.hours
    assert edt.hours_text == "out of office hours, at weekends or on bank holidays"
    assert (by_id["police-999"].phone, by_id["police-999"].role) == ("999", "emergency")
    assert by_id["police-999"].always
    assert (by_id["police-101"].phone, by_id["police-101"].role) == ("101", "police_non_emergency")
    assert by_id["crisis-care-centre"].phone == "0800 0328 728"
    assert by_id["crisis-care-centre"].role == "mental_health_crisis"
    assert by_id["health-0-19"].phone == "0808 178 3374"
    assert by_id["combined-wellbeing"].phone is None
    assert by_id["prevent-channel"].phone is None


def test_prevent_not_disclosed(fw: Framework) -> None:
    item = next(c for c in fw.consent if c.id == "prevent-not-disclosed")
    assert item.levels == [5]
    assert (
        "prevent referrals should not be disclosed to the child or young person or their family "
        "at the time of referral" in item.rule
    )
    assert any(
        "prevent referrals should not be disclosed" in s for g in fw.guidance for s in g.items
    )


def test_consent_rules(fw: Framework) -> None:
    ids = [c.id for c in fw.consent]
    assert ids == [
        "open-and-honest",
        "consider-consent",
        "consent-explicit",
        "shared-without-consent-record",
        "no-permission-approved",
        "agreement-recorded",
        "refusal-advice",
        "without-agreement-reason",
        "tell-csc-withheld",
        "inform-parent-after",
        "prevent-not-disclosed",
    ]
    by_id = {c.id: c for c in fw.consent}
    assert by_id["no-permission-approved"].reason_required
    assert by_id["no-permission-approved"].rule.startswith(
        "A decision by any professional not to seek parental permission"
    )
    assert all(c.age is None for c in fw.consent)  # no young-person's-own-consent rule printed


def test_important_factors(fw: Framework) -> None:
    guide = next(g for g in fw.guidance if g.id == "important-factors")
    assert guide.use == ["start"]
    assert len(guide.items) == 9
    assert guide.items[0] == "What is life like for the young person or child now?"
    assert (
        guide.items[-1] == "What additional support or intervention is needed to help protect them?"
    )


def test_accumulation(fw: Framework) -> None:
    (rule,) = fw.accumulation
    assert (rule.level, rule.min_domains, rule.consider_level) == (3, 3, 4)
    assert rule.uncertain
