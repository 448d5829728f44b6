"""Text from data is shown as data, everywhere (issue 19 items 7-9).

A hypothesis test feeds arbitrary text (control characters, escape sequences, rich markup,
Markdown and HTML included) into every string of a framework and of a case record, runs
the real pipelines (scoring, contacts, cards, history, diff, rescore, audit, batch output,
follow-ups) and every renderer, and checks that no raw control character reaches the
output and nothing crashes.
"""

from __future__ import annotations

import io
import json
import re
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from rich.console import Console

from tests.conftest import run_cli
from thresholdcli import safe_text
from thresholdcli.advice.cards import build_cards, card_json
from thresholdcli.advice.contacts import plan_calls
from thresholdcli.advice.mapping import map_level
from thresholdcli.advice.scoring import Answers, score
from thresholdcli.batch import output as batch_output
from thresholdcli.batch.audit import audit, report_json
from thresholdcli.batch.audit_files import current_frameworks
from thresholdcli.batch.followups import FollowupList
from thresholdcli.batch.score import FileScore
from thresholdcli.casework.diff import compare, side
from thresholdcli.casework.followups import case_followups
from thresholdcli.casework.history import check_pin, trajectory
from thresholdcli.casework.referral import build_referral
from thresholdcli.casework.rescore import rescore
from thresholdcli.casework.review import pinned_lookup, shipped_index
from thresholdcli.framework import loader
from thresholdcli.framework.describe import summary
from thresholdcli.framework.model import Framework
from thresholdcli.records import store
from thresholdcli.records.model import CaseRecord
from thresholdcli.render.audit import audit_markdown, audit_view
from thresholdcli.render.card_html import cards_html
from thresholdcli.render.card_md import cards_markdown
from thresholdcli.render.cards import print_cards
from thresholdcli.render.console import make_console, plain_console
from thresholdcli.render.contacts import contacts_panel
from thresholdcli.render.diff import diff_view
from thresholdcli.render.followups import followups_view
from thresholdcli.render.history import history_view, rescore_view
from thresholdcli.render.interview import RichOutput, result_panel
from thresholdcli.render.mapping import mapping_view
from thresholdcli.render.markdown import escape as md_escape
from thresholdcli.render.referral_output import ReferralFormat, render_referral
from thresholdcli.render.tables import framework_detail, frameworks_table, score_table
from thresholdcli.render.text import SHOWN_CHARS, cut
from thresholdcli.safe_text import is_safe, json_text, one_line, shown

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "C-200.toml"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
NASTY = [
    "\x1b]0;title\x07\x1b[2J",
    "\x1b[31m",
    "\x9b2J",
    "\r",
    "\n",
    "\t",
    "\x00",
    "\x7f",
    "\u202e",
    "\u2028",
    "\udcff",
    "[/]",
    "[link=https://example.org]Open the case file[/link]",
    "[bold red]",
    "<script>alert(1)</script>",
    "`",
    "*_~|#",
    "- item",
    "\\",
    "",
]
texts = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(NASTY)), max_size=5).map("".join)
# Values the code parses rather than shows: never replaced.
PARSED = {"opens", "closes", "hash", "tool_version"}


def poison(value: Any, text: str, annotation: Any = None) -> Any:
    """`value` with `text` put in front of every free string (ids too, consistently, so
    references still resolve); Literal-typed and parsed strings are left alone."""
    if isinstance(value, BaseModel):
        update = {
            name: poison(getattr(value, name), text, field.annotation)
            for name, field in type(value).model_fields.items()
            if name not in PARSED
        }
        return value.model_copy(update=update)
    if isinstance(value, str):
        return value if "Literal" in repr(annotation) else text + value
    if isinstance(value, list):
        return [poison(v, text, _item(annotation)) for v in value]
    if isinstance(value, dict):
        return {text + k: poison(v, text, _item(annotation, 1)) for k, v in value.items()}
    return value


def _item(annotation: Any, index: int = 0) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if len(args) == 1 and typing.get_args(args[0]):
        args = list(typing.get_args(args[0]))
    return args[index] if len(args) > index else None


