"""Whom to call, when, for which level and circumstance: table-driven per framework.

ROUTES has one row per framework, level and time (weekday, evening, weekend, bank
holiday): the ids to call now with no significant harm suspected, the ids to call now
when it is, and the ids to talk to for advice. Every row was worked out from the source
document (frameworks/*.toml quote the words); see docs/frameworks/. CASES keeps exact
`why` lines for moments around opening hours and clock changes. To cover a new
framework, add its rows to both.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import run_cli
from thresholdcli.advice.contacts import (
    NO_HOURS,
    NO_NUMBER,
    UK,
    CallPlan,
    phone_text,
    plan_calls,
    plan_json,
    short_name,
)
from thresholdcli.errors import UsageError
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework
from thresholdcli.framework.provenance import READING
from thresholdcli.framework.verify import quotes
from thresholdcli.render.console import plain_console
from thresholdcli.render.contacts import contacts_panel

GOLDEN = Path(__file__).parent / "golden" / "contacts"

WEEKDAY = "2026-11-23 10:00"  # Monday
EVENING = "2026-11-23 20:00"  # Monday
WEEKEND = "2026-11-28 10:00"  # Saturday
BANK_HOLIDAY = "2026-12-25 10:00"  # Friday, Christmas Day
NIGHT = "2026-12-05 02:00"  # Saturday, the moment the issue was reported at
BEFORE_OPENING = "2026-11-23 08:15"  # Monday
FRIDAY_LATE = "2026-11-27 16:45"  # after a 16:30 Friday close, before a 17:00 one
SATURDAY = WEEKEND
CHRISTMAS = BANK_HOLIDAY
AUGUST_BANK_HOLIDAY = "2026-08-31 10:00"  # Monday, bank holiday
SPRING_CHANGE = "2026-03-29T07:45Z"  # Sunday, clocks go forward: 08:45 BST
AUTUMN_CHANGE = "2026-10-25T08:45Z"  # Sunday, clocks go back: 08:45 GMT
AFTER_SPRING = "2026-03-30T07:45Z"  # Monday 08:45 BST (07:45 if read as UTC)
AFTER_SPRING_9 = "2026-03-30T08:15Z"  # Monday 09:15 BST
FRIDAY_BST = "2026-10-23T15:45Z"  # Friday 16:45 BST (15:45 if read as UTC)
MONDAY_GMT = "2026-10-26T16:45Z"  # Monday 16:45 GMT, after the change
TIMES = (WEEKDAY, EVENING, WEEKEND, BANK_HOLIDAY)
CLOSED = (EVENING, WEEKEND, BANK_HOLIDAY)

SHIPPED = {fw.id: fw for _, fw in loader.shipped()}


@dataclass(frozen=True)
class Row:
    level: int
    at: str
    calls: str  # ids to call now, no significant harm suspected (space-separated)
    harm_calls: str  # ids to call now when significant harm is suspected
    advice: str  # ids to talk to for advice, in order


def rows(levels: range | tuple[int, ...], times: tuple[str, ...], *spec: str) -> list[Row]:
    return [Row(level, at, *spec) for level in levels for at in times]


HUBS = "west-locality-hub east-locality-hub north-locality-hub"

ROUTES: dict[str, list[Row]] = {
    # SCAS: advice "where they remain unsure" at every level, new referrals at levels 3-4
    # by phone; EDS printed beside it for both. Level 1: "can access services directly".
    "staffordshire-2022": [
        *rows(range(1, 3), (WEEKDAY,), "", "scas", "own-agency scas"),
        *rows(range(1, 3), CLOSED, "", "eds", "own-agency scas eds"),
        *rows(range(3, 5), (WEEKDAY,), "scas", "scas", "own-agency scas"),
        *rows(range(3, 5), CLOSED, "eds", "eds", "own-agency scas eds"),
    ],
    # Safeguarding leads and the front door (SCAS) for support at every level; SCAS and
    # EDS for referrals at levels 3-4; SCAS for significant harm.
    "staffordshire-2023": [
        *rows(range(1, 3), (WEEKDAY,), "", "scas", "own-agency scas esas"),
        *rows(range(1, 3), CLOSED, "", "eds", "own-agency scas esas"),
        *rows(range(3, 5), (WEEKDAY,), "scas", "scas", "own-agency scas esas"),
        *rows(range(3, 5), CLOSED, "eds", "eds", "own-agency scas esas"),
    ],
    # EHASH for targeted early help and child protection (3-4) and significant harm; at
    # level 2 "you do not need to" go via EHASH: the locality hub directly. No hours.
    "hull": [
        *rows((1,), TIMES, "", "ehash", f"own-agency ehash {HUBS}"),
        *rows((2,), TIMES, HUBS, f"ehash {HUBS}", f"own-agency ehash {HUBS}"),
        *rows(range(3, 5), TIMES, "ehash", "ehash", f"own-agency ehash {HUBS}"),
    ],
    # The IFD's phone is for significant harm ("for emergency safeguarding referrals");
    # non-urgent risk referrals go on the portal. EDT out of office hours.
    "stoke-on-trent": [
        *rows(range(1, 6), (WEEKDAY,), "", "ifd", "own-agency"),
        *rows(range(1, 6), CLOSED, "", "edt", "own-agency"),
    ],
    # Family Connect 9am-5pm for significant harm (and a request for service at Acute),
    # Emergency Duty Team "if out of office hours" for significant harm only.
    "telford-wrekin": [
        *rows(range(1, 4), (WEEKDAY,), "", "family-connect", "own-agency family-connect"),
        *rows(range(1, 4), CLOSED, "", "edt", "own-agency family-connect"),
        *rows((4,), (WEEKDAY,), "family-connect", "family-connect", "own-agency family-connect"),
        *rows((4,), CLOSED, "", "edt", "own-agency family-connect"),
    ],
}

ROUTE_ROWS = [
    pytest.param(fw_id, row, id=f"{fw_id}-L{row.level}-{row.at}")
    for fw_id, table in ROUTES.items()
    for row in table
]


def moment(at: str) -> datetime:
    return datetime.fromisoformat(at)


def framework(fw_id: str) -> Framework:
    return SHIPPED[fw_id]


def ids(calls: object) -> str:
    return " ".join(c.contact.id for c in calls)  # type: ignore[attr-defined]


def plan(fw_id: str, at: str, level: int | None, harm: bool = False) -> CallPlan:
    return plan_calls(framework(fw_id), moment(at), level=level, significant_harm=harm)


def test_every_shipped_framework_has_route_rows_for_every_level_and_time() -> None:
    assert set(SHIPPED) == set(ROUTES)
    for fw_id, table in ROUTES.items():
        covered = {(row.level, row.at) for row in table}
        wanted = {(lv, at) for lv in range(1, framework(fw_id).top_rank + 1) for at in TIMES}
        assert covered == wanted, fw_id
        assert len(table) == len(covered), f"{fw_id}: a level and time given twice"


@pytest.mark.parametrize(("fw_id", "row"), ROUTE_ROWS)
def test_routes_by_level_time_and_circumstance(fw_id: str, row: Row) -> None:
    plain = plan(fw_id, row.at, row.level)
    harm = plan(fw_id, row.at, row.level, harm=True)
    assert ids(plain.call_now) == row.calls
    assert ids(harm.call_now) == row.harm_calls
    assert " ".join(a.contact.id for a in plain.for_advice) == row.advice
    # Until significant harm is suspected, its routes are listed apart, never called.
    extra = [i for i in row.harm_calls.split() if i not in row.calls.split()]
    assert ids(plain.if_significant_harm) == " ".join(extra)
    assert harm.if_significant_harm == ()


@pytest.mark.parametrize("fw_id", sorted(SHIPPED))
@pytest.mark.parametrize("at", TIMES)
def test_emergency_and_out_of_hours_teams_only_for_harm_or_danger(fw_id: str, at: str) -> None:
    fw = framework(fw_id)
    for level in range(1, fw.top_rank + 1):
        for call in plan(fw_id, at, level).call_now:
            assert call.contact.role != "emergency"
            if call.contact.out_of_hours:  # only where printed for this level's referrals
                assert call.contact.routes("referral", level), (fw_id, level, call.contact.id)


@dataclass(frozen=True)
class Case:
    at: str
    level: int | None
    calls: tuple[str, ...]
    why: str  # the first call's `why`, exactly
    danger: bool = False
    harm: bool = False


def staffs(level: int) -> list[Case]:
    """SCAS / EDS at levels 3-4: Mon–Thu 08:30–17:00, Fri 08:30–16:30, else EDS."""
    bank = (
        f"{READING}: SCAS is taken to be closed on bank holidays "
        "(its hours are given by weekday, none for bank holidays), call EDS"
    )
    return [
        Case(WEEKDAY, level, ("scas",), "Monday 10:00: SCAS is open until 17:00, call SCAS"),
        Case(BEFORE_OPENING, level, ("eds",), "Monday 08:15: before SCAS opens at 08:30, call EDS"),
        Case(FRIDAY_LATE, level, ("eds",), "Friday 16:45: after SCAS closes at 16:30, call EDS"),
        Case(SATURDAY, level, ("eds",), "Saturday 10:00: SCAS is closed at weekends, call EDS"),
        Case(
            CHRISTMAS,
            level,
            ("eds",),
            f"Friday 10:00 (Christmas Day, a bank holiday in England): {bank}",
        ),
        Case(
            AUGUST_BANK_HOLIDAY,
            level,
            ("eds",),
            f"Monday 10:00 (Late Summer Bank Holiday, a bank holiday in England): {bank}",
        ),
        Case(SPRING_CHANGE, level, ("eds",), "Sunday 08:45: SCAS is closed at weekends, call EDS"),
        Case(AUTUMN_CHANGE, level, ("eds",), "Sunday 08:45: SCAS is closed at weekends, call EDS"),
        Case(AFTER_SPRING, level, ("scas",), "Monday 08:45: SCAS is open until 17:00, call SCAS"),
        Case(FRIDAY_BST, level, ("eds",), "Friday 16:45: after SCAS closes at 16:30, call EDS"),
        Case(MONDAY_GMT, level, ("scas",), "Monday 16:45: SCAS is open until 17:00, call SCAS"),
        Case(
            FRIDAY_LATE,
            level,
            ("police-999", "eds"),
            "Friday 16:45: immediate danger, call 999 first",
            danger=True,
        ),
    ]


STOKE_IFD = "IFD"  # the data's short_name; the source prints "Integrated Front Door (IFD)"
STOKE_EDT = "Children's Social Care Emergency Duty Team"
EHASH_WHY = f"{NO_HOURS} for EHASH, call EHASH"
FC_HOURS_READING = next(
    c.hours_reading for c in SHIPPED["telford-wrekin"].contacts if c.id == "family-connect"
)
FC_DAYS = (
    f"{READING}: Family Connect is taken to be closed at weekends "
    f"({FC_HOURS_READING.rstrip('.')})"
)
FC_BANK = (
    f"{READING}: Family Connect is taken to be closed on bank holidays "
    "(its hours are given by weekday, none for bank holidays)"
)

CASES: dict[str, list[Case]] = {
    "staffordshire-2022": [*staffs(4), *staffs(3)],
    "staffordshire-2023": [
        *staffs(4),
        *staffs(3)[:2],
        Case(
            CHRISTMAS,
            1,
            ("police-999", "eds"),
            "Friday 10:00 (Christmas Day, a bank holiday in England): "
            "immediate danger, call 999 first",
            danger=True,
        ),
        Case(WEEKDAY, None, ("scas",), "Monday 10:00: SCAS is open until 17:00, call SCAS"),
    ],
    "stoke-on-trent": [
        *(
            Case(at, 5, calls, why, harm=True)
            for at, calls, why in [
                (WEEKDAY, ("ifd",), f"Monday 10:00: {STOKE_IFD} is open until 17:00, call IFD"),
                (
                    BEFORE_OPENING,
                    ("edt",),
                    f"Monday 08:15: before {STOKE_IFD} opens at 08:30, call {STOKE_EDT}",
                ),
                (
                    FRIDAY_LATE,
                    ("edt",),
                    f"Friday 16:45: after {STOKE_IFD} closes at 16:30, call {STOKE_EDT}",
                ),
                (
                    SATURDAY,
                    ("edt",),
                    f"Saturday 10:00: {STOKE_IFD} is closed at weekends, call {STOKE_EDT}",
                ),
                # Only Stoke prints bank holidays: stated as fact, not as a reading.
                (
                    CHRISTMAS,
                    ("edt",),
                    "Friday 10:00 (Christmas Day, a bank holiday in England): "
                    f"{STOKE_IFD} is closed on bank holidays, call {STOKE_EDT}",
                ),
                (
                    SPRING_CHANGE,
                    ("edt",),
                    f"Sunday 08:45: {STOKE_IFD} is closed at weekends, call {STOKE_EDT}",
                ),
                (AFTER_SPRING, ("ifd",), "Monday 08:45: IFD is open until 17:00, call IFD"),
                (
                    FRIDAY_BST,
                    ("edt",),
                    f"Friday 16:45: after {STOKE_IFD} closes at 16:30, call {STOKE_EDT}",
                ),
            ]
        ),
        Case(
            SATURDAY,
            5,
            ("police-999", "edt"),
            "Saturday 10:00: immediate danger, call 999 first",
            danger=True,
        ),
        Case(
            WEEKDAY,
            1,
            ("police-999", "ifd"),
            "Monday 10:00: immediate danger, call 999 first",
            True,
        ),
    ],
    "hull": [
        # No hours printed for EHASH and no out-of-hours service: say so, never guess.
        Case(WEEKDAY, 4, ("ehash",), f"Monday 10:00: {EHASH_WHY}"),
        Case(FRIDAY_LATE, 4, ("ehash",), f"Friday 16:45: {EHASH_WHY}"),
        Case(SPRING_CHANGE, 3, ("ehash",), f"Sunday 08:45: {EHASH_WHY}"),
        Case(
            CHRISTMAS,
            1,
            ("ehash",),
            f"Friday 10:00 (Christmas Day, a bank holiday in England): {EHASH_WHY}",
            harm=True,
        ),
        Case(
            WEEKDAY,
            4,
            ("police-999", "ehash"),
            "Monday 10:00: immediate danger, call 999 first",
            True,
        ),
    ],
    "telford-wrekin": [
        Case(
            WEEKDAY,
            4,
            ("family-connect",),
            "Monday 10:00: Family Connect is open until 17:00, call Family Connect",
            harm=True,
        ),
        Case(
            BEFORE_OPENING,
            4,
            ("edt",),
            "Monday 08:15: before Family Connect opens at 09:00, call Emergency Duty Team",
            harm=True,
        ),
        # No Friday early closing in Telford's data: open at 16:45 on a Friday.
        Case(
            FRIDAY_LATE,
            2,
            ("family-connect",),
            "Friday 16:45: Family Connect is open until 17:00, call Family Connect",
            harm=True,
        ),
        Case(
            SATURDAY,
            2,
            ("edt",),
            f"Saturday 10:00: {FC_DAYS}, call Emergency Duty Team",
            harm=True,
        ),
        Case(
            CHRISTMAS,
            4,
            ("edt",),
            f"Friday 10:00 (Christmas Day, a bank holiday in England): {FC_BANK}, "
            "call Emergency Duty Team",
            harm=True,
        ),
        Case(
            AUTUMN_CHANGE,
            4,
            ("edt",),
            f"Sunday 08:45: {FC_DAYS}, call Emergency Duty Team",
            harm=True,
        ),
        Case(
            AFTER_SPRING,
            4,
            ("edt",),
            "Monday 08:45: before Family Connect opens at 09:00, call Emergency Duty Team",
            harm=True,
        ),
        Case(
            AFTER_SPRING_9,
            4,
            ("family-connect",),
            "Monday 09:15: Family Connect is open until 17:00, call Family Connect",
        ),
        Case(
            MONDAY_GMT,
            4,
            ("family-connect",),
            "Monday 16:45: Family Connect is open until 17:00, call Family Connect",
        ),
        Case(
            SATURDAY,
            4,
            ("police-999", "edt"),
            "Saturday 10:00: immediate danger, call 999 first",
            True,
        ),
    ],
}

ROWS = [
    pytest.param(
        fw_id,
        case,
        id=f"{fw_id}-{case.at}-L{case.level}{'-danger' if case.danger else ''}"
        f"{'-harm' if case.harm else ''}",
    )
    for fw_id, cases in CASES.items()
    for case in cases
]


def test_every_shipped_framework_has_contact_cases() -> None:
    assert set(SHIPPED) <= set(CASES)


@pytest.mark.parametrize(("fw_id", "case"), ROWS)
def test_call_plan(fw_id: str, case: Case) -> None:
    result = plan_calls(framework(fw_id), moment(case.at), case.danger, case.level, case.harm)
    assert tuple(c.contact.id for c in result.call_now) == case.calls
    assert result.call_now[0].why == case.why


# --- the cases the issue lists ------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2])
def test_telford_night_low_levels_never_call_the_emergency_duty_team(level: int) -> None:
    result = plan("telford-wrekin", NIGHT, level)
    assert result.call_now == ()
    assert ids(result.if_significant_harm) == "edt"
    edt = result.if_significant_harm[0]
    assert edt.printed is not None and "experiencing significant harm" not in edt.printed.quote
    assert (
        edt.printed.quote == "or if out of office hours call Emergency Duty Team on 01952 676500."
    )
    sh_quote = next(c for c in framework("telford-wrekin").contacts if c.id == "family-connect")
    assert any(
        "who you think is experiencing significant harm" in u.quote for u in sh_quote.printed_for
    )


def test_staffordshire_2022_level_1_at_night_is_advice_not_a_call() -> None:
    result = plan("staffordshire-2022", NIGHT, 1)
    assert result.call_now == ()
    own, scas, eds = result.for_advice
    assert "consult with their own line manager and / or designated safeguarding lead" in (
        own.printed.quote
    )
    assert "where they remain unsure" in scas.printed.quote
    assert scas.status.endswith("opens Monday 7 December at 08:30")
    assert eds.status == "out of hours"
    assert "Out of hours Tel No. 0345 604 2886" in eds.printed.quote
    assert "access services directly" in framework("staffordshire-2022").level(1).description


def test_staffordshire_2023_level_2_talks_to_the_front_door() -> None:
    result = plan("staffordshire-2023", WEEKDAY, 2)
    assert result.call_now == ()
    scas = next(a for a in result.for_advice if a.contact.id == "scas")
    assert scas.status == "open now until 17:00"
    assert scas.printed.quote.startswith(
        "All practitioners should use their safeguarding leads and conversations at the front "
        "door (SCAS) for support, guidance, and reflection"
    )
    assert "no number to phone" not in result.summary


@pytest.mark.parametrize("level", [1, 2])
def test_hull_additional_support_does_not_go_via_ehash(level: int) -> None:
    result = plan("hull", WEEKDAY, level)
    assert "ehash" not in ids(result.call_now).split()
    if level == 2:
        assert ids(result.call_now) == HUBS
        assert "with the consent of the child/family" in result.call_now[0].printed.quote  # type: ignore[union-attr]
        assert [r.contact.id for r in result.also] == ["early-help-requests"]


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_hull_at_night_says_no_out_of_hours_number_and_adds_the_tools_safety_net(
    level: int,
) -> None:
    result = plan("hull", NIGHT, level)
    assert "The framework prints no hours and no out-of-hours number for EHASH." in result.notes
    net = [n for n in result.notes if "call 999" in n]
    assert net == [
        f"{READING}: If the child may be at risk of significant harm before EHASH reopens "
        "(the framework prints no hours for EHASH and no out-of-hours number), call 999."
    ]


def test_a_closed_route_without_an_out_of_hours_number_gets_the_safety_net() -> None:
    fw = framework("telford-wrekin")
    no_edt = fw.model_copy(update={"contacts": [c for c in fw.contacts if c.id != "edt"]})
    result = plan_calls(no_edt, moment(NIGHT), level=4, significant_harm=True)
    assert result.call_now == ()
    assert [r.contact.id for r in result.also] == ["family-connect"]
    assert "no out-of-hours number is printed for this" in result.also[0].status
    assert any(
        n.startswith(
            f"{READING}: If the child may be at risk of significant harm before Family "
            "Connect reopens (opens Monday 7 December at 09:00"
        )
        and n.endswith("call 999.")
        for n in result.notes
    )


def test_stoke_level_5_without_significant_harm_refers_on_the_portal() -> None:
    result = plan("stoke-on-trent", WEEKDAY, 5)
    assert result.call_now == ()
    assert [r.contact.id for r in result.also] == ["ifd-portal", "prevent-channel"]
    assert "For non urgent" not in result.also[0].printed.quote
    assert "you can make a referral to the Integrated Front Door" in result.also[0].printed.quote
    assert ids(result.if_significant_harm) == "ifd"
    assert ids(plan("stoke-on-trent", WEEKDAY, 5, harm=True).call_now) == "ifd"


# --- readings: bank holidays, weekdays, 999 -------------------------------------------


@pytest.mark.parametrize(
    ("fw_id", "printed"),
    [
        ("staffordshire-2022", False),
        ("staffordshire-2023", False),
        ("telford-wrekin", False),
        ("stoke-on-trent", True),
    ],
)
def test_bank_holiday_closure_is_fact_only_where_printed(fw_id: str, printed: bool) -> None:
    result = plan(fw_id, BANK_HOLIDAY, framework(fw_id).top_rank, harm=True)
    why = result.call_now[0].why
    assert "closed on bank holidays" in why
    assert (READING in why) is not printed


@pytest.mark.parametrize("fw_id", ["staffordshire-2023", "hull"])
def test_999_not_printed_is_the_tools_reading(fw_id: str) -> None:
    fw = framework(fw_id)
    result = plan_calls(fw, moment(WEEKDAY), immediate_danger=True, level=fw.top_rank)
    first = result.call_now[0]
    assert first.contact.phone == "999" and first.printed is None
    assert first.contact.not_printed and not first.contact.hours_text
    text = panel_text(fw, result)
    assert "hours as printed: Any time" not in text
    assert f"{READING}: 999 is the national emergency number" in text.replace("\n│", "")


@pytest.mark.parametrize("fw_id", ["staffordshire-2022", "stoke-on-trent", "telford-wrekin"])
def test_999_printed_is_quoted(fw_id: str) -> None:
    result = plan_calls(framework(fw_id), moment(WEEKDAY), immediate_danger=True, level=1)
    first = result.call_now[0]
    assert first.contact.phone == "999" and first.printed is not None
    assert "999" in first.printed.quote and not first.contact.not_printed


def test_opening_text_labels_assumed_days() -> None:
    result = plan("telford-wrekin", WEEKEND, 1)
    fc = next(a for a in result.for_advice if a.contact.id == "family-connect")
    assert fc.status.startswith(f"closed now ({READING}: Family Connect is taken to be closed")
    assert fc.status.endswith("opens Monday 30 November at 09:00")


# --- general rules --------------------------------------------------------------------


def test_utc_input_is_judged_in_uk_time() -> None:
    fw = framework("staffordshire-2022")
    spring = plan_calls(fw, moment(SPRING_CHANGE))
    autumn = plan_calls(fw, moment(AUTUMN_CHANGE))
    assert (spring.at.hour, spring.at.utcoffset()) == (
        8,
        moment("2026-01-01T01:00+01:00").utcoffset(),
    )
    assert (autumn.at.hour, autumn.at.utcoffset()) == (8, moment("2026-01-01T01:00Z").utcoffset())


def test_naive_time_is_uk_local_time_whatever_the_machine_zone() -> None:
    fw = framework("staffordshire-2022")
    naive = plan_calls(fw, moment("2026-07-01 08:45"), level=4)  # BST
    aware = plan_calls(fw, moment("2026-07-01T08:45").replace(tzinfo=UK), level=4)
    assert naive.at == aware.at and naive.call_now == aware.call_now
    assert naive.call_now[0].contact.id == "scas"


@pytest.mark.parametrize("fw_id", sorted(SHIPPED))
@pytest.mark.parametrize(
    "at", [WEEKDAY, BEFORE_OPENING, FRIDAY_LATE, SATURDAY, CHRISTMAS, SPRING_CHANGE]
)
def test_999_is_always_first_in_immediate_danger(fw_id: str, at: str) -> None:
    fw = framework(fw_id)
    for level in [None, *range(1, fw.top_rank + 1)]:
        result = plan_calls(fw, moment(at), immediate_danger=True, level=level)
        assert result.call_now[0].contact.phone == "999"
        assert plan_json(result)["call_now"][0]["phone"] == "999"
        assert len(result.call_now) > 1, "after 999, the significant-harm route"


def test_999_is_shown_even_when_the_data_lists_no_emergency_contact() -> None:
    fw = framework("staffordshire-2022")
    bare = fw.model_copy(update={"contacts": [c for c in fw.contacts if c.role != "emergency"]})
    result = plan_calls(bare, moment(WEEKDAY), immediate_danger=True)
    assert [c.contact.phone for c in result.call_now] == ["999", "0300 111 8007"]
    assert result.call_now[0].contact.not_printed
    assert plan_calls(bare, moment(WEEKDAY)).call_now[0].contact.id == "scas"


@pytest.mark.parametrize("fw_id", sorted(SHIPPED))
@pytest.mark.parametrize("at", [WEEKDAY, FRIDAY_LATE, SATURDAY, CHRISTMAS])
def test_never_a_number_the_framework_does_not_print(fw_id: str, at: str) -> None:
    fw = framework(fw_id)
    printed = {c.id: c.phone for c in fw.contacts}
    for level in [None, *range(1, fw.top_rank + 1)]:
        for harm in (False, True):
            data = plan_json(plan_calls(fw, moment(at), level=level, significant_harm=harm))
            for call in data["call_now"] + data["if_significant_harm"]:
                assert call["phone"] == printed[call["id"]]
                assert call["phone"], "a call needs a number"


def test_contact_without_a_number_says_so() -> None:
    esas = next(c for c in framework("staffordshire-2023").contacts if c.id == "esas")
    assert esas.phone is None
    assert phone_text(esas) == "number not given in the framework" == NO_NUMBER
    hub = next(c for c in framework("hull").contacts if c.id == "west-locality-hub")
    # The area code is not printed: it is thresholdcli's reading, never "as printed".
    assert phone_text(hub) == "305770 (thresholdcli's reading: 01482 305770)"
    assert "01482" in hub.reading["phone_inferred"]


@pytest.mark.parametrize(
    ("fw_id", "contact_id", "short"),
    [
        ("staffordshire-2023", "scas", "SCAS"),
        ("staffordshire-2023", "eds", "EDS"),
        ("staffordshire-2023", "esas", "ESAS"),
        ("hull", "ehash", "EHASH"),
        ("stoke-on-trent", "crisis-care-centre", "Crisis Care Centre"),
        ("telford-wrekin", "edt", "Emergency Duty Team"),
    ],
)
def test_short_names(fw_id: str, contact_id: str, short: str) -> None:
    contact = next(c for c in framework(fw_id).contacts if c.id == contact_id)
    assert short_name(contact) == short


def test_uncertain_data_relied_on_is_flagged() -> None:
    assert any(
        n.startswith("Check Family Connect:") for n in plan("telford-wrekin", WEEKDAY, 4).notes
    )
    night = plan("telford-wrekin", SATURDAY, 4, harm=True)  # EDT is called, not Family Connect
    assert not any(n.startswith("Check Family Connect:") for n in night.notes)


def test_level_only_routes_are_noted_when_no_level_is_given() -> None:
    result = plan_calls(framework("staffordshire-2023"), moment(WEEKDAY))
    assert ids(result.call_now) == "scas"
    assert "SCAS is printed for this at level(s) 3, 4 only." in result.notes
    assert (
        "SCAS is printed for this at level(s) 3, 4 only."
        not in plan("staffordshire-2023", WEEKDAY, 4).notes
    )


def test_unknown_level_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="level 9 is not a level of"):
        plan_calls(framework("hull"), moment(WEEKDAY), level=9)


def test_hull_emails_keep_their_purposes() -> None:
    text = panel_text(framework("hull"), plan("hull", WEEKDAY, 4))
    assert "EHASHgc@hullcc.gcsx.gov.uk (“for all secure correspondence”)" in text
    assert "EHASH@hullcc.gov.uk (“for all non-confidential matters”)" in text


# --- the panel and the CLI ------------------------------------------------------------


def panel_text(fw: Framework, result: CallPlan, width: int = 80) -> str:
    buffer = io.StringIO()
    plain_console(buffer, width=width).print(contacts_panel(fw, result))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "fw_id", "at", "level", "danger"),
    [
        ("staffordshire-2023-friday-danger", "staffordshire-2023", FRIDAY_LATE, 4, True),
        ("hull-night-level-4", "hull", NIGHT, 4, False),
        ("telford-wrekin-night-level-1", "telford-wrekin", NIGHT, 1, False),
    ],
)
def test_contacts_panel_golden(name: str, fw_id: str, at: str, level: int, danger: bool) -> None:
    result = plan_calls(framework(fw_id), moment(at), danger, level=level)
    golden = GOLDEN / f"{name}.txt"
    assert panel_text(framework(fw_id), result) == golden.read_text(encoding="utf-8")


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        ["contacts", "staffordshire-2022", "--at", FRIDAY_LATE, "--level", "4", "--format", "json"],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    assert data["at"] == "2026-11-27T16:45:00+00:00"
    assert data["call_now"][0] == {
        "id": "eds",
        "service": "EDS (out of hours)",
        "short_name": "EDS",
        "phone": "0345 604 2886",
        "phone_inferred": None,
        "phone_text": "0345 604 2886",
        "reading": {},
        "why": "Friday 16:45: after SCAS closes at 16:30, call EDS",
        "printed_for": {
            "route": "referral",
            "levels": [3, 4],
            "quote": "EDS (out of hours) Tel No. 0345 604 2886 Or email: "
            "eds.team.manager@staffordshire.gov.uk",
        },
    }
    assert [a["id"] for a in data["for_advice"]] == ["own-agency", "scas", "eds"]
    assert data["for_advice"][1]["status"].startswith("closed now")
    assert [c["id"] for c in data["contacts"]] == ["police-999", "own-agency", "scas", "eds"]


def test_cli_significant_harm_flag(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["contacts", "telford-wrekin", "--at", NIGHT, "--level", "1", "--format", "json"]
    code, out, _ = run_cli(base, capsys)
    assert code == 0 and json.loads(out)["call_now"] == []
    code, out, _ = run_cli([*base, "--significant-harm"], capsys)
    assert code == 0 and [c["id"] for c in json.loads(out)["call_now"]] == ["edt"]


def test_cli_immediate_danger_and_utc(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["contacts", "hull", "--at", SPRING_CHANGE, "--immediate-danger", "--format", "json"]
    code, out, _ = run_cli(args, capsys)
    data = json.loads(out)
    assert code == 0 and data["at"] == "2026-03-29T08:45:00+01:00"
    assert [c["phone"] for c in data["call_now"]][:2] == ["999", "01482 448879"]
    national = data["call_now"][0]["reading"]["phone"]
    assert national.startswith("999 is the national emergency number")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "tomorrow"], "is not a date and time"),
        (["--level", "7"], "level 7 is not a level of"),
    ],
)
def test_cli_bad_input_is_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["contacts", "staffordshire-2023", *args], capsys)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_cli_table_shows_the_why(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        ["contacts", "staffordshire-2023", "--at", CHRISTMAS, "--level", "4"], capsys
    )
    assert code == 0
    assert re.search(r"EDS \(out of hours\): 0345 604 2886", out)
    assert "Christmas Day: a bank holiday in England" in out


def test_short_name_is_an_optional_validated_field() -> None:
    from pydantic import ValidationError

    from thresholdcli.framework.model import Contact

    base = {"id": "ifd", "service": "Integrated Front Door (office hours)", "role": "office_hours"}
    assert short_name(Contact.model_validate(base)) == "Integrated Front Door"
    assert short_name(Contact.model_validate({**base, "short_name": "IFD"})) == "IFD"
    with pytest.raises(ValidationError):
        Contact.model_validate({**base, "short_name": ""})


def test_printed_for_levels_live_in_one_place() -> None:
    from pydantic import ValidationError

    from thresholdcli.framework.model import Contact

    use = {"route": "referral", "levels": [3], "quote": "New referrals"}
    base = {"id": "x", "service": "X", "role": "office_hours", "printed_for": [use]}
    assert Contact.model_validate(base).listed_at(3)
    assert not Contact.model_validate(base).listed_at(2)
    with pytest.raises(ValidationError, match="not in levels as well"):
        Contact.model_validate({**base, "levels": [3]})


# --- the framework's words are its own ------------------------------------------------


@pytest.mark.parametrize("fw_id", sorted(SHIPPED))
def test_every_route_quote_is_cited_and_checked_by_frameworks_verify(fw_id: str) -> None:
    """`frameworks verify` (tests/test_verify.py) checks each of these word for word."""
    fw = framework(fw_id)
    checked = {q.location for q in quotes(fw) if not q.is_reading and q.cites}
    expected = []
    for index, contact in enumerate(fw.contacts):
        name = f"contacts[{index}] {contact.id}"
        expected += [f"{name} printed_for[{n}]: quote" for n in range(len(contact.printed_for))]
        if contact.bank_holidays_quote:
            expected.append(f"{name}: bank_holidays_quote")
        if contact.email_for:
            expected.append(f"{name}: email_for")
    assert expected and set(expected) <= checked
