# The front door: `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CATALOGUES := $(wildcard locales/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: install demo test test-fast run lint format locales compile-locales migrate bench bench-reminders bench-dashboard bench-pdf bench-web clean

install: $(STAMP) $(COMPILED)

# Development installs both locks: production (requirements.lock) and the tools (requirements-dev.lock).
$(STAMP): pyproject.toml requirements.lock requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock -r requirements-dev.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel -q compile -D messages -d locales -l $*

compile-locales: $(STAMP)
	$(BIN)/pybabel -q compile -D messages -d locales

# The real bot against the Bot API stand-in (standin/, not part of the installed bot).
demo: install
	$(BIN)/python -m standin.demo

run: install
	$(BIN)/tredebot run

migrate: install
	$(BIN)/tredebot migrate

# The whole suite, in JOBS worker processes (pytest-xdist); `make test JOBS=1` runs it in one.
# Tests go out one or two at a time, the slow ones first (tests/conftest.py), so the workers
# finish together.
JOBS ?= 2
test: install
	$(BIN)/pytest -q -n $(JOBS) --dist load --maxschedchunk 2

# The edit loop: everything but the tests marked slow (bot processes, the browser, fuzzing,
# waits in real time) and the PostgreSQL variants (make test runs those, with TEST_POSTGRES_URL).
# Property tests try a tenth of their examples (tests/examples.py).
test-fast: install
	TESTS_EXAMPLES_SHARE=0.1 $(BIN)/pytest -q -n $(JOBS) --dist worksteal -m "not slow" -k "not postgres"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract every marked text, merge it into both catalogues, fill English from the source texts
# where still empty, and compile. Dutch gaps are then listed by the translation test.
locales: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k __ --no-location --sort-output \
		--project=tredebot -o locales/messages.pot .
	for lang in nl en; do \
		if [ -f locales/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel -q update -D messages -i locales/messages.pot -d locales -l $$lang --no-fuzzy-matching --ignore-obsolete; \
		else \
			$(BIN)/pybabel -q init -D messages -i locales/messages.pot -d locales -l $$lang; \
		fi; \
	done
	$(BIN)/python scripts/fill_english.py locales/en/LC_MESSAGES/messages.po
	$(BIN)/pybabel -q compile -D messages -d locales

# Our bot beside a bare aiogram echo bot on the stand-in (bench/run.py); PostgreSQL too when
# BENCH_POSTGRES_URL or TEST_POSTGRES_URL is set. Quick check: make bench N=50 STORED=500
# make bench REPLICAS=2: the event and meeting modes with two webhook replicas on PostgreSQL
# (TEST_POSTGRES_URL) beside one process on SQLite and the echo.
# BENCH_PROFILE=DIR make bench: py-spy records our bot under saturation; a table by library.
N ?= 500
STORED ?= 10000
REPLICAS ?=
bench: install
	$(BIN)/python -m bench.run --owners $(N) --stored $(STORED) $(if $(REPLICAS),--replicas $(REPLICAS))

# 5,000 due reminders through the real dispatcher at REMINDER_RATE against a rate-limiting stand-in.
bench-reminders: install
	$(BIN)/python scripts/bench_reminders.py 5000

# Load times of the staff dashboard's pages with 100 campaigns and 10,000 owners stored.
bench-dashboard: install
	$(BIN)/python -m bench.dashboard --campaigns 100 --owners 10000

# Size and serve time of the owners' web pages (issue 32: < 50 KB, < 100 ms on 2 cores).
bench-web: install
	$(BIN)/python -m bench.web_pages --owners 10000 --rounds 200

# CPU time per PDF report (pso/pdf.py), two firms of ten people in both languages.
bench-pdf: install
	$(BIN)/python -m bench.pdf

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
