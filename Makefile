# Dialogkafé — `make run` serves the app, `make test` runs the checks. Only Python 3.11+ needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# requirements.txt alone, as `make run` installs it: the benchmark's server processes run here
# (bench/servers.py), because the dev venv's test clients add memory to every server.
RUNTIME_VENV := .venv-runtime
HOST ?= 127.0.0.1
PORT ?= 5000
export HOST PORT

.PHONY: run test check lint format translations extract-messages screenshots cluster cluster-check bench soak clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt bench/requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

# Made afresh whenever requirements.txt changes, so nothing outside it is left installed.
$(RUNTIME_VENV)/.installed: requirements.txt
	rm -rf $(RUNTIME_VENV)
	$(PYTHON) -m venv $(RUNTIME_VENV)
	$(RUNTIME_VENV)/bin/python -m pip install --quiet -r requirements.txt
	touch $@

translations: $(VENV)/.runtime-installed
	$(BIN)/pybabel compile --use-fuzzy -d dialogcafe/translations -D messages

run: $(VENV)/.runtime-installed translations
	$(BIN)/python app.py

# The load benchmark (bench/README.md): every scenario, about 30 minutes; pick some with
# `make bench BENCH_ARGS="--scenarios c,f"`. Results land in bench/results/.
bench: $(VENV)/.dev-installed $(RUNTIME_VENV)/.installed translations
	cd bench/baselines/node && npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# The soak (bench/soak.py): 300 phones post, like and reconnect for 30 minutes while the
# fuzzer attacks the same server; it fails on any unanswered event, 5xx, traceback or lost
# input. Not part of `make test`; shorter: `make soak SOAK_ARGS="--minutes 5"`.
soak: $(VENV)/.dev-installed $(RUNTIME_VENV)/.installed translations
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

# PYTEST_WORKERS: how many processes share the tests (pytest-xdist); `auto` is one per core.
PYTEST_WORKERS ?= auto

test: $(VENV)/.dev-installed translations
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

# The inner loop: lint, then the unit and integration tests (no real server processes,
# browser or benchmark; `make test` runs those too).
check: lint translations
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) tests/unit tests/integration

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check dialogcafe tests scripts app.py
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(VENV)/.dev-installed
	$(BIN)/ruff format dialogcafe tests scripts app.py
	$(BIN)/ruff check --fix .

# Refresh the message catalogs after changing user-facing text.
extract-messages: $(VENV)/.runtime-installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k lazy_gettext -o dialogcafe/translations/messages.pot .
	$(BIN)/pybabel update -N -i dialogcafe/translations/messages.pot -d dialogcafe/translations -D messages

screenshots: $(VENV)/.dev-installed translations
	$(BIN)/python -m scripts.screenshots

# Two app processes behind nginx on the local PostgreSQL and Redis (docs/deployment.md).
cluster: $(VENV)/.runtime-installed translations
	$(BIN)/python -m scripts.cluster run

# While `make cluster` runs: phones through nginx (WebSocket and polling) and on each process.
cluster-check: $(VENV)/.dev-installed
	$(BIN)/python -m scripts.cluster check

clean:
	rm -rf $(VENV) $(RUNTIME_VENV) .pytest_cache .ruff_cache
