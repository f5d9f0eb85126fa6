# The short commands the README gives. Each sets up .venv/ first (see scripts/bootstrap).
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Commands run by hand on a developer's machine are in development mode unless told otherwise.
export DJANGO_DEBUG ?= True

# Every template directory: `make lint` holds them to djhtml's indentation, `make format` applies it.
TEMPLATE_DIRS := $(wildcard */templates */*/templates)

.PHONY: run test lint lint-templates format check lock fixtures venv smoke bench bench-smoke bench-ingest bench-sync

venv:
	@scripts/bootstrap

## Serve the archive at http://$(HOST):$(PORT)/ with every record loaded.
run: venv
	$(MANAGE) migrate --no-input
	$(MANAGE) prepare_archive
	$(MANAGE) createinitialrevisions
	$(MANAGE) create_editors_group
	$(MANAGE) runserver $(HOST):$(PORT)

## Run the whole test suite under coverage (on SQLite, or on the database DATABASE_URL names), then
## fail if under 90 % of the lines and branches ran. Each database keeps its own coverage data file,
## .coverage-sqlite, .coverage-postgres, ..., so that CI's two runs neither erase nor mix each other's:
## not named .coverage.*, which coverage's own commands combine into .coverage and then delete.
test: export COVERAGE_FILE ?= .coverage-$(if $(DATABASE_URL),$(firstword $(subst :, ,$(DATABASE_URL))),sqlite)
test: venv
	@scripts/ensure-test-tools
	$(PYTHON) -m coverage run -m pytest
	$(PYTHON) -m coverage report --fail-under=90

## Lint, check formatting and types, check the templates' indentation, and lint the Dockerfile.
lint: venv lint-templates
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m mypy
	.venv/bin/hadolint --failure-threshold warning Dockerfile

lint-templates: venv
	.venv/bin/djhtml --check --tabwidth 2 $(TEMPLATE_DIRS)

format: venv
	$(PYTHON) -m ruff check --fix .
	$(PYTHON) -m ruff format .
	.venv/bin/djhtml --tabwidth 2 $(TEMPLATE_DIRS)

## The checks CI makes besides the tests: the lock, migrations and fixtures up to date.
check: venv
	scripts/lock --check
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) build_fixtures --check

## Re-resolve uv.lock and requirements/*.txt from pyproject.toml (needs PyPI). Pass uv's options in
## LOCK_ARGS, e.g. make lock LOCK_ARGS="--upgrade-package sqlparse".
lock: venv
	scripts/lock $(LOCK_ARGS)

## Rebuild fixtures/archive.json after changing a document in fixtures/sources/.
fixtures: venv
	$(MANAGE) build_fixtures

## Time the fixture build per document for 200, 1,000 and 4,000 generated film pages (and interviews).
bench-ingest: venv
	$(PYTHON) scripts/benchmark_ingest.py

## Time sync_archive on 1,000 generated film pages: into an empty archive (against COPY), then with
## ten documents changed; on SQLite and on PostgreSQL (POSTGRES_URL).
bench-sync: venv
	$(PYTHON) scripts/benchmark_sync.py

## The production image's steps outside a container, against PostgreSQL, with a smoke test. Like the
## image, it runs from a fresh environment holding only requirements/base.txt, installed with hashes.
## The attack scanner (wapiti, requirements/attack.txt) gets a throwaway environment of its own.
smoke: venv
	@runtime=$$(mktemp -d) && attack=$$(mktemp -d) && trap 'rm -rf "$$runtime" "$$attack"' EXIT \
	&& echo "Installing requirements/base.txt into $$runtime, as the Dockerfile does" \
	&& $(PYTHON) -m venv "$$runtime" \
	&& "$$runtime/bin/python" -m pip install --quiet --require-hashes -r requirements/base.txt \
	&& echo "Installing the attack scanner, requirements/attack.txt, into $$attack" \
	&& $(PYTHON) -m venv "$$attack" \
	&& "$$attack/bin/python" -m pip install --quiet --require-hashes -r requirements/attack.txt \
	&& DJANGO_DEBUG=False "$$runtime/bin/python" scripts/smoke_production.py \
		--postgres $(or $(POSTGRES_URL),postgres://postgres@127.0.0.1:5432/postgres) \
		--wapiti "$$attack/bin/wapiti"

## Every public page against the trivial view, uncached and cached (README: Benchmark). BENCH_ARGS adds
## options, e.g. BENCH_ARGS="--postgres postgres://postgres@127.0.0.1:5432/postgres".
bench: venv
	$(PYTHON) scripts/benchmark.py $(BENCH_ARGS)

## The benchmark in a few seconds on made-up data, to prove that it and the generator work (CI).
bench-smoke: venv
	$(PYTHON) scripts/benchmark.py --duration 1 --rounds 1 --warmup 0 --search-repeats 1 --in-process-repeats 2 \
		--json /dev/null \
		--generate "--films 20 --people 100 --reviews 500 --members 20 --seed 1" $(BENCH_ARGS)
