# 数字司法所 — two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

LOCK := requirements.lock

.PHONY: run test setup lock assets lint typecheck imports bench soak clean

setup: $(VENV)/.installed node_modules/.installed static/vendor/.copied

# The exact versions (with their hashes) from the lock file, then the project itself without resolving anything.
$(VENV)/.installed: $(LOCK) pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# First the lock's own pip (a fresh venv's older pip misreads a locked package asked for with an extra).
	@awk '/^pip==/{p=1;print;next} p&&/^    --hash/{print;next} p{exit}' $(LOCK) > $(VENV)/pip.lock
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(VENV)/pip.lock
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

# Regenerate the lock file after a change to the dependencies in pyproject.toml (run and dev extra). Versions already
# pinned stay as they are while they satisfy pyproject.toml; `make lock UPGRADE=1` moves everything to the newest.
lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "pip-tools>=7.4,<8"
	$(VENV)/bin/pip-compile --quiet --extra dev --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) --output-file $(LOCK) pyproject.toml

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

imports: setup
	$(VENV)/bin/lint-imports

bench: setup
	$(PY) bench/run.py

soak: setup
	$(PY) bench/run.py --soak 30m

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .grimp_cache
