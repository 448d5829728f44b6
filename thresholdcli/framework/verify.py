"""Check a framework's quotes against its source text, word for word.

Every text the tool presents as the framework's carries a cite (`Cite`: a section heading
and a line range in the source text file). `verify` finds each quote in its cited lines,
after normalising white space and typographic quotes and nothing else, and lists every
reading (thresholdcli's own judgement) with its reason. Pure: text in, findings out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from thresholdcli import safe_io
from thresholdcli.errors import UsageError
from thresholdcli.framework.model import READING_LISTS, Cite, Flagged, Framework
from thresholdcli.framework.toml_lines import line_of

_QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_SPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_HEADING_MARKS = re.compile(r"^#+\s*|\*\*")
_SHOWN = 70  # characters of a quote shown in a message


def normalise(text: str) -> str:
    """White space runs become one space; typographic quotes become plain ones. Nothing else."""
    return _SPACE.sub(" ", text.translate(_QUOTE_MARKS)).strip()


@dataclass(frozen=True)
class Finding:
    """One quote that is not word for word in its source, or is not cited at all."""

    line: int | None
    location: str
    message: str


@dataclass(frozen=True)
class ReadingEntry:
    """One of thresholdcli's readings, with its reason and how many items it covers."""

    line: int | None
    location: str
    field: str
    reason: str
    applies_to: int = 1


@dataclass(frozen=True)
class Verification:
    quotes: int
    findings: tuple[Finding, ...]
    readings: tuple[ReadingEntry, ...]

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class Quote:
    """A quoted field of one object: where it is, its parts, and its cites."""

    location: str
    loc: tuple[int | str, ...]  # pydantic-style location of the cite, for a TOML line
    parts: tuple[str, ...]
    cites: tuple[Cite, ...]
    is_reading: bool


@dataclass
class SourceText:
    """The framework's source text file, by line (1-based)."""

    text: str
    lines: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")

    def span(self, cite: Cite) -> str | None:
        first, last = cite.lines
        if last > len(self.lines):
            return None
        return normalise("\n".join(self.lines[first - 1 : last]))

    @cached_property
    def headings(self) -> frozenset[str]:
        """Every line as a possible heading (markdown `#` and `**` marks are not words)."""
        return frozenset(normalise(_HEADING_MARKS.sub("", line)) for line in self.lines)


def quotes(framework: Framework) -> Iterator[Quote]:
    """Every quoted field that has text, in file order (nested tables after their item)."""
    yield from _quotes_of(framework, (), "framework")
    for list_name in READING_LISTS:
        items: Sequence[Flagged] = getattr(framework, list_name)
        for index, item in enumerate(items):
            name = _name(list_name, index, item)
            yield from _quotes_of(item, (list_name, index), name)
            for loc, nested_name, nested in _nested(item, (list_name, index), name):
                yield from _quotes_of(nested, loc, nested_name)


def _nested(
    item: Flagged, prefix: tuple[int | str, ...], name: str
) -> Iterator[tuple[tuple[int | str, ...], str, Flagged]]:
    """Quoted tables inside an item, e.g. a contact's `printed_for`."""
    for field_name in type(item).model_fields:
        value = getattr(item, field_name)
        if isinstance(value, list) and value and all(isinstance(v, Flagged) for v in value):
            for index, nested in enumerate(value):
                yield (*prefix, field_name, index), f"{name} {field_name}[{index}]", nested


def _name(list_name: str, index: int, item: Flagged) -> str:
    ident = getattr(item, "id", None) or getattr(item, "rank", None)
    if ident is None and hasattr(item, "domain"):
        ident = f"{item.domain} level {item.level}"  # type: ignore[attr-defined]
    return f"{list_name}[{index}]" + (f" {ident}" if ident is not None else "")


