# The README's two commands: `make site` (set up and build) and `make test` (set up and run every check).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve bench lighthouse screenshots system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.site: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.site

site: $(VENV)/.site
	$(BIN)/python -m generator build

serve: $(VENV)/.site
	$(BIN)/mkdocs serve

system-deps:
	bash tests/system-deps.sh

test: $(VENV)/.test system-deps
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

clean:
	rm -rf site .venv .pytest_cache .mypy_cache .ruff_cache

bench: $(VENV)/.site
	$(BIN)/python -m benchmarks.run

lighthouse: $(VENV)/.site
	$(BIN)/python -m benchmarks.lighthouse

screenshots: $(VENV)/.test
	$(BIN)/python -m generator build --no-offline -d site && $(BIN)/python -m tests.screenshots site screenshots
