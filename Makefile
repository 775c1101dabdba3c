# The two commands of the README. Each sets up what it needs on a fresh machine.
VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test translations bench

run: $(STAMP) translations
	$(VENV)/bin/flask --app app run --host 127.0.0.1 --port 5000

test: $(STAMP) translations
	$(PYTHON) tests/ensure_chromium.py
	$(PYTHON) tests/ensure_nginx.py
	$(PYTHON) -m pytest $(PYTEST_ARGS)

bench: $(STAMP) translations
	$(PYTHON) bench/run_all.py

# Compiled catalogues are built, never committed or edited by hand.
translations: $(STAMP)
	$(VENV)/bin/flask translations compile

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)
