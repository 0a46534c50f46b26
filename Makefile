# One workflow for humans and CI: `make run`, `make test`, `make lint`, `make eval`, `make bench`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONFIG ?= $(or $(RENEWAL_RADAR_CONFIG),config.yaml)
EVAL ?= ../shared/eval

.PHONY: install bytecode run once test lint format eval train bench bench-reliability clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Renewal Radar needs Python 3.11 or newer (set PYTHON=python3.11)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The project's own modules as bytecode, as pip leaves an installed package's: the editable
# install has none, and with PYTHONDONTWRITEBYTECODE set every command compiled them again
# (about 0.1 s of each start). Python reads a .pyc only while it matches its source.
bytecode: install
	@$(BIN)/python -m compileall -q alerts scraper scheduler.py radar_cli.py

run: bytecode
	$(BIN)/renewal-radar -c $(CONFIG) run

once: bytecode
	$(BIN)/renewal-radar -c $(CONFIG) once

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

eval: install
	@test -d $(EVAL) || { echo "no labelled stories at $(EVAL) (set EVAL=path)"; exit 2; }
	mkdir -p build
	$(BIN)/python $(EVAL)/watchlist.py $(EVAL)/dev.jsonl $(EVAL)/dev-headlines.jsonl \
	  $(EVAL)/validation.jsonl $(EVAL)/validation-headlines.jsonl > build/eval-config.yaml
	@echo "##### rules (alerts.detect, the default)"
	$(BIN)/python bench/eval_detect.py --eval $(EVAL) --config build/eval-config.yaml --detector rules
	@echo "##### model (alerts.detection: candidates, evidence, learned decision)"
	$(BIN)/python bench/eval_detect.py --eval $(EVAL) --config build/eval-config.yaml --detector model

# Refit alerts/detection/weights.json on dev (needs the `train` extra: pip install -e '.[train]')
train: install
	@test -d $(EVAL) || { echo "no labelled stories at $(EVAL) (set EVAL=path)"; exit 2; }
	$(BIN)/python -m alerts.detection.train --eval $(EVAL)

# every benchmark, past misses and crashes; a summary names each figure that misses its goal
bench: bytecode
	$(BIN)/python bench/run_all.py $(ARGS)

# hostile sources and receivers, 100 SIGKILLs while delivering, database outages (minutes)
bench-reliability: install
	$(BIN)/python bench/reliability.py $(ARGS)

clean:
	rm -rf build .mypy_cache .pytest_cache .ruff_cache
