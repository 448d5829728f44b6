"""One case over time: history, diff, rescore."""
