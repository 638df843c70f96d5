# The two set-up commands of the README: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo draft-demo test install install-test lint bench corpus

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	bash scripts/system-deps.sh
	$(BIN)/pip install -q -e '.[test]'

# The main job on the sample data: the web desk with demo users, the sample catalogue and
# every sample ruling read in the background (data folder out/home), on 127.0.0.1:8000
# (another port: PORT=8001 make demo). Running it again adds nothing.
demo: install
	mkdir -p out/home
	$(BIN)/rulingdesk --home out/home demo

# The same pipeline at the terminal: four rulings that need different things (a first-instance
# judgment not yet effective, an IP office ruling, an appeal upholding a stop order, a drug
# patent linkage ruling), drafted against the sample catalogue in a data folder under out/.
DEMO_RULINGS := 01_bj_first_rivaroxaban_stop 26_js_office_vonoprazan_stop 08_spc_appeal_upheld_dutasteride 23_cnipa_linkage_falls_within
draft-demo: install
	rm -rf out/draft && mkdir -p out/draft/home && cp corpus/demo_settings.toml out/draft/home/settings.toml
	$(BIN)/rulingdesk --home out/draft/home catalogue import corpus/catalogue.csv
	for r in $(DEMO_RULINGS); do $(BIN)/rulingdesk --home out/draft/home draft corpus/pdf/$$r.pdf --out out/draft/$$r --no-pdf || exit 1; done
	@echo; echo "drafted documents:"; ls out/draft/*/*.docx

lint: install-test
	$(BIN)/ruff check .

test: install-test lint
	$(BIN)/pytest

bench: install-test
	$(BIN)/python -m bench

corpus: install-test
	$(BIN)/python -m corpus.build
