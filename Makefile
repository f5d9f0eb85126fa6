# The short commands the README gives. Each sets up .venv/ first (see scripts/bootstrap).
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Commands run by hand on a developer's machine are in development mode unless told otherwise.
export DJANGO_DEBUG ?= True

.PHONY: run test lint format check fixtures venv smoke bench bench-smoke

venv:
	@scripts/bootstrap

## Serve the archive at http://$(HOST):$(PORT)/ with every record loaded.
run: venv
	$(MANAGE) migrate --no-input
	$(MANAGE) loaddata archive
	$(MANAGE) createinitialrevisions
	$(MANAGE) create_editors_group
	$(MANAGE) runserver $(HOST):$(PORT)

## Run the whole test suite (on SQLite, or on the database DATABASE_URL names).
test: venv
	@scripts/ensure-test-tools
	$(PYTHON) -m pytest

## Lint and check formatting, and lint the Dockerfile.
lint: venv
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	.venv/bin/hadolint --failure-threshold warning Dockerfile

format: venv
	$(PYTHON) -m ruff check --fix .
	$(PYTHON) -m ruff format .

## The checks CI makes besides the tests: migrations and fixtures up to date.
check: venv
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) build_fixtures --check

## Rebuild fixtures/archive.json after changing a document in fixtures/sources/.
fixtures: venv
	$(MANAGE) build_fixtures

## The production image's steps outside a container, against PostgreSQL, with a smoke test.
smoke: venv
	DJANGO_DEBUG=False $(PYTHON) scripts/smoke_production.py --postgres $(or $(POSTGRES_URL),postgres://postgres@127.0.0.1:5432/postgres)

## Every public page against the trivial view, uncached and cached (README: Benchmark). BENCH_ARGS adds
## options, e.g. BENCH_ARGS="--postgres postgres://postgres@127.0.0.1:5432/postgres".
bench: venv
	$(PYTHON) scripts/benchmark.py $(BENCH_ARGS)

## The benchmark in a few seconds on made-up data, to prove that it and the generator work (CI).
bench-smoke: venv
	$(PYTHON) scripts/benchmark.py --duration 1 --warmup 0 --search-repeats 1 --json /dev/null \
		--generate "--films 20 --people 100 --reviews 500 --members 20 --seed 1" $(BENCH_ARGS)
