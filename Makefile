# Two commands for a newcomer: `make run` serves the app, `make test` runs every check.
# Both set up what they need first (virtual environment, pinned packages, database) and
# do nothing again when nothing changed.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV_VERSION := 0.13.9
# The W3C Nu HTML Checker for tests/test_valid_html.py (npm package vnu-jar, exact version).
VNU_VERSION := 26.9.27
# The suite runs on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
VENV := .venv
PYTHON_BIN := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install run test lint typecheck format migrate fuzz bench bench-scale audit clean

help:
	@echo "make run        set up and serve the app at http://127.0.0.1:8000"
	@echo "make test       set up and run ruff, mypy and the whole test suite (browser tests and HTML checker included)"
	@echo "make typecheck  mypy (with django-stubs) over the app code alone"

# The stamp is newer than the lock file once the environment matches it.
$(VENV)/.installed: pyproject.toml uv.lock bin/find-python
	@py=$$(bin/find-python) || exit 1; \
	if [ ! -x $(VENV)/bin/uv ]; then \
	  rm -rf $(VENV) && "$$py" -m venv $(VENV) && \
	  $(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) || exit 1; \
	fi; \
	UV_PYTHON="$(PYTHON_BIN)" $(VENV)/bin/uv sync --frozen --quiet || exit 1
	@touch $@

install: $(VENV)/.installed

migrate: install
	@$(PYTHON_BIN) manage.py migrate --no-input -v 0

run: migrate
	$(PYTHON_BIN) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The files and the strictness are in pyproject.toml ([tool.mypy]).
typecheck: install
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: lint typecheck
	@chromium=$$(bin/find-chromium) || exit 1; \
	vnu=$$(bin/find-vnu $(VNU_VERSION)) || exit 1; \
	CHROMIUM_PATH="$$chromium" VNU_JAR="$$vnu" $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(VENV)/bin/pytest tests/test_fuzz.py -p no:logging $(PYTEST_ARGS)

# Load benchmark (not part of make test): SQLite, and PostgreSQL too when DATABASE_URL is set.
bench: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } \
	  || { echo "hipdips: make bench needs wrk ('apt-get install wrk')"; exit 1; }
	env -u DATABASE_URL $(VENV)/bin/python bench/load.py $(BENCH_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then $(VENV)/bin/python bench/load.py $(BENCH_ARGS); fi

# One person's costs among 10,000 people and a million sets, and the plans of their queries.
bench-scale: install
	env -u DATABASE_URL $(VENV)/bin/python bench/scale.py $(BENCH_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then $(VENV)/bin/python bench/scale.py $(BENCH_ARGS); fi

# Lighthouse 12 (pinned: 13 needs a newer Node than this machine's) on every page; mobile.
audit: install
	@[ -x .audit/node_modules/.bin/lighthouse ] || npm install --silent --prefix .audit -E lighthouse@12.8.2
	@chromium=$$(bin/find-chromium) || exit 1; \
	CHROMIUM_PATH="$$chromium" $(VENV)/bin/python bench/audit.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache
