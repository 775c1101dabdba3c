# The two commands of the README. Each sets up what it needs on a fresh machine.
VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run serve test translations database bench

# Where `make serve` listens: loopback unless told otherwise (HOST=0.0.0.0 PORT=8080 make serve).
HOST ?= 127.0.0.1
PORT ?= 8000

run: $(STAMP) translations database
	$(VENV)/bin/flask --app app run --host 127.0.0.1 --port 5000

# Production: waitress, which survives slow and many clients (see app/server.py).
serve: $(STAMP) translations database
	HOST=$(HOST) PORT=$(PORT) $(PYTHON) -m app.server

test: $(STAMP) translations database
	$(PYTHON) tests/ensure_chromium.py
	$(PYTHON) tests/ensure_nginx.py
	$(PYTHON) -m pytest $(PYTEST_ARGS)

bench: $(STAMP) translations
	$(PYTHON) bench/run_all.py

# The tables, created or migrated (the tests make their own databases, each migrated the same way).
database: $(STAMP)
	$(VENV)/bin/flask db upgrade

# Compiled catalogues are built, never committed or edited by hand.
translations: $(STAMP)
	$(VENV)/bin/flask translations compile

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)