def fresh_framework() -> Framework:
    path = next(p for p in loader.framework_files() if p.stem == "staffordshire-2023")
    return loader.load_framework(path)  # a new object: no cached look-ups to go stale


def console_output(draw: Callable[[Console], None]) -> str:
    buffer = io.StringIO()
    draw(plain_console(buffer, width=100))
    return buffer.getvalue()


def assert_shown_as_data(output: str, where: str) -> None:
    if "csv" in where:
        output = output.replace("\r\n", "\n")  # CSV's own line ends (RFC 4180)
    assert is_safe(output), f"{where}: raw control character in {one_line(output)[:500]}"


def rendered(fw: Framework, record: CaseRecord, text: str) -> dict[str, str]:
    """Every renderer's output for a poisoned framework and record."""
    out: dict[str, str] = {}
    ticked = [i.id for i in fw.indicators if i.level == 2][:3]
    result = score(fw, Answers.of(ticked, False, 8, text or "strength"))
    screen = RichOutput  # the interview's output
    out["interview"] = console_output(
        lambda c: (
            screen(c).emergency(fw),
            screen(c).note(text),
            screen(c).guidance(fw, "start"),
            screen(c).domain_header(1, 2, fw.domains[0]),
            c.print(result_panel(fw, result)),
            screen(c).consent_header(fw, 2),
            screen(c).saved(Path(text or "x"), record),
        )
    )
    plan = plan_calls(fw, NOW, immediate_danger=True, level=2)
    out["contacts"] = console_output(lambda c: c.print(contacts_panel(fw, plan)))
    cards = build_cards(fw, [1, fw.top_rank], brief=False, printed=date(2026, 11, 23))
    out["card terminal"] = console_output(lambda c: print_cards(c, cards))
    out["card md"] = cards_markdown(cards)
    out["card html"] = cards_html(cards)
    out["card json"] = json_text([card_json(c) for c in cards], indent=2)
    out["frameworks"] = console_output(
        lambda c: (frameworks_table(c, [(summary(fw), True)]), framework_detail(c, fw))
    )
    out["map"] = console_output(lambda c: mapping_view(c, map_level(fw, 2, fw)))
    shipped = shipped_index()
    history = trajectory(record, shipped)
    out["history"] = console_output(lambda c: history_view(c, history))
    diff = compare(side(text, record, 1, shipped), side(text, record, 2, shipped), {})
    out["diff"] = console_output(lambda c: diff_view(c, diff))
    again = rescore(record, 2, fw, "sha256:0", shipped)
    out["rescore"] = console_output(lambda c: rescore_view(c, again))
    report = audit([record], current_frameworks(), date(2027, 6, 1))
    out["audit"] = console_output(lambda c: audit_view(c, report))
    out["audit md"] = audit_markdown(report)
    out["audit json"] = json_text(report_json(report), indent=2)
    scored = [
        FileScore(text, fw, result, notices=(text,), case_ref=text),
        FileScore(text, error=text),
    ]
    out["score table"] = console_output(lambda c: score_table(c, scored, explain=True))
    rows = [s.to_json() for s in scored]
    for name, write in (("csv", batch_output.write_csv), ("json", batch_output.write_json_array)):
        buffer = io.StringIO()
        write(iter(rows), buffer)
        out[f"score {name}"] = buffer.getvalue()
    pin = check_pin(record.latest.framework, shipped)
    referral = build_referral(record, len(record.assessments), fw, pin, fw, NOW)
    for fmt in ReferralFormat:
        out[f"referral {fmt.value}"] = render_referral(referral, fmt)
    followups = case_followups(record, NOW, pinned_lookup(shipped))
    found = FollowupList(NOW, tuple(followups), 1, (text,))
    out["followups"] = console_output(lambda c: followups_view(c, found, show_notes=True))
    return out


def poisoned_record(text: str) -> CaseRecord:
    record = store.load_record(GOLDEN)
    return poison(record, text)  # type: ignore[no-any-return]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=texts)
