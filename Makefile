# Podium: `make run` builds and serves the demo, `make test` runs every check.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages browser clean bench bench-sse

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

messages: $(VENV)/.installed
	$(BIN)/python -m podium.i18n

run: $(VENV)/.installed messages
	$(BIN)/podium demo --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Debian's Chromium and CJK fonts for the browser tests, and LibreOffice (headless) for the
# test that re-saves a filled template as an organiser would; without them those tests
# skip, saying why.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi
	@if ! command -v soffice >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null \
		|| (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null); \
	fi

# Two workers (pytest-xdist), one per core; tests marked with an xdist_group share one.
WORKERS ?= 2
PYTEST = $(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup

test: $(VENV)/.installed messages browser lint
	@if $(BIN)/python -m podium.dbcheck "$(PG_TEST_URL)"; then \
		echo "== tests on SQLite (those that touch no database run with PostgreSQL's) ==" && \
		PODIUM_TESTS_RUN=first $(PYTEST) && \
		echo "== tests on PostgreSQL (the browser walks ran on SQLite) ==" && \
		DATABASE_URL="$(PG_TEST_URL)" PODIUM_TESTS_RUN=second $(PYTEST); \
	else \
		echo "== tests on SQLite (PostgreSQL not reachable at $(PG_TEST_URL): no second run) =="; \
		$(PYTEST); \
	fi

# Each benchmark prints its figures and writes them to bench/results/ (bench_sse is
# separate: it needs minutes and a server of its own).
BENCHES := rank demo ledger assign import review matching reports visits

# The benchmarks' extras (Starlette, bench_sse's reference server) on top of the test ones.
$(VENV)/.bench-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $@

bench: $(VENV)/.installed $(VENV)/.bench-installed
	@for name in $(BENCHES); do echo "== bench_$$name =="; $(BIN)/python bench/bench_$$name.py || exit 1; done

# Podium's streams beside a bare Starlette SSE server: `make bench-sse SSE_ARGS=--redis`.
SSE_ARGS ?=
bench-sse: $(VENV)/.installed $(VENV)/.bench-installed
	$(BIN)/python bench/bench_sse.py $(SSE_ARGS)

clean:
	rm -rf $(VENV) var build *.egg-info
