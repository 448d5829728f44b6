"""Pins frameworks/hull.toml (Hull threshold of need framework and guidance, May 2018)."""

from collections import Counter
from pathlib import Path

import pytest

from thresholdcli.framework.loader import load_framework

PATH = Path(__file__).resolve().parents[2] / "frameworks" / "hull.toml"

CHILD = "child-health-development"
PAR = "parents-carers"
FAM = "family-environment"


@pytest.fixture(scope="module")
def fw():
    return load_framework(PATH)


def test_identity(fw):
    assert fw.ref == "hull@2018-05"
    assert fw.source == "003_da15d588141e97a5.txt"
    assert fw.published == "May 2018"


def test_levels(fw):
    assert [lv.name for lv in fw.levels] == [
        "Universal services",
        "Additional support",
        "Targeted early help support",
        "Specialist support",
    ]
    assert [lv.national.levels for lv in fw.levels] == [
        ["universal"],
        ["early_help"],
        ["targeted_early_help"],
        ["statutory"],
    ]
    assert fw.level(1).caption == "For all children and young people."
    assert fw.level(4).caption == (
        "Factors which may be evident for children in need and children in need of protection"
    )


def test_counts(fw):
    assert len(fw.indicators) == 115
    assert dict(Counter(i.level for i in fw.indicators)) == {1: 23, 2: 27, 3: 36, 4: 29}
    assert [d.id for d in fw.domains] == [CHILD, PAR, FAM]
    per = Counter((i.domain, i.level) for i in fw.indicators)
    assert per == {
        (CHILD, 1): 13, (PAR, 1): 6, (FAM, 1): 4,
        (CHILD, 2): 11, (PAR, 2): 10, (FAM, 2): 6,
        (CHILD, 3): 17, (PAR, 3): 10, (FAM, 3): 9,
        (CHILD, 4): 14, (PAR, 4): 8, (FAM, 4): 7,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("iid", "domain", "level", "text"),
    [
        ("child.1.01", CHILD, 1, "developmental assessment/ immunisations up to date"),
        ("child.1.09", CHILD, 1, "regular school attendance"),
        ("par.1.05", PAR, 1, "attend planned antenatal appointments during pregnancy"),
        ("fam.1.03", FAM, 1, "appropriate accommodation (housing)"),
        ("child.2.03", CHILD, 2, "non-attendance of appointments (was not brought)"),
        ("child.2.09", CHILD, 2, "exam stress impacting on emotional well being"),
        ("par.2.07", PAR, 2, "parent in prison"),
        ("fam.2.02", FAM, 2, "family / community members holding extremist views"),
        ("child.3.09", CHILD, 3, "experiencing bullying / bullying"),
        ("child.3.16", CHILD, 3, "suicidal thoughts (ideation)"),
        ("par.3.07", PAR, 3, "parent has experienced female genital mutilation"),
        (
            "fam.3.07",
            FAM,
            3,
            "poverty impacting on ability to care for child (including families who have no "
            "recourse to public funds)",
        ),
        (
            "child.4.03",
            CHILD,
            4,
            "unexplained injuries, suspicious injuries or inconsistent explanation",
        ),
        ("child.4.07", CHILD, 4, "threats or attempted suicide"),
        ("par.4.01", PAR, 4, "parent support female genital mutilation"),
        ("par.4.04", PAR, 4, "children who are at risk of fabricated or induced illness"),
        (
            "par.4.05",
            PAR,
            4,
            "parental substance misuse problems at a level which place the child at risk of "
            "significant harm",
        ),
        (
            "fam.4.01",
            FAM,
            4,
            "children at risk of forced marriage, honor based abuse, female genital mutilation",
        ),
        ("fam.4.06", FAM, 4, "Significant concern of radicalisation"),
    ],
)
def test_indicator(fw, iid, domain, level, text):
    ind = fw.indicator(iid)
    assert ind is not None
    assert (ind.domain, ind.level, ind.text) == (domain, level, text)


def test_regular_school_attendance_carried_once(fw):
    hits = [i for i in fw.indicators if i.text == "regular school attendance"]
    assert [i.id for i in hits] == ["child.1.09"]
    assert hits[0].uncertain


def test_run_together_bullets_are_judgements(fw):
    for iid in ("par.4.04", "par.4.05"):
        assert fw.indicator(iid).uncertain
        assert "fabricated or induced illness parental" in fw.indicator(iid).note


