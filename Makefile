# The two commands a newcomer needs: `make run` and `make test`. Both set up .venv first.
VENV := .venv
PY := $(VENV)/bin/python
QUESTION ?= How do I move from data engineering into AI engineering?

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# CPU build of torch first: an unpinned torch would pull several GB of CUDA packages.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

.PHONY: install run test lint
install: $(VENV)/.installed

run: install
	$(VENV)/bin/fieldguide ingest
	$(VENV)/bin/fieldguide search "$(QUESTION)" -k 3

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .
