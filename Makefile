# The two set-up commands of the README: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test lint bench corpus

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	bash scripts/system-deps.sh
	$(BIN)/pip install -q -e '.[test]'

# The main job on the sample data.
demo: install
	$(BIN)/rulingdesk extract corpus/pdf/*.pdf

lint: install-test
	$(BIN)/ruff check .

test: install-test lint
	$(BIN)/pytest

bench: install-test
	$(BIN)/python -m bench

corpus: install-test
	$(BIN)/python -m corpus.build
