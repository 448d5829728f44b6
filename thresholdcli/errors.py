"""One error hierarchy; each class carries its documented exit code."""

from __future__ import annotations


class ThresholdError(Exception):
    """Base class. The message is one line, safe to show, and suggests a fix."""

    exit_code = 1


class UsageError(ThresholdError):
    exit_code = 2


class FrameworkError(ThresholdError):
    exit_code = 3


class UnknownFrameworkError(FrameworkError):
    exit_code = 3


class RecordError(ThresholdError):
    exit_code = 4


class CaseRefError(RecordError):
    exit_code = 4


class ConcurrentSaveError(RecordError):
    exit_code = 5


class NoTerminalError(ThresholdError):
    exit_code = 6


class ScoreFailures(ThresholdError):
    """Some files in a batch could not be scored."""

    exit_code = 7


class OutputError(ThresholdError):
    """An output file could not be written."""

    exit_code = 1


class PdfUnavailableError(OutputError):
    """No working PDF engine (WeasyPrint or Chromium): use --format html instead."""

    exit_code = 8


class Interrupted(ThresholdError):
    exit_code = 130