@pytest.mark.parametrize(
    ("additional", "targeted", "text"),
    [
        ("child.2.08", "child.3.01", "slow in reaching developmental milestones"),
        ("child.2.10", "child.3.03", "low self esteem / confidence"),
        ("child.2.11", "child.3.04", "lack of problem solving skills"),
    ],
)
def test_factors_printed_at_two_levels_are_linked(fw, additional, targeted, text):
    a, t = fw.indicator(additional), fw.indicator(targeted)
    assert (a.level, t.level) == (2, 3)
    assert a.text == t.text == text
    assert a.linked == [targeted]
    assert t.linked == [additional]
    assert a.note and t.note


def test_act_now(fw):
    flagged = sorted(i.id for i in fw.indicators if i.act_now)
    assert flagged == [
        "child.4.03",
        "child.4.05",
        "fam.4.01",
        "fam.4.03",
        "fam.4.05",
        "fam.4.07",
        "par.4.01",
        "par.4.03",
        "par.4.04",
        "par.4.05",
    ]
    assert all(fw.indicator(i).level == 4 for i in flagged)
    assert fw.act_now.startswith(
        "If at any point significant harm is known/suspected contact EHASH: 01482 448879\n\n"
    )


def test_contacts(fw):
    c = {x.id: x for x in fw.contacts}
    assert c["police-999"].phone == "999"
    assert c["police-999"].role == "emergency"
    assert c["police-999"].always

    ehash = c["ehash"]
    assert ehash.phone == "01482 448879"
    assert ehash.email == ["EHASHgc@hullcc.gcsx.gov.uk", "EHASH@hullcc.gov.uk"]
    assert ehash.email_for == {
        "EHASHgc@hullcc.gcsx.gov.uk": "for all secure correspondence",
        "EHASH@hullcc.gov.uk": "for all non-confidential matters",
    }
    # No hours are printed for EHASH, and no out-of-hours service is printed at all.
    assert ehash.hours == []
    assert ehash.hours_text == ""
    assert not ehash.out_of_hours
    assert "No hours are printed for EHASH" in ehash.note
    # EHASH is for targeted early help and specialist support (3-4) and significant harm;
    # additional support (2) goes to the locality hub directly.
    assert ehash.routes("referral", 2) == []
    assert [u.levels for u in ehash.routes("referral", 3)] == [[3, 4]]
    assert ehash.routes("significant_harm", 1)
    assert not any(x.out_of_hours for x in fw.contacts)

    assert c["early-help-requests"].email == ["Early.Help@hullcc.gcsx.gov.uk"]
    assert c["early-help-requests"].phone is None

    hubs = {
        "west-locality-hub": "305770",
        "east-locality-hub": "708953",
        "north-locality-hub": "828901",
    }
    for cid, number in hubs.items():
        hub = c[cid]
        assert hub.phone == number
        assert hub.phone_inferred == "01482 " + number
        assert hub.uncertain
        assert hub.hours == []
        assert "No hours printed in the framework" in hub.note


def test_consent_rules(fw):
    k = {x.id: x for x in fw.consent}
    assert "follow this up in writing within 48 hours" in k["written-follow-up"].rule
    assert k["written-follow-up"].levels == [4]
    assert k["written-follow-up"].reason_required
    assert "within 5 working days" in k["chase-feedback"].rule
    assert "Early Help is a consent based service." in k["early-help-consent"].rule
    valid = k["valid-consent"].rule
    assert "Voluntary –" in valid and "Informed –" in valid and "Capacity" in valid
    inform = k["inform-before-contact"]
    assert inform.levels == [4]
    assert inform.reason_required
    assert "unless to do so would increase the risk of harm to the child" in inform.rule
    assert all(item.age is None for item in fw.consent)  # Hull gives no age for own consent


def test_guidance(fw):
    g = {x.id: x for x in fw.guidance}
    assert "the presence of protective factors may reduce a child's vulnerability" in (
        g["protective-factors"].items
    )
    assert {"strengths", "result"} <= set(g["protective-factors"].use)
    assert "the degree of severity or the existence of multiple factors may escalate concern" in (
        g["severity-multiple-factors"].items
    )
    assert {"strengths", "result"} <= set(g["severity-multiple-factors"].use)
    assert "in anonymous terms" in g["anonymous-consultation"].items[0]
    step_up = g["step-up"].items
    assert (
        "Advice is given, or a joint visit undertaken, but no other input is required." in step_up
    )
    assert "There is a safeguarding concern which necessitates formal contact with EHASH" in step_up


def test_accumulation(fw):
    rules = {(a.level, a.consider_level): a for a in fw.accumulation}
    assert set(rules) == {(2, 3), (3, 4)}
    assert rules[(3, 4)].quote == (
        "the degree of severity or the existence of multiple factors may escalate concern"
    )
    assert all(a.uncertain for a in fw.accumulation)
