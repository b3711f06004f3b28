# The README's two commands: `make run` and `make test`. Both work on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run worker test install install-dev translations lint format clean fuzz bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: $(VENV)/.run-deps requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

translations:
	$(BIN)/pybabel compile --use-fuzzy -d app/translations -f --statistics 2>&1 | grep -v "^$$" || true
	@test -f app/translations/da/LC_MESSAGES/messages.mo

install: $(VENV)/.run-deps translations

install-dev: $(VENV)/.dev-deps translations

run: install
	APP_ENV=development $(BIN)/flask db upgrade
	APP_ENV=development $(BIN)/flask demo --if-empty
	APP_ENV=development $(BIN)/flask run --host $(HOST) --port $(PORT)

# The push worker (deliveries and reminders) for the `make run` database, in a second terminal.
worker: install
	APP_ENV=development $(BIN)/flask push work

# SQLite always; when TEST_DATABASE_URL is set the suite runs again on that database.
test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS) --junitxml=test-results/sqlite.xml
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== again on $$TEST_DATABASE_URL (browser tests ran on SQLite) =="; \
	  DB_UNDER_TEST="$$TEST_DATABASE_URL" $(BIN)/pytest $(PYTEST_ARGS) -m "not browser" --junitxml=test-results/postgres.xml; \
	fi

# Lint, types, and the security checks: bandit (a medium or high finding needs a `# nosec Bxxx # why` next to it)
# and a secrets scan of every tracked file (.ci/secrets_scan.py, with the audited .secrets.baseline).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/bandit -c pyproject.toml -q -r app bench deploy wsgi.py --severity-level medium
	$(BIN)/python .ci/secrets_scan.py

# Fuzzing (tests/fuzz) with many more examples per route than `make test` runs (FUZZ_EXAMPLES=3 there), on SQLite
# and, with TEST_DATABASE_URL, on PostgreSQL.
FUZZ_EXAMPLES ?= 30
fuzz: install-dev
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider tests/fuzz
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) DB_UNDER_TEST="$$TEST_DATABASE_URL" $(BIN)/pytest -q -p no:cacheprovider tests/fuzz; \
	fi

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) test-results .pytest_cache .ruff_cache .mypy_cache

# Measurements (not tests): throughput against a bare Flask app at demo and country scale on PostgreSQL (wrk from
# Debian), EXPLAIN of every page at country scale, page weight, push fan-out. Takes ~15 minutes; see README.
bench: install-dev
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/throughput.py --scale both
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/push_throughput.py

