# Every target creates .venv when it is missing and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The quiz closed in June 2021: `make run` previews the site as of a day the quiz was open.
FORMS_PREVIEW_NOW ?= 2021-06-20T12:00:00+02:00

.PHONY: run test build serve check lint bench clean system-packages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

run: $(STAMP)
	FORMS_PREVIEW_NOW=$(FORMS_PREVIEW_NOW) $(BIN)/python build.py
	FORMS_PREVIEW_NOW=$(FORMS_PREVIEW_NOW) $(BIN)/python -m forms.devserver --host $(HOST) --port $(PORT)

build: $(STAMP)
	$(BIN)/python build.py

check: $(STAMP)
	$(BIN)/python build.py check

serve: $(STAMP)
	$(BIN)/python build.py serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Chromium, nginx, wrk, Java, ...: installed as root, else the exact command is printed first.
system-packages:
	scripts/system-packages

test: system-packages $(STAMP) $(NPM_STAMP) lint
	$(BIN)/pytest

bench: $(STAMP) $(NPM_STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf site instance .pytest_cache test-artifacts
