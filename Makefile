# tocsin: the two commands the README starts with, and the checks CI runs.
#   make demo   the embedded pipeline on examples/ (no broker, one SQLite file)
#   make test   every test, starting the real Kafka, Prometheus, Alertmanager and Chromium
#   make bench  classification speed, measured on the compiled build a deployment runs
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: demo test unit lint deps services bench clean

$(BIN)/tocsin: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/tocsin
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/tocsin run --db $(DEMO_DB) examples/

# The system packages and the Kafka jars the integration tests use (idempotent, quick when present).
services:
	deploy/operators/install.sh
	deploy/kafka/fetch.sh

test: $(BIN)/tocsin services
	$(BIN)/python -m pytest

unit: $(BIN)/tocsin
	$(BIN)/python -m pytest tests/unit tests/e2e tests/corpus

lint: $(BIN)/tocsin
	$(BIN)/ruff check .
	$(BIN)/mypy

# The classifier as a deployment runs it: the wheel with its modules compiled by mypyc
# (setup.py), on the distribution's python3 where there is one: Debian's is built with PGO and
# LTO, a default pyenv build is not (13% more instructions per dispatch). Compiling needs a C
# compiler and the interpreter's headers (python3-dev).
BENCH_PYTHON ?= $(firstword $(wildcard /usr/bin/python3) $(PYTHON))
BENCH_VENV ?= .venv-bench

bench:
	test -x $(BENCH_VENV)/bin/python || $(BENCH_PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip 'setuptools>=77' mypy pydantic
	TOCSIN_COMPILE=1 $(BENCH_VENV)/bin/pip install --quiet --no-build-isolation .
	$(BENCH_VENV)/bin/python benchmarks/classify.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) build $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .mypy_cache .ruff_cache