def test_every_renderer_shows_arbitrary_text_as_data(text: str) -> None:
    fw = poison(fresh_framework(), text)
    for where, output in rendered(fw, poisoned_record(text), text).items():
        assert_shown_as_data(output, where)


def test_the_hypothesis_corpus_reaches_every_renderer() -> None:
    """The check above is not vacuous: the marker text appears in every output."""
    marker = "MARKER\x1b[2J"
    fw = poison(fresh_framework(), marker)
    outputs = rendered(fw, poisoned_record(marker), marker)
    assert len(outputs) >= 22
    for where, output in outputs.items():
        assert "MARKER" in output, where
        assert_shown_as_data(output, where)


# --- item 7: escape sequences, forged lines --------------------------------------------------


def test_a_note_with_escape_sequences_is_shown_escaped_in_history_and_diff() -> None:
    note = "\x1b]0;title\x07\x1b[2J hidden"
    record = store.load_record(GOLDEN)
    latest = record.latest.model_copy(update={"notes": {"parenting-capacity": note}})
    record = record.model_copy(update={"assessments": [*record.assessments[:-1], latest]})
    shipped = shipped_index()
    last = len(record.assessments)
    before, after = side("C-200", record, last - 1, shipped), side("C-200", record, last, shipped)
    diff = compare(before, after, {})
    buffer = io.StringIO()
    console = make_console(file=buffer, width=100)
    diff_view(console, diff)
    assert "\x1b" not in buffer.getvalue()
    assert "\\x1b]0;title" in buffer.getvalue() and "hidden" in buffer.getvalue()


def test_an_id_with_a_newline_cannot_forge_a_second_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "a.toml"
    forged = "x\\nthresholdcli: error: all fine\\u001b[2J"
    answers.write_text(
        'framework = "staffordshire-2023"\nage = 8\nimmediate_danger = false\n'
        f'indicators = ["{forged}"]\n',
        encoding="utf-8",
    )
    code, _, err = run_cli(
        ["interview", "--answers", str(answers), "--case", "C-1", "--cases-dir", str(tmp_path)],
        capsys,
    )
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "\x1b" not in err
    assert err.count("thresholdcli: error:") == 2  # the forged one is inside the first line


def test_file_names_with_control_characters_are_escaped_in_errors_and_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "evil\x1b[2J\nname.toml"
    bad.write_text("format = [", encoding="utf-8")
    code, out, err = run_cli(["score", str(bad), "--format", "csv"], capsys)
    assert code == 7
    assert "\x1b" not in out + err and "\\x1b[2J" in out
    code, _, err = run_cli(["history", str(bad)], capsys)
    assert len(err.strip().splitlines()) == 1 and "\x1b" not in err


# --- item 8: rich markup in data is never interpreted ---------------------------------------


@pytest.mark.parametrize("value", ["[link=https://example.org]Open the case file[/link]", "[/]"])
def test_markup_in_a_role_is_printed_as_typed_in_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("THRESHOLDCLI_WIDTH", "250")
    cases = tmp_path / "cases"
    cases.mkdir()
    text = GOLDEN.read_text(encoding="utf-8").replace('"school DSL"', json.dumps(value))
    (cases / "C-200.toml").write_text(text, encoding="utf-8")
    code, out, err = run_cli(["history", "C-200", "--cases-dir", str(cases)], capsys)
    assert code == 0, err
    assert value in out
    assert "\x1b]8;" not in out  # no hyperlink escape