def _quotes_of(item: Flagged, prefix: tuple[int | str, ...], name: str) -> Iterator[Quote]:
    for text_field, cite_field in item.QUOTES.items():
        value = getattr(item, text_field)
        if not value:
            continue
        if isinstance(value, dict):  # e.g. each email address's purpose, as printed
            parts = tuple(value.values())
        else:
            parts = tuple(value) if isinstance(value, list) else _paragraphs(value)
        yield Quote(
            location=f"{name}: {text_field}",
            loc=(*prefix, cite_field),
            parts=parts,
            cites=tuple(item.quote_cites(text_field)),
            is_reading=text_field in item.reading,
        )


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip())


def verify(framework: Framework, framework_text: str, source_text: str) -> Verification:
    """Check every quote of `framework` (parsed from `framework_text`) against `source_text`."""
    source = SourceText(source_text)
    findings: list[Finding] = []
    checked = 0
    for quote in quotes(framework):
        if quote.is_reading:
            continue
        checked += 1
        line = line_of(framework_text, quote.loc) or line_of(framework_text, quote.loc[:-1])
        for message in check_quote(quote, source):
            findings.append(Finding(line, quote.location, message))
    for index, item in enumerate(framework.consent):
        # A time limit is shown as "the framework's words": they must be part of the cited rule.
        if item.due is not None and normalise(item.due.text) not in normalise(item.rule):
            line = line_of(framework_text, ("consent", index, "due"))
            message = f"“{_shorten(item.due.text)}” is not part of the rule it belongs to"
            findings.append(Finding(line, f"{_name('consent', index, item)}: due.text", message))
    return Verification(checked, tuple(findings), tuple(readings(framework, framework_text)))


def check_quote(quote: Quote, source: SourceText) -> list[str]:
    """What is wrong with one quote (empty when it is word for word where it says)."""
    if not quote.cites:
        return [
            "not cited: add cite = { section = …, lines = [first, last] }, or mark it "
            "as thresholdcli's reading with its reason"
        ]
    problems = []
    spans: list[str] = []
    for cite in quote.cites:
        span = source.span(cite)
        if span is None:
            problems.append(
                f"cite {cite.label}: past the end of the source ({len(source.lines)} lines)"
            )
        spans.append(span or "")
        if normalise(cite.section) not in source.headings:
            problems.append(f"cite {cite.label}: no line of the source reads “{cite.section}”")
    if problems:
        return problems
    if _assign(quote.parts, spans) is None:
        return [_mismatch(quote, spans)]
    return []


def _assign(parts: Sequence[str], spans: Sequence[str]) -> list[int] | None:
    """Split the parts, in order, into one run per cite, each run word for word in its span."""
    if not spans:
        return [] if not parts else None
    last = len(parts) - len(spans) + 1  # leave at least one part for every later cite
    for end in range(last, 0, -1):
        if normalise(" ".join(parts[:end])) in spans[0]:
            rest = _assign(parts[end:], spans[1:])
            if rest is not None:
                return [end, *rest]
    return None


def _mismatch(quote: Quote, spans: Sequence[str]) -> str:
    """Name the first part that is in none of the cited lines, else the order that fails."""
    where = "; ".join(cite.label for cite in quote.cites)
    for number, part in enumerate(quote.parts, start=1):
        wanted = normalise(part)
        if not any(wanted in span for span in spans):
            which = f"part {number} of {len(quote.parts)} " if len(quote.parts) > 1 else ""
            return f"{which}“{_shorten(wanted)}” is not word for word at {where}"
    return f"the parts are not word for word, in order, one run per cite at {where}"


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def readings(framework: Framework, framework_text: str) -> Iterator[ReadingEntry]:
    """Every reading in the file: framework-wide ones first, with how many items each covers."""
    table_line = _table_line(framework_text, "reading")
    for key, reason in framework.reading.items():
        list_name, dot, item_field = key.partition(".")
        count = 1
        if dot:
            items: Sequence[Flagged] = getattr(framework, list_name)
            count = sum(
                1 for item in items if getattr(item, item_field) and item_field not in item.reading
            )
        yield ReadingEntry(table_line, "framework", key, reason, count)
    for list_name in READING_LISTS:
        items = getattr(framework, list_name)
        for index, item in enumerate(items):
            name = _name(list_name, index, item)
            line = line_of(framework_text, (list_name, index, "reading"))
            for item_field, reason in item.reading.items():
                yield ReadingEntry(line, name, item_field, reason)
            for loc, nested_name, nested in _nested(item, (list_name, index), name):
                line = line_of(framework_text, (*loc, "reading"))
                for item_field, reason in nested.reading.items():
                    yield ReadingEntry(line, nested_name, item_field, reason)


