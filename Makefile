# casus — the two commands a fresh machine needs:
#   make demo   creates .venv, installs casus, analyses and stores the bundled articles
#   make test   creates .venv, installs casus with dev tools, runs lint, types, tests, eval gates
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.installed-dev

.PHONY: demo demo-web test lint typecheck unit evalgates bench model clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# casus alone (make demo): no test or lint tools.
$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

# casus with its dev tools (make test).
$(DEV): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV)

demo: $(STAMP)
	$(BIN)/casus analyze samples/articles --format md --out demo-report.md
	$(BIN)/casus ingest samples/articles samples/corpus/articles --db demo.duckdb
	$(BIN)/casus overview --db demo.duckdb
	$(BIN)/casus scenarios run south-caucasus-2025 --db demo.duckdb

# Screenshots of the workbench's pages (docs/screenshots, shown in the README) over the
# demo store, in Debian's Chromium (apt-get install chromium fonts-liberation).
demo-web: $(DEV)
	$(BIN)/casus ingest samples/articles samples/corpus/articles --db demo.duckdb
	$(BIN)/casus scenarios run south-caucasus-2025 --db demo.duckdb
	$(BIN)/python tools/web_screenshots.py demo.duckdb docs/screenshots

test: $(DEV) lint typecheck unit evalgates

lint: $(DEV)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(DEV)
	$(BIN)/mypy

unit: $(DEV)
	$(BIN)/pytest

evalgates: $(STAMP)
	$(BIN)/casus eval floors --shared $(SHARED)

bench: $(STAMP)
	$(BIN)/casus bench

# The parser model (src/casus/models/en_ewt), trained on UD English EWT from ../shared in
# 10 to 40 minutes on one core (6,000 steps); CI loads the committed copy and never retrains.
EWT    := $(SHARED)/data/treebanks/UD_English-EWT
MODEL  := build/parser
model: $(STAMP)
	mkdir -p $(MODEL)/corpus
	for split in train dev; do \
	  $(BIN)/python -m spacy convert $(EWT)/en_ewt-ud-$$split.conllu $(MODEL)/corpus -c conllu -n 10; \
	done
	$(BIN)/python -m spacy train training/parser.cfg --output $(MODEL)/out \
	  --paths.train $(MODEL)/corpus/en_ewt-ud-train.spacy --paths.dev $(MODEL)/corpus/en_ewt-ud-dev.spacy
	$(BIN)/python training/package_model.py $(MODEL)/out/model-best

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache demo-report.md demo.duckdb demo.duckdb.wal
