"""Recorded interview sessions replayed through a real pseudo-terminal (see docs/transcripts.md)."""
