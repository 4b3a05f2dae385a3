# CareCyber: the two commands are `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# (pip's warnings about local mirror folders named in this machine's pip configuration are filtered out.)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CARECYBER := $(BIN)/carecyber
PORT ?= 8000
HOST ?= 127.0.0.1
ASSETS := carecyber/static/build/carecyber/main.css

.PHONY: run test lint typecheck pytest bench install assets demo-national clean

install: $(VENV)/.installed $(ASSETS)

$(VENV)/.installed: pyproject.toml
	@echo "==> Python environment ($(VENV))"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }
	@$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]' 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "==> Front-end packages (npm)"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS): node_modules/.installed scripts/build-assets.mjs $(wildcard carecyber/frontend/*)
	@echo "==> Building CSS and JavaScript"
	@node scripts/build-assets.mjs

assets: $(ASSETS)

run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	@$(CARECYBER) migrate --noinput -v 0
	@$(CARECYBER) demo --scale small --if-empty
	@echo ""
	@echo "CareCyber is starting on http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(CARECYBER) scheduler > $(VENV)/scheduler.log 2>&1 & \
	  $(CARECYBER) runserver $(HOST):$(PORT)

lint: install
	@echo "==> ruff"
	@$(BIN)/ruff check carecyber bench scripts
	@$(BIN)/ruff format --check carecyber bench scripts

typecheck: install
	@echo "==> mypy"
	@$(BIN)/mypy carecyber

pytest: install
	@if [ -n "$$DATABASE_URL" ]; then echo "==> pytest (PostgreSQL)"; else echo "==> pytest (SQLite)"; fi
	@$(BIN)/pytest

test: lint typecheck pytest

bench: install
	@$(BIN)/python bench/run_all.py

demo-national: install
	@$(CARECYBER) migrate --noinput -v 0
	@$(CARECYBER) demo --scale national

clean:
	rm -rf $(VENV) node_modules carecyber/static/build var
