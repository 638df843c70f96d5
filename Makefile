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

# The main job on the sample data: four rulings that need different things (a first-instance
# judgment not yet effective, an IP office ruling, an appeal upholding a stop order, a drug
# patent linkage ruling), drafted against the sample catalogue in a data folder under out/.
DEMO_RULINGS := 01_bj_first_rivaroxaban_stop 26_js_office_vonoprazan_stop 08_spc_appeal_upheld_dutasteride 23_cnipa_linkage_falls_within
demo: install
	rm -rf out && mkdir -p out/home
	$(BIN)/rulingdesk --home out/home catalogue import corpus/catalogue.csv
	for r in $(DEMO_RULINGS); do $(BIN)/rulingdesk --home out/home draft corpus/pdf/$$r.pdf --out out/$$r --no-pdf || exit 1; done
	@echo; echo "drafted documents: out/*/"; ls out/*/*.docx

lint: install-test
	$(BIN)/ruff check .

test: install-test lint
	$(BIN)/pytest

bench: install-test
	$(BIN)/python -m bench

corpus: install-test
	$(BIN)/python -m corpus.build
