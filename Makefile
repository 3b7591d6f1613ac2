# casus — the two commands a fresh machine needs:
#   make demo   creates .venv, installs casus, analyses the bundled sample articles
#   make test   creates .venv, installs casus with dev tools, runs lint, types, tests, eval gates
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit evalgates bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/casus analyze samples/articles --format md --out demo-report.md
	$(BIN)/casus analyze samples/articles/01-*.txt

test: $(STAMP) lint typecheck unit evalgates

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

evalgates: $(STAMP)
	$(BIN)/casus eval floors --shared $(SHARED)

bench: $(STAMP)
	$(BIN)/casus bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache demo-report.md