def _table_line(text: str, name: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == f"[{name}]":
            return number
    return None


@dataclass(frozen=True)
class Report:
    """`frameworks verify FILE --source TEXT`: the verification of one file, ready to show."""

    path: str
    source: str
    framework_ref: str
    verification: Verification | None  # None when the file is not a valid framework
    problems: tuple[str, ...] = ()  # the file's own problems (invalid TOML or schema)
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.verification is not None and self.verification.ok and not self.problems

    def where(self, line: int | None) -> str:
        return f"{self.path}:{line}" if line else self.path

    def lines(self) -> list[str]:
        """Plain text: each failing quote as `file:line: location: message`, then readings."""
        out = list(self.problems) + [f"{self.path}: note: {note}" for note in self.notes]
        result = self.verification
        if result is None:
            return out
        out += [f"{self.where(f.line)}: {f.location}: {f.message}" for f in result.findings]
        verdict = (
            "every quote is word for word"
            if result.ok
            else f"{len(result.findings)} quote(s) not word for word or not cited"
        )
        out.append(
            f"{self.path}: {self.framework_ref}: {result.quotes} quotes checked against "
            f"{self.source}: {verdict}."
        )
        out.append(f"thresholdcli's readings ({len(result.readings)}), not the framework's words:")
        for entry in result.readings:
            covers = f" ({entry.applies_to} items)" if "." in entry.field else ""
            out.append(
                f"{self.where(entry.line)}: {entry.location}: reading.{entry.field}{covers}: "
                f"{entry.reason}"
            )
        return out

    def as_json(self) -> dict[str, object]:
        result = self.verification
        return {
            "file": self.path,
            "source": self.source,
            "framework": self.framework_ref,
            "ok": self.ok,
            "problems": list(self.problems),
            "notes": list(self.notes),
            "quotes": result.quotes if result else 0,
            "findings": [
                {"file": self.path, "line": f.line, "location": f.location, "message": f.message}
                for f in (result.findings if result else ())
            ],
            "readings": [
                {
                    "file": self.path,
                    "line": r.line,
                    "location": r.location,
                    "field": r.field,
                    "reason": r.reason,
                    "applies_to": r.applies_to,
                }
                for r in (result.readings if result else ())
            ],
        }


def verify_file(path: Path, source: Path) -> Report:
    """Load and validate the framework file, read its source text, verify every quote."""
    from thresholdcli.framework.loader import check_framework_file

    try:
        source_text = safe_io.read_input(source, UsageError).decode("utf-8")
    except (UsageError, UnicodeDecodeError) as exc:
        why = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc)
        raise UsageError(
            f"cannot read the source text {source} ({why}); give --source TEXT"
        ) from None
    framework, problems = check_framework_file(path)
    if framework is None:
        return Report(str(path), str(source), "", None, tuple(str(p) for p in problems))
    notes: tuple[str, ...] = ()
    if source.name != framework.source:
        notes = (
            f"the framework names its source “{framework.source}”; checked against “{source.name}”",
        )
    text = safe_io.read_input(path, UsageError).decode("utf-8")  # read and checked above
    return Report(
        str(path), str(source), framework.ref, verify(framework, text, source_text), (), notes
    )
