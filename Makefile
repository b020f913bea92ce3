# 数字司法所 — two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test setup assets lint typecheck bench clean

setup: $(VENV)/.installed node_modules/.installed static/vendor/.copied

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/.copied: node_modules/.installed scripts/vendor.mjs
	node scripts/vendor.mjs
	@touch $@

run: setup
	PORT=$(PORT) PY=$(PY) scripts/run.sh

test: setup
	PY=$(PY) scripts/test.sh

lint: setup
	$(VENV)/bin/ruff check .

typecheck: setup
	$(VENV)/bin/mypy .

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles .pytest_cache .mypy_cache .ruff_cache
