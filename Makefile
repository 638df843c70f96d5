# The two set-up commands of the README: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every package, pinned with its hashes: what `make install` installs and `make test` audits.
LOCK := requirements.lock

.PHONY: demo draft-demo test install install-test lint audit lock bench corpus

$(BIN)/python:
	$(PY) -m venv $(VENV)

# The locked set in hash-checking mode (pip itself and setuptools are in it), then the project
# editable without its dependencies (they are all there) and without build isolation, so that
# it is built with the locked setuptools: nothing unhashed is fetched. The test tools come
# along: the lock is one set, so that what the demo runs is what the tests ran.
# Done again only when the lock or pyproject.toml changed (the stamp is older): a second
# `make demo` starts at once.
STAMP := $(VENV)/.installed
install: $(STAMP)
$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

install-test: install
	bash scripts/system-deps.sh

# requirements.lock again from pyproject.toml, for Python 3.11 and later on any platform, with
# the hashes of all their files. It keeps the releases already locked where they still fit;
# `make lock LOCK_FLAGS=--upgrade` takes the newest ones within the floors.
LOCK_FLAGS ?=
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra test --group build --universal --python-version 3.11 --generate-hashes \
	  --quiet --custom-compile-command "make lock" $(LOCK_FLAGS) -o $(LOCK)

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

# The locked set against the vulnerability database: fails on a known vulnerability, says why
# and goes on when the database cannot be asked.
audit: install-test
	$(BIN)/python scripts/audit_lock.py $(LOCK)

test: install-test lint audit
	$(BIN)/pytest

bench: install-test
	$(BIN)/python -m bench

corpus: install-test
	$(BIN)/python -m corpus.build
