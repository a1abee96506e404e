# The two set-up commands are `make run` and `make test`; everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
export MESOCLINIC_VAR_DIR ?= $(CURDIR)/var
PYTEST_ARGS ?=
# One test worker per core (pytest-xdist).
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_ENV := HTTPS_ONLY=false EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend SITE_URL=http://127.0.0.1:8000

.PHONY: install install-dev system-packages calendar-js run test lint typecheck test-sqlite test-postgres bench lock fuzz audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-main: requirements/build.lock requirements/main.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/build.lock
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/main.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-dev: requirements/dev.lock $(VENV)/.installed-main
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/dev.lock
	touch $@

install: $(VENV)/.installed-main

install-dev: $(VENV)/.installed-dev

# Debian packages the tests need: a PostgreSQL server, Chromium for browser tests, the
# poppler tools that read our PDFs (pdftotext, pdfinfo, pdftoppm), and the fonts and pango
# that WeasyPrint draws them with; nginx as the TLS proxy of the serving tests, and nginx and
# systemd-analyze check the deployment guide's configuration.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 || missing="$$missing fonts-dejavu-core"; \
	ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0"; \
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	[ -x /usr/bin/systemd-analyze ] || missing="$$missing systemd"; \
	[ -x /usr/bin/openssl ] || missing="$$missing openssl"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# ical.js (the calendar parser of Thunderbird and many web calendars), pinned by its lock
# file, for the tests that read our calendar files as those programs do. Needs Node and npm.
CALENDAR_JS := tests/calendar_js
$(CALENDAR_JS)/node_modules/.installed: $(CALENDAR_JS)/package.json $(CALENDAR_JS)/package-lock.json
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
		echo "Installing Debian packages: nodejs npm"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
	fi
	npm ci --prefix $(CALENDAR_JS) --no-audit --no-fund --loglevel=error
	touch $@

calendar-js: $(CALENDAR_JS)/node_modules/.installed

# The background worker (optimiser runs) starts beside the server and stops with it.
run: install
	$(DEMO_ENV) $(BIN)/mesoclinic migrate --noinput
	$(DEMO_ENV) $(BIN)/mesoclinic demo --if-empty
	$(DEMO_ENV) $(BIN)/mesoclinic worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(DEMO_ENV) $(BIN)/mesoclinic serve 127.0.0.1:8000

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy --strict src/mesoclinic/domain src/mesoclinic/scheduling src/mesoclinic/protocols
	$(BIN)/mypy src/mesoclinic

# pytest exits 5 when it collects no tests; that is reported, not treated as a crash.
define pytest_run
	$(1) $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; rc=0; fi; exit $$rc
endef

test-sqlite: install-dev system-packages calendar-js
	$(call pytest_run,env -u DATABASE_URL)

# No persistent connections: a browser test's live server must not keep one open at teardown.
test-postgres: install-dev system-packages calendar-js
	$(call pytest_run,DB_CONN_MAX_AGE=0 $(BIN)/python scripts/with_postgres.py --)

# Known vulnerabilities in the locked packages (pip-audit) fail the build. The advisory
# database needs the network: unreachable, the step says so and is skipped, except where
# AUDIT_REQUIRED=true (a CI that can reach it), where it fails. It runs last in `make
# test`, so the tests still run and report when the audit cannot.
audit: install-dev
	$(BIN)/python scripts/audit_locked.py requirements/main.lock requirements/dev.lock

test: lint typecheck test-sqlite test-postgres audit

# A deeper pass of the API fuzzer than `make test` runs (positive and negative examples);
# its table of operations, cases and failures per role goes to docs/api-fuzz.md.
FUZZ_EXAMPLES ?= 40
fuzz: install-dev
	API_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) API_FUZZ_MODES=positive,negative \
		API_FUZZ_REPORT=docs/api-fuzz.md $(BIN)/pytest -q -p no:xdist tests/api/test_fuzz.py

# The scheduling benchmark takes about twenty minutes (tiers S, M and L); XL is left to
# `python -m bench.scheduling --tiers XL`, written to docs/benchmarks/scheduling-XL.md.
bench: install-dev
	$(BIN)/python -m bench
	$(BIN)/python -m bench.scheduling

# The web benchmark (about ten minutes): a throwaway PostgreSQL, the synthetic 50x clinic and a
# ten-clinic chain (cached as a dump in var/bench/), the server with one worker and with one per
# core under 1, 10 and 50 users; writes docs/benchmarks/web.md and web.json.
.PHONY: bench-web
bench-web: install-dev system-packages
	$(BIN)/python scripts/with_postgres.py -- $(BIN)/python -m bench.web $(BENCH_WEB_ARGS)

# The crash tests' kill loops and the PostgreSQL races, many more times than `make test`
# (SOAK_ROUNDS kills per test and database, SOAK_IN_FLIGHT requests cut at each, SOAK_RACE_ROUNDS
# rounds of each race); the numbers go to docs/benchmarks/soak.md.
SOAK_ROUNDS ?= 100
SOAK_IN_FLIGHT ?= 5
SOAK_RACE_ROUNDS ?= 5
.PHONY: soak
soak: install-dev system-packages
	SOAK_ROUNDS=$(SOAK_ROUNDS) SOAK_IN_FLIGHT=$(SOAK_IN_FLIGHT) SOAK_RACE_ROUNDS=$(SOAK_RACE_ROUNDS) \
		$(BIN)/python -m bench.soak

# Re-pin every dependency (needs the registry); commit the changed lock files.
lock: $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile requirements/build.in --universal --python-version 3.11 --generate-hashes \
		-o requirements/build.lock
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		-o requirements/main.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes -c requirements/main.lock -o requirements/dev.lock
