# The two commands a newcomer needs: `make demo` (run the product) and `make test`.
# Each does all of its own set-up: the virtual environment in .venv, the Python
# dependencies, the Neo4j jars from Maven Central, and (for tests) Chromium with CJK fonts.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format docs setup jars browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP) jars

jars: $(STAMP)
	$(BIN)/python -c "from graph.server import ensure_jars; print('Neo4j jars:', ensure_jars())"

browser:
	bash scripts/install-browser.sh

demo: setup
	$(BIN)/oversight demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The generated pages (each has a test that fails when it is stale).
docs: $(STAMP)
	$(BIN)/python -m queries.docs > docs/rules.md
	$(BIN)/python -m model.docs > docs/registries.md
	$(BIN)/python docs/gen_model_columns.py

test: setup browser lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
