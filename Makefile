# CIA Portal. `make run` for the demo, `make test` for the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

# Demo mode only: `make run` serves fictional data with this shared password.
DEMO_PASSWORD ?= hopeside-demo

.PHONY: install run test lint format messages system-deps clean audit loadtest bench mutants

install: $(VENV)/.installed node_modules/.installed static/build/portal.css

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/build/portal.css: static/scss/portal.scss node_modules/.installed
	npm run --silent build

# The demo runs as production does (DEBUG off: GOV.UK error pages, never a traceback), over
# plain HTTP on this machine, with its own secret kept under var/ and the static files served
# by WhiteNoise. Another address: `make run HOST=0.0.0.0:8080 DEMO_HOSTS=192.168.1.20`.
DEMO_HOSTS ?= 127.0.0.1,localhost,[::1]
DEMO_SECRET_KEY_FILE ?= var/demo-secret-key
DEMO_ENV = DEMO_MODE=1 DEBUG= HTTPS=0 ALLOWED_HOSTS="$(DEMO_HOSTS)" SECRET_KEY="$$(cat $(DEMO_SECRET_KEY_FILE))"

run: install
	mkdir -p var
	test -s $(DEMO_SECRET_KEY_FILE) || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $(DEMO_SECRET_KEY_FILE)
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(DEMO_ENV) DEMO_PASSWORD=$(DEMO_PASSWORD) $(BIN)/python manage.py migrate --no-input
	$(DEMO_ENV) DEMO_PASSWORD=$(DEMO_PASSWORD) $(BIN)/python manage.py seed_demo
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST)

# PostgreSQL for the suite, Chromium for the browser tests and Java for the Nu HTML checker,
# from Debian's packages.
system-deps:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing="$$missing postgresql"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else \
	    echo "Please install:$$missing (e.g. sudo apt-get install$$missing)"; exit 1; \
	  fi; \
	fi

# The suite runs with production settings (DEBUG off) over plain HTTP on loopback.
test: install system-deps
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	HTTPS=0 DEBUG= DEMO_MODE= \
	sh -c '$(BIN)/python manage.py collectstatic --no-input -v0 && \
	       $(BIN)/python tests/with_postgres.py $(BIN)/pytest $(PYTEST_ARGS)'

# Many practitioners at once (locust, 50 for 60 s) against gunicorn and PostgreSQL on loopback:
# errors, lost writes, median and 95th percentile. Not part of `make test`.
LOADTEST_ARGS ?= --users 50 --seconds 60
loadtest: install system-deps
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	HTTPS=0 DEBUG= DEMO_MODE= \
	sh -c '$(BIN)/python manage.py collectstatic --no-input -v0 && \
	       $(BIN)/python tests/with_postgres.py $(BIN)/python tests/load/run.py $(LOADTEST_ARGS)'

# The main pages timed at 1,000 and 100,000 synthetic children (median, p95, ratio to a trivial
# view, queries), checked against the budgets; the table goes to docs/performance.md.
BENCH_ARGS ?= --sizes 1000 300000
# PostgreSQL's default 128 MB of shared memory is a minimum; a server for 100,000 children
# would be given a quarter of its memory or so.
BENCH_PG_OPTIONS ?= -c shared_buffers=1GB -c effective_cache_size=8GB
bench: install system-deps
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	HTTPS=0 DEBUG= DEMO_MODE= \
	sh -c '$(BIN)/python manage.py collectstatic --no-input -v0 && \
	       PG_OPTIONS="$(BENCH_PG_OPTIONS)" $(BIN)/python tests/with_postgres.py $(BIN)/python tests/load/bench.py $(BENCH_ARGS)'

# Mutation testing (mutmut) of the privacy kernel and the small-number suppression, with the
# fast tests that cover them ([tool.mutmut] in pyproject.toml). One mutant at a time: the
# tests share one reused test database. The kill rate and every survivor, killed or explained:
# docs/mutation-testing.md. Not part of `make test`.
mutants: install system-deps
	rm -rf mutants
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	HTTPS=0 DEBUG= DEMO_MODE= \
	sh -c '$(BIN)/python manage.py collectstatic --no-input -v0 && \
	       $(BIN)/python tests/with_postgres.py sh -c "$(BIN)/mutmut run --max-children 1; $(BIN)/mutmut results"' ; \
	$(BIN)/mutmut export-cicd-stats && cat mutants/mutmut-cicd-stats.json

# Security checks of our code (bandit) and of every installed package against the public
# vulnerability databases (pip-audit, --strict: fails when a package could not be checked;
# npm audit for govuk-frontend and the stylesheet build).
audit: $(VENV)/.installed
	$(BIN)/bandit -q -r cia_portal assessments referrals evaluation records -x "*/migrations/*"
	$(BIN)/pip-audit --strict --skip-editable
	npm audit

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Welsh for the child's screens: collect new strings, fill in locale/translate_cy.py's Welsh,
# compile. The compiled .mo file is committed, so nothing here is needed to run or test.
messages: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py makemessages -l cy --no-wrap --ignore=".venv/*" --ignore="node_modules/*" --ignore="staticfiles/*" --ignore="var/*"
	$(BIN)/python locale/translate_cy.py
	DEBUG=1 $(BIN)/python manage.py compilemessages -l cy --ignore=".venv"

clean:
	rm -rf $(VENV) node_modules static/build var
