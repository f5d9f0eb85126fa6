# The short commands the README gives. Each sets up .venv/ first (see scripts/bootstrap).
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Commands run by hand on a developer's machine are in development mode unless told otherwise.
export DJANGO_DEBUG ?= True

.PHONY: run test lint format check fixtures venv smoke bench-ingest

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

## Time the fixture build per document for 200, 1,000 and 4,000 generated film pages (and interviews).
bench-ingest: venv
	$(PYTHON) scripts/benchmark_ingest.py

## The production image's steps outside a container, against PostgreSQL, with a smoke test.
smoke: venv
	DJANGO_DEBUG=False $(PYTHON) scripts/smoke_production.py --postgres $(or $(POSTGRES_URL),postgres://postgres@127.0.0.1:5432/postgres)
