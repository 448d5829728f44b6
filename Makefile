# Quick start: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test lint typecheck bench transcripts docs clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "thresholdcli needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/thresholdcli interview

test: $(STAMP_DEV)
	$(BIN)/ruff check thresholdcli tests
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --dist worksteal

lint: $(STAMP_DEV)
	$(BIN)/ruff check thresholdcli tests
	$(BIN)/lint-imports

typecheck: $(STAMP_DEV)
	$(BIN)/mypy

bench: $(STAMP_DEV)
	$(BIN)/python bench/run.py

transcripts: $(STAMP_DEV)
	$(BIN)/python -m tests.transcripts.record

# docs/cli.md and docs/schemas/ are generated: run after changing a command, its help or a model.
docs: $(STAMP_DEV)
	NO_COLOR=1 COLUMNS=100 TERM=dumb $(BIN)/typer thresholdcli.cli utils docs --name thresholdcli --output docs/cli.md
	$(BIN)/python -m thresholdcli.schemas docs/schemas

clean:
	rm -rf $(VENV) build dist *.egg-info
