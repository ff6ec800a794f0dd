# The two commands a newcomer needs: `make run` and `make test`. Both set up .venv first.
# `make run` ingests the guide when the index is missing or stale, then serves the chat.
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 7860

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# CPU build of torch first: an unpinned torch would pull several GB of CUDA packages.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[dev,postgres]"
	touch $@

.PHONY: install run test lint bench-embedding bench-embedding-ingest bench-retrieval bench-open
install: $(VENV)/.installed

run: install
	$(VENV)/bin/fieldguide ingest --if-stale
	$(VENV)/bin/fieldguide serve --host $(HOST) --port $(PORT)

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# Benchmarks quoted in docs/BENCHMARKS.md, on the active index of FIELDGUIDE_DATA_DIR (default data/).
bench-embedding: install
	$(PY) -m evals.bench_embedding --questions evals/retrieval/questions.jsonl --chunks 500

# Cold-ingest embedding only: torch in this process against onnx-int8 in EMBED_WORKERS processes.
EMBED_WORKERS ?= 2
bench-embedding-ingest: install
	$(PY) -m evals.bench_embedding --questions evals/retrieval/questions.jsonl --chunks 500 \
		--workers $(EMBED_WORKERS) --ingest-only --backends torch onnx-int8

bench-retrieval: install
	$(PY) -m evals.bench_retrieval --questions evals/retrieval/questions.jsonl --rounds 3

# Index open and app start to ready in fresh processes; with BEFORE (a checkout of older code) and
# BEFORE_DATA (a data dir in its index format) the same steps for it first, in the same run.
bench-open: install
	$(PY) -m evals.bench_open --runs 5 $(if $(BEFORE),--before $(BEFORE) --before-data $(BEFORE_DATA))
