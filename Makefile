# CadreRef: the single entry point for development tasks. `make help` lists the targets.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# uv must never fetch an interpreter: the machine's Python 3.13 (.python-version) is used.
export UV_PYTHON_DOWNLOADS := never
# Always the project's own venv, even if the caller's environment points uv elsewhere.
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
# Every target here is a development task; production settings are for the image.
export DJANGO_ENV := development
# Some machines set PYTHONDONTWRITEBYTECODE, so every process compiles every module again:
# about 1.3 s per Python process here, and a test run starts dozens of them.
unexport PYTHONDONTWRITEBYTECODE

UV_VERSION := 0.13.9
UV := $(if $(shell command -v uv 2>/dev/null),uv,python3 -m uv)
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py
PORT ?= 8000
# Two workers, each taking whole test modules (loadfile): many modules build their data once
# per module and share it. Browser-test failures leave screenshots in test-results/.
PYTEST_ARGS ?= -n 2 --dist loadfile --screenshot only-on-failure --output test-results

PG_HOST := 127.0.0.1
PG_PORT := 5432
PG_USER := postgres
PG_DB := cadreref
SCALE ?= 1
SOAK_SECONDS ?= 60
SOAK_CLIENTS ?= 50
SOAK_TIMEOUT ?= 30
SOAK_CORPUS ?= auto

.PHONY: help install run dev data test test-postgres html-check lint format reset-db messages ci bench soak

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

install: ## Install the locked dependencies into .venv and compile translations
	@if ! $(UV) --version > /dev/null 2>&1; then \
		echo "uv not found; installing uv==$(UV_VERSION) with pip --user"; \
		python3 -m pip install --user "uv==$(UV_VERSION)"; \
	fi
	$(UV) sync --frozen
	@if compgen -G 'locale/*/LC_MESSAGES/django.po' > /dev/null; then \
		if ! command -v msgfmt > /dev/null; then \
			echo "msgfmt not found: install gettext (sudo apt-get install gettext) and re-run make install" >&2; \
			exit 1; \
		fi; \
		$(MANAGE) compilemessages --ignore=.venv --verbosity 0; \
	fi

# `run` shows the site as readers get it: DEBUG off, so a wrong address gets the styled 404
# page rather than Django's list of URL patterns, and whitenoise serves the collected static
# files. `dev` keeps DEBUG on for development (debug pages, static files from the source).
# Beside the server, the task worker (django-tasks-db) pre-renders every page after each data
# change (docs/SCALING.md); SITE_URL names the address pages are pre-rendered for. Ctrl-C stops
# both (the worker also when the server exits on its own).
run: export DEBUG := 0
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install data ## Migrate, load the reference data and serve on 127.0.0.1:PORT (default 8000) with DEBUG off, with the task worker
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo "==> DEBUG off, as readers see it: $(SITE_URL)/ (admin: $(SITE_URL)/admin/)"
	@$(MANAGE) db_worker --verbosity 0 & worker=$$!; \
		trap 'kill $$worker 2> /dev/null; wait $$worker' EXIT; \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

dev: export DEBUG := 1
dev: install data ## Like run, with DEBUG on (Django's debug pages; for development)
	@echo "==> Development mode (DEBUG on): http://127.0.0.1:$(PORT)/"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

data: ## Migrate the database and load the reference data (run and dev do this first)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference

test: install ## Run the tests (DATABASE_URL if set, SQLite otherwise); PYTEST_ARGS passes options
	$(MANAGE) collectstatic --noinput --verbosity 0
	.venv/bin/pytest $(PYTEST_ARGS) -m "not browser and not faults and not html"
	@# Browser tests share one live server (one process: -n 0); those that change data empty the
	@# database when they end, so they never share a pytest run with the rest of the suite.
	.venv/bin/pytest $(PYTEST_ARGS) -n 0 -m browser tests/browser

test-postgres: ## Run the tests against the local PostgreSQL on 127.0.0.1:5432
	@if ! psql -h $(PG_HOST) -p $(PG_PORT) -U $(PG_USER) -d postgres -tAc \
			"SELECT 1 FROM pg_database WHERE datname = '$(PG_DB)'" | grep -q 1; then \
		createdb -h $(PG_HOST) -p $(PG_PORT) -U $(PG_USER) $(PG_DB); \
	fi
	DATABASE_URL=postgres://$(PG_USER)@$(PG_HOST):$(PG_PORT)/$(PG_DB) $(MAKE) test

# npm's vnu-jar (the W3C Nu HTML Checker), pinned in tools/vnu/package-lock.json and run with the
# machine's Java (17 or later); npm ci only when the pinned jar is not there yet.
html-check: install ## Check every public page type, both languages, with the W3C Nu HTML Checker (needs Java, npm)
	@test -f tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar || npm ci --prefix tools/vnu --no-audit --no-fund
	$(MANAGE) collectstatic --noinput --verbosity 0
	.venv/bin/pytest -p no:xdist -q -m html tests/end_to_end/test_html_validity.py

lint: install ## Check Python (ruff), templates (djLint) and the direction of imports (import-linter)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djlint templates --check
	.venv/bin/djlint templates --lint
	.venv/bin/lint-imports

format: install ## Fix and format Python (ruff) and reformat templates (djLint)
	.venv/bin/ruff check --fix --exit-zero .
	.venv/bin/ruff format .
	@# djLint exits 1 when it changed files; the --check run then fails only if they still differ.
	.venv/bin/djlint templates --reformat || .venv/bin/djlint templates --check

reset-db: install ## Recreate the SQLite development database and load the reference data
	rm -f db.sqlite3
	env -u DATABASE_URL $(MANAGE) migrate --noinput
	env -u DATABASE_URL $(MANAGE) load_reference

messages: install ## Extract translatable strings for vi and en, then compile them
	$(MANAGE) makemessages -l vi -l en --ignore=.venv --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=.venv

ci: ## Run the whole CI pipeline locally (.ci/run)
	bash .ci/run

bench: install ## Benchmark on a generated corpus in cadreref_bench (SCALE=10 for ten times more; needs wrk)
	$(UV) sync --frozen --group bench
	$(PYTHON) -m benchmarks.run --scale $(SCALE)

soak: install ## Soak test: SOAK_CLIENTS (50) wrk clients for SOAK_SECONDS (60) s; fails on any error
	$(PYTHON) -m benchmarks.soak --seconds $(SOAK_SECONDS) --clients $(SOAK_CLIENTS) \
		--timeout $(SOAK_TIMEOUT) --corpus $(SOAK_CORPUS)
