"""thresholdcli's tests (a package so that `python -m tests.transcripts.record` works)."""