def test_a_markup_file_name_keeps_the_whole_score_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "a.toml"
    good.write_text('framework = "hull"\nindicators = ["child.2.09"]\n', encoding="utf-8")
    (tmp_path / "[").mkdir()
    odd = tmp_path / "[" / "]b.toml"  # the path ends in "[/]b.toml"
    odd.write_text('framework = "hull"\nindicators = ["child.2.09"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["score", "a.toml", "[/]b.toml", "--format", "table"], capsys)
    assert code == 0, err
    assert "a.toml" in out and "[/]b.toml" in out
    assert out.count("hull@2018-05") == 2


# --- item 9: Markdown escaped like HTML -----------------------------------------------------


def test_markdown_card_never_passes_raw_html_or_code_spans_from_data() -> None:
    fw = fresh_framework().model_copy(update={"version": "<script>alert(1)</script>`x`"})
    cards = build_cards(fw, [1], brief=False, printed=date(2026, 11, 23))
    md = cards_markdown(cards)
    assert "<script>" not in md
    assert "&lt;script&gt;" in md
    assert "`" not in md.replace("\\`", "")


def test_markdown_escape_makes_every_mark_literal() -> None:
    assert md_escape("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert md_escape("*a* _b_ [c](d) `e` # f | g") == (
        "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\# f \\| g"
    )
    assert md_escape("\x1b[2J") == "\\\\x1b\\[2J"


def test_audit_markdown_escapes_file_names() -> None:
    from thresholdcli.batch.audit import AuditReport

    report = AuditReport(
        as_of=date(2026, 1, 1),
        redacted=False,
        cases=0,
        assessments=0,
        agreed=0,
        frameworks=(),
        below_without_reason=(),
        steps=(),
        out_of_date=(),
        long_open=(),
        consent_gaps=(),
        unreadable=("<img src=x onerror=alert(1)>.toml: invalid TOML",),
        unreadable_count=1,
    )
    md = audit_markdown(report)
    assert "<img" not in md and "&lt;img" in md


# --- the helpers themselves -----------------------------------------------------------------


@given(st.text())
def test_shown_and_one_line_leave_nothing_a_terminal_acts_on(text: str) -> None:
    assert is_safe(shown(text))
    assert is_safe(one_line(text)) and "\n" not in one_line(text)
    assert json.loads(json_text({"t": text})) == {"t": text}
    assert is_safe(json_text({"t": text}, indent=2))


# Any character, lone surrogates included, with the unsafe ones and line breaks often.
ANY_TEXT = st.text(
    st.one_of(
        st.characters(codec=None, categories=None),
        st.sampled_from("\n\t\r\x1b\x7f\x85\u061c\u200e\u2028\u202e\u2066\ud800\udcff\u00ad"),
    )
)


def _reference_escape(pattern: str, text: str, keep: str = "") -> str:
    """The helpers as they were: every match of `pattern` escaped unless kept."""
    from thresholdcli.safe_text import _escape

    return re.sub(pattern, lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


@settings(max_examples=500)
@given(ANY_TEXT)
def test_the_printable_shortcut_gives_what_the_patterns_give(text: str) -> None:
    """Printable text skips the patterns (slow to compile): the results are the same."""
    unsafe = re.compile(safe_text.UNSAFE)
    expected_shown = (
        _reference_escape(safe_text.UNSAFE, text.replace("\r\n", "\n"), keep="\n\t")
        if unsafe.search(text)
        else text
    )
    assert shown(text) == expected_shown
    assert one_line(text) == _reference_escape(safe_text.UNSAFE, text)
    assert is_safe(text) == all(c in "\n\t" for c in unsafe.findall(text))
    assert safe_text.is_text(text) == (re.search("[\ud800-\udfff]", text) is None)
    dumped = json.dumps({"t": text}, ensure_ascii=False)
    expected_json = re.sub(
        safe_text.UNSAFE_IN_JSON, lambda m: f"\\u{ord(m.group()):04x}", dumped
    )
    assert json_text({"t": text}) == expected_json


def test_no_unsafe_character_is_printable() -> None:
    """The shortcut's premise, for every character the patterns match."""
    unsafe = re.compile(safe_text.UNSAFE)
    for code in range(0x110000):
        if unsafe.match(chr(code)):
            assert not chr(code).isprintable(), hex(code)


def test_a_5_mb_strengths_field_is_shown_cut_with_a_note() -> None:
    strengths = "one more strength\n" * (5 * 1024 * 1024 // 18)
    fw = fresh_framework()
    result = score(fw, Answers.of(["dev.2.07"], False, 8, strengths))
    output = console_output(lambda c: c.print(result_panel(fw, result)))
    assert "more characters not shown here; the record holds them all" in output
    assert len(output) < 100 * SHOWN_CHARS // 10
    assert cut("short") == "short"
