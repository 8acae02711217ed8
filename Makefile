# Quick start: `make demo` then `make test`. Everything installs into .venv/ at the repo root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo serve test test-all gate bench lint clean browser

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# An editable install leaves the package's own bytecode to the first import, which
	# PYTHONDONTWRITEBYTECODE turns into a compile in every process: ~0.05 s per worker.
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

demo: install
	$(BIN)/unspun demo --db unspun-demo.duckdb
	@echo "(unspun is installed in $(BIN)/; 'make serve' runs $(BIN)/unspun serve --db unspun-demo.duckdb)"

serve: install
	$(BIN)/unspun serve --db unspun-demo.duckdb

test: install
	$(BIN)/python -m pytest

test-all: install
	$(BIN)/python -m pytest -m ''

bench: install
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/ingest.py

lint: install
	$(BIN)/ruff check src tests benchmarks scripts

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache unspun.duckdb* unspun-demo.duckdb* unspun-demo-report
