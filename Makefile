# The two commands of the README. Each sets up what it needs on a fresh machine.
VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Every optional engine and tool: the tests run PostgreSQL, Redis and the editors' checks.
EXTRAS := test,bench,postgres,redis,speedups,editor

.PHONY: run serve test translations database build bench queue-worker

# Where `make serve` listens: loopback unless told otherwise (HOST=0.0.0.0 PORT=8080 make serve).
HOST ?= 127.0.0.1
PORT ?= 8000

# Push jobs run inside the development server (no queue consumer to start).
run: $(STAMP) translations database build
	FLASK_QUEUE=$${FLASK_QUEUE:-immediate} $(VENV)/bin/flask --app app run --host 127.0.0.1 --port 5000

# Beside a production server: runs the queued jobs, pushes and mail to staff (QUEUE=sqlite or redis).
queue-worker: $(STAMP) translations database
	$(VENV)/bin/huey_consumer app.queue_worker.huey --workers 4 --worker-type thread

# Production: waitress, which survives slow and many clients (see app/server.py).
serve: $(STAMP) translations database build
	HOST=$(HOST) PORT=$(PORT) $(PYTHON) -m app.server

# No database step: every test makes its own, in a temporary folder.
test: $(STAMP) translations
	$(PYTHON) tests/support/ensure_chromium.py
	$(PYTHON) tests/support/ensure_nginx.py
	$(PYTHON) -m pytest $(PYTEST_ARGS)

bench: $(STAMP) translations
	$(PYTHON) bench/run_all.py

# Every page rendered once into instance/build/, before a server starts: its workers then open
# the build in a fraction of a second (a broken content file stops here, naming file and field).
build: $(STAMP) translations
	$(VENV)/bin/flask build

# The tables, created or migrated (the tests make their own databases, each migrated the same way).
database: $(STAMP)
	$(VENV)/bin/flask db upgrade

# Compiled catalogues are built, never committed or edited by hand.
translations: $(STAMP)
	$(VENV)/bin/flask translations compile

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $(STAMP)
