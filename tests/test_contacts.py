"""Whom to call, when: table-driven per framework.

Each row: a moment (naive = UK local time; "Z" = UTC), the level (None = every
contact), immediate danger, the contact ids to call in order, and the first `why`
exactly. To cover a new framework, add its rows to CASES.
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
    phone_text,
    plan_calls,
    plan_json,
    short_name,
)
from thresholdcli.errors import UsageError
from thresholdcli.framework import loader
from thresholdcli.framework.model import Framework
from thresholdcli.render.console import plain_console
from thresholdcli.render.contacts import contacts_panel

GOLDEN = Path(__file__).parent / "golden" / "contacts"

WEEKDAY = "2026-11-23 10:00"  # Monday
BEFORE_OPENING = "2026-11-23 08:15"  # Monday
FRIDAY_LATE = "2026-11-27 16:45"  # after a 16:30 Friday close, before a 17:00 one
SATURDAY = "2026-11-28 10:00"
CHRISTMAS = "2026-12-25 10:00"  # Friday, bank holiday
AUGUST_BANK_HOLIDAY = "2026-08-31 10:00"  # Monday, bank holiday
SPRING_CHANGE = "2026-03-29T07:45Z"  # Sunday, clocks go forward: 08:45 BST
AUTUMN_CHANGE = "2026-10-25T08:45Z"  # Sunday, clocks go back: 08:45 GMT
AFTER_SPRING = "2026-03-30T07:45Z"  # Monday 08:45 BST (07:45 if read as UTC)
AFTER_SPRING_9 = "2026-03-30T08:15Z"  # Monday 09:15 BST
FRIDAY_BST = "2026-10-23T15:45Z"  # Friday 16:45 BST (15:45 if read as UTC)
MONDAY_GMT = "2026-10-26T16:45Z"  # Monday 16:45 GMT, after the change


@dataclass(frozen=True)
class Case:
    at: str
    level: int | None
    calls: tuple[str, ...]
    why: str  # the first call's `why`, exactly ("" when there is no call)
    danger: bool = False


def staffs(level: int) -> list[Case]:
    """SCAS / EDS: Mon–Thu 08:30–17:00, Fri 08:30–16:30, else EDS."""
    return [
        Case(WEEKDAY, level, ("scas",), "Monday 10:00: SCAS is open until 17:00, call SCAS"),
        Case(BEFORE_OPENING, level, ("eds",), "Monday 08:15: before SCAS opens at 08:30, call EDS"),
        Case(FRIDAY_LATE, level, ("eds",), "Friday 16:45: after SCAS closes at 16:30, call EDS"),
        Case(SATURDAY, level, ("eds",), "Saturday 10:00: SCAS is closed at weekends, call EDS"),
        Case(
            CHRISTMAS,
            level,
            ("eds",),
            "Friday 10:00 (Christmas Day, a bank holiday in England): "
            "SCAS is closed on bank holidays, call EDS",
        ),
        Case(
            AUGUST_BANK_HOLIDAY,
            level,
            ("eds",),
            "Monday 10:00 (Late Summer Bank Holiday, a bank holiday in England): "
            "SCAS is closed on bank holidays, call EDS",
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

CASES: dict[str, list[Case]] = {
    # SCAS is listed for every level in 2022 (it also gives advice when in doubt).
    "staffordshire-2022": [*staffs(4), *staffs(1)],
    "staffordshire-2023": [
        *staffs(4),
        *staffs(3)[:2],
        # SCAS and EDS are listed for levels 3 and 4 only: no line to phone below that.
        Case(WEEKDAY, 2, (), ""),
        Case(SATURDAY, 1, (), ""),
        Case(
            CHRISTMAS,
            1,
            ("police-999",),
            "Friday 10:00 (Christmas Day, a bank holiday in England): "
            "immediate danger, call 999 first",
            danger=True,
        ),
        Case(WEEKDAY, None, ("scas",), "Monday 10:00: SCAS is open until 17:00, call SCAS"),
    ],
    "stoke-on-trent": [
        Case(
            WEEKDAY, 5, ("ifd",), f"Monday 10:00: {STOKE_IFD} is open until 17:00, call {STOKE_IFD}"
        ),
        Case(
            BEFORE_OPENING,
            5,
            ("edt",),
            f"Monday 08:15: before {STOKE_IFD} opens at 08:30, call {STOKE_EDT}",
        ),
        Case(
            FRIDAY_LATE,
            5,
            ("edt",),
            f"Friday 16:45: after {STOKE_IFD} closes at 16:30, call {STOKE_EDT}",
        ),
        Case(
            SATURDAY,
            5,
            ("edt",),
            f"Saturday 10:00: {STOKE_IFD} is closed at weekends, call {STOKE_EDT}",
        ),
        Case(
            CHRISTMAS,
            5,
            ("edt",),
            "Friday 10:00 (Christmas Day, a bank holiday in England): "
            f"{STOKE_IFD} is closed on bank holidays, call {STOKE_EDT}",
        ),
        Case(
            AUGUST_BANK_HOLIDAY,
            5,
            ("edt",),
            "Monday 10:00 (Late Summer Bank Holiday, a bank holiday in England): "
            f"{STOKE_IFD} is closed on bank holidays, call {STOKE_EDT}",
        ),
        Case(
            SPRING_CHANGE,
            5,
            ("edt",),
            f"Sunday 08:45: {STOKE_IFD} is closed at weekends, call {STOKE_EDT}",
        ),
        Case(
            AFTER_SPRING,
            5,
            ("ifd",),
            f"Monday 08:45: {STOKE_IFD} is open until 17:00, call {STOKE_IFD}",
        ),
        Case(
            FRIDAY_BST,
            5,
            ("edt",),
            f"Friday 16:45: after {STOKE_IFD} closes at 16:30, call {STOKE_EDT}",
        ),
        Case(
            SATURDAY,
            5,
            ("police-999", "edt"),
            "Saturday 10:00: immediate danger, call 999 first",
            True,
        ),
        # The front door is listed for Getting Risk Support (5) only.
        Case(WEEKDAY, 4, (), ""),
        Case(WEEKDAY, 1, ("police-999",), "Monday 10:00: immediate danger, call 999 first", True),
    ],
    "hull": [
        # No hours printed for EHASH and no out-of-hours service: say so, never guess.
        Case(WEEKDAY, 4, ("ehash",), f"Monday 10:00: {EHASH_WHY}"),
        Case(FRIDAY_LATE, 4, ("ehash",), f"Friday 16:45: {EHASH_WHY}"),
        Case(SATURDAY, 2, ("ehash",), f"Saturday 10:00: {EHASH_WHY}"),
        Case(
            CHRISTMAS,
            1,
            ("ehash",),
            f"Friday 10:00 (Christmas Day, a bank holiday in England): {EHASH_WHY}",
        ),
        Case(SPRING_CHANGE, 3, ("ehash",), f"Sunday 08:45: {EHASH_WHY}"),
        Case(AUTUMN_CHANGE, 3, ("ehash",), f"Sunday 08:45: {EHASH_WHY}"),
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
        ),
        Case(
            BEFORE_OPENING,
            4,
            ("edt",),
            "Monday 08:15: before Family Connect opens at 09:00, call Emergency Duty Team",
        ),
        # No Friday early closing in Telford's data: open at 16:45 on a Friday.
        Case(
            FRIDAY_LATE,
            4,
            ("family-connect",),
            "Friday 16:45: Family Connect is open until 17:00, call Family Connect",
        ),
        Case(
            SATURDAY,
            2,
            ("edt",),
            "Saturday 10:00: Family Connect is closed at weekends, call Emergency Duty Team",
        ),
        Case(
            CHRISTMAS,
            4,
            ("edt",),
            "Friday 10:00 (Christmas Day, a bank holiday in England): "
            "Family Connect is closed on bank holidays, call Emergency Duty Team",
        ),
        Case(
            AUGUST_BANK_HOLIDAY,
            3,
            ("edt",),
            "Monday 10:00 (Late Summer Bank Holiday, a bank holiday in England): "
            "Family Connect is closed on bank holidays, call Emergency Duty Team",
        ),
        Case(
            AUTUMN_CHANGE,
            4,
            ("edt",),
            "Sunday 08:45: Family Connect is closed at weekends, call Emergency Duty Team",
        ),
        Case(
            AFTER_SPRING,
            4,
            ("edt",),
            "Monday 08:45: before Family Connect opens at 09:00, call Emergency Duty Team",
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

SHIPPED = {fw.id: fw for _, fw in loader.shipped()}
ROWS = [
    pytest.param(
        fw_id, case, id=f"{fw_id}-{case.at}-L{case.level}{'-danger' if case.danger else ''}"
    )
    for fw_id, cases in CASES.items()
    for case in cases
]


def moment(at: str) -> datetime:
    return datetime.fromisoformat(at)


def framework(fw_id: str) -> Framework:
    if fw_id not in SHIPPED:
        pytest.skip(f"{fw_id} is not shipped (yet)")
    return SHIPPED[fw_id]


def test_every_shipped_framework_has_contact_cases() -> None:
    assert set(SHIPPED) <= set(CASES)


@pytest.mark.parametrize(("fw_id", "case"), ROWS)
def test_call_plan(fw_id: str, case: Case) -> None:
    plan = plan_calls(framework(fw_id), moment(case.at), case.danger, level=case.level)
    assert tuple(c.contact.id for c in plan.call_now) == case.calls
    if case.calls:
        assert plan.call_now[0].why == case.why
    else:
        fw = framework(fw_id)
        assert plan.summary.startswith(
            f"The framework lists no number to phone at level {case.level}"
        )
        assert fw.emergency in plan.summary  # the 999 route is still shown


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
    naive = plan_calls(fw, moment("2026-07-01 08:45"))  # BST
    aware = plan_calls(fw, moment("2026-07-01T08:45").replace(tzinfo=UK))
    assert naive.at == aware.at and naive.call_now == aware.call_now
    assert naive.call_now[0].contact.id == "scas"


@pytest.mark.parametrize("fw_id", sorted(SHIPPED))
@pytest.mark.parametrize(
    "at", [WEEKDAY, BEFORE_OPENING, FRIDAY_LATE, SATURDAY, CHRISTMAS, SPRING_CHANGE]
)
def test_999_is_always_first_in_immediate_danger(fw_id: str, at: str) -> None:
    fw = framework(fw_id)
    for level in [None, *range(1, fw.top_rank + 1)]:
        plan = plan_calls(fw, moment(at), immediate_danger=True, level=level)
        assert plan.call_now[0].contact.phone == "999"
        assert plan_json(plan)["call_now"][0]["phone"] == "999"


def test_999_is_shown_even_when_the_data_lists_no_emergency_contact() -> None:
    fw = framework("staffordshire-2022")
    bare = fw.model_copy(update={"contacts": [c for c in fw.contacts if c.role != "emergency"]})
    plan = plan_calls(bare, moment(WEEKDAY), immediate_danger=True)
    assert [c.contact.phone for c in plan.call_now] == ["999", "0300 111 8007"]
    assert plan_calls(bare, moment(WEEKDAY)).call_now[0].contact.id == "scas"


@pytest.mark.parametrize("fw_id", sorted(SHIPPED))
@pytest.mark.parametrize("at", [WEEKDAY, FRIDAY_LATE, SATURDAY, CHRISTMAS])
def test_never_a_number_the_framework_does_not_print(fw_id: str, at: str) -> None:
    fw = framework(fw_id)
    printed = {c.id: c.phone for c in fw.contacts}
    for level in [None, *range(1, fw.top_rank + 1)]:
        data = plan_json(plan_calls(fw, moment(at), level=level))
        for call in data["call_now"]:
            assert call["phone"] == printed[call["id"]]
            if call["phone"] is None:
                assert call["phone_text"] == NO_NUMBER


def test_contact_without_a_number_says_so() -> None:
    esas = next(c for c in framework("staffordshire-2023").contacts if c.id == "esas")
    assert esas.phone is None
    assert phone_text(esas) == "number not given in the framework"
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


def test_short_name_from_the_data_wins() -> None:
    contact = next(c for c in framework("stoke-on-trent").contacts if c.id == "ifd")
    assert short_name(contact.model_copy(update={"short_name": "IFD"})) == "IFD"


def test_hull_says_no_out_of_hours_number_is_printed() -> None:
    plan = plan_calls(framework("hull"), moment(SATURDAY), level=4)
    assert "The framework prints no out-of-hours number beside EHASH." in plan.notes


def test_level_lists_its_other_contacts() -> None:
    plan = plan_calls(framework("hull"), moment(WEEKDAY), level=2)
    assert [c.id for c in plan.also] == [
        "early-help-requests",
        "west-locality-hub",
        "east-locality-hub",
        "north-locality-hub",
    ]
    assert plan_calls(framework("hull"), moment(WEEKDAY), level=4).also == ()


def test_uncertain_hours_are_flagged() -> None:
    plan = plan_calls(framework("telford-wrekin"), moment(SATURDAY), level=4)
    assert any(n.startswith("Check Family Connect:") for n in plan.notes)


def test_level_only_contacts_are_noted_when_no_level_is_given() -> None:
    plan = plan_calls(framework("staffordshire-2023"), moment(WEEKDAY))
    assert "SCAS is listed for level(s) 3, 4 only." in plan.notes


def test_unknown_level_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="level 9 is not a level of"):
        plan_calls(framework("hull"), moment(WEEKDAY), level=9)


def test_contacts_panel_golden() -> None:
    plan = plan_calls(framework("staffordshire-2023"), moment(FRIDAY_LATE), True, level=4)
    buffer = io.StringIO()
    plain_console(buffer, width=80).print(contacts_panel(framework("staffordshire-2023"), plan))
    golden = GOLDEN / "staffordshire-2023-friday-danger.txt"
    assert buffer.getvalue() == golden.read_text(encoding="utf-8")


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        ["contacts", "staffordshire-2022", "--at", FRIDAY_LATE, "--format", "json"], capsys
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
    }
    assert [c["id"] for c in data["contacts"]] == ["police-999", "scas", "eds"]


def test_cli_immediate_danger_and_utc(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["contacts", "hull", "--at", SPRING_CHANGE, "--immediate-danger", "--format", "json"]
    code, out, _ = run_cli(args, capsys)
    data = json.loads(out)
    assert code == 0 and data["at"] == "2026-03-29T08:45:00+01:00"
    assert [c["phone"] for c in data["call_now"]] == ["999", "01482 448879"]


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
    code, out, _ = run_cli(["contacts", "staffordshire-2023", "--at", CHRISTMAS], capsys)
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
