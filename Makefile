# tocsin: the two commands the README starts with, and the checks CI runs.
#   make demo   the embedded pipeline on examples/ (no broker, one SQLite file)
#   make test   every test, starting the real Kafka, Prometheus, Alertmanager and Chromium
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: demo test unit lint deps services clean

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

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .mypy_cache .ruff_cache
