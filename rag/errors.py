"""Typed errors. Library code raises these; only the CLI and the web layer turn them into messages."""


class FieldGuideError(Exception):
    """Base class for every error this project raises on purpose."""

    def __reduce__(self):
        # Pickled as it is (its args and attributes), not by calling __init__ again with `args`,
        # which most subclasses' signatures do not take: the web app's answer workers send them.
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(cls: type[FieldGuideError], args: tuple, state: dict) -> FieldGuideError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class CorpusNotFoundError(FieldGuideError):
    """No copy of the field guide was found in any of the places looked at."""

    def __init__(self, tried: list[tuple[str, str]]):
        self.tried = tried
        places = "\n".join(f"  - {place}: {why}" for place, why in tried)
        super().__init__(
            "No usable field-guide corpus found. Tried, in order:\n"
            f"{places}\n"
            "Fix: run `fieldguide corpus fetch` (needs network), or point --corpus / "
            "FIELDGUIDE_CORPUS at a checkout of the guide."
        )


class CorpusFetchError(FieldGuideError):
    """`git` could not fetch the pinned commit."""


class EmbeddingModelError(FieldGuideError):
    """The embedding model or backend asked for cannot be used (unknown backend, unexportable model)."""


class EmbeddingWorkerError(FieldGuideError):
    """An ingest's embedding worker process failed or died; what it embedded before is cached."""

    def __init__(self, why: str):
        super().__init__(
            f"Embedding in worker processes failed: {why}. The vectors embedded so far are cached, so "
            "running the ingest again continues from there; FIELDGUIDE_EMBED_WORKERS=1 embeds in the "
            "ingest process instead."
        )


class IndexModelMismatchError(FieldGuideError):
    """Queries would be embedded differently from the active index's vectors (e.g. int8 vs fp32)."""

    def __init__(self, index_key: str, embedder_key: str):
        super().__init__(
            f"The active index was embedded with {index_key} but queries would be embedded with "
            f"{embedder_key}; their vectors differ. Run `fieldguide ingest` to rebuild the index with "
            "the configured backend (FIELDGUIDE_EMBEDDING_BACKEND), or set FIELDGUIDE_EMBEDDING_BACKEND "
            "to the backend that built the index."
        )


class IndexNotFoundError(FieldGuideError):
    """No index has been built yet."""

    def __init__(self, where: str):
        super().__init__(f"No index has been built yet ({where}). Run `fieldguide ingest` first.")


class LocalIndexError(FieldGuideError):
    """A problem with one local index folder (`path`); subclasses give the message."""

    message = "{path}"

    def __init__(self, path: str):
        self.path = path
        super().__init__(self.message.format(path=path))


class IndexLockedError(LocalIndexError):
    """Another process holds the folder's shard (the embedded store allows one)."""

    message = (
        "The local index at {path} is locked by another running process (the embedded Qdrant Edge "
        "store allows one process per index folder). Stop that process, or run a Qdrant server and set "
        "FIELDGUIDE_QDRANT_URL so several processes can share the index."
    )


class IndexFormatError(LocalIndexError):
    """An index version in a layout this release does not read (it is rebuilt, never misread)."""

    message = (
        "The index at {path} was built by an earlier release (qdrant-client local mode), which this "
        "release does not read. Run `fieldguide ingest` to rebuild it in the Qdrant Edge format "
        "(cached embeddings are reused)."
    )


class VectorStoreError(FieldGuideError):
    """The embedded vector store (Qdrant Edge) failed; `detail` is its own message."""

    def __init__(self, path: str, detail: str):
        self.path, self.detail = path, detail
        super().__init__(f"The local index at {path} could not be used: {detail}")


class BoilerplateFileError(FieldGuideError):
    """An index version's boilerplate table (boilerplate.json) cannot be read."""

    def __init__(self, path: str, detail: str):
        self.path, self.detail = path, detail
        super().__init__(
            f"The boilerplate table {path} is unreadable ({detail}). Run `fieldguide ingest --force` "
            "to rebuild the index version (cached embeddings are reused)."
        )


class IndexFileError(FieldGuideError):
    """An index version's BM25 file is missing, truncated or damaged."""

    def __init__(self, path: str, detail: str):
        self.path, self.detail = path, detail
        super().__init__(
            f"The BM25 index file {path} is unreadable: {detail}. Run `fieldguide ingest` to rebuild "
            "the index version (cached embeddings are reused)."
        )


class RerankerWeightsError(FieldGuideError):
    """The learned re-ranker's weights file is missing, malformed or for another feature list."""

    def __init__(self, path: object, why: str):
        self.path = str(path)
        super().__init__(
            f"The re-ranker weights file {path} cannot be used: {why}. Re-train it with "
            "`python -m evals.tune_reranker --write`, or set FIELDGUIDE_RERANK=false."
        )


class IngestInProgressError(FieldGuideError):
    """Another ingest holds the ingest lock."""

    def __init__(self, lock_path: str):
        super().__init__(f"Another ingest is running (it holds {lock_path}). Wait for it to finish.")


class EvalInputError(FieldGuideError):
    """A questions file that is not the documented JSON Lines format."""


class PromptError(FieldGuideError):
    """A prompt template that is missing, malformed, or rendered without a variable it needs."""


class LLMError(FieldGuideError):
    """The language model could not produce an answer; `reason` is a short phrase for the user."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}{f' ({detail})' if detail else ''}")


class LLMUnavailableError(LLMError):
    """Connection refused or dropped, timeouts before any token, or a 5xx from the server."""


class LLMRateLimitedError(LLMError):
    """The LLM provider answered HTTP 429."""

    def __init__(self, retry_after: float | None, detail: str = ""):
        self.retry_after = retry_after
        wait = f"; retry after {retry_after:g} s" if retry_after is not None else ""
        super().__init__(f"the LLM provider is rate-limiting requests (HTTP 429{wait})", detail)


class LLMRejectedError(LLMError):
    """A 4xx other than 429: bad key, unknown model, request too large."""


class LLMBadResponseError(LLMError):
    """The server answered with something that is not an OpenAI-compatible chat completion."""


class LLMNoToolCallError(LLMBadResponseError):
    """A forced tool call was answered without one (plain text, or a call of another tool)."""


class LLMStalledError(LLMError):
    """The LLM stopped sending mid-stream for longer than the stall timeout."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the LLM stopped sending for {seconds:g} s")


class LLMDeadlineError(LLMError):
    """The answer ran past the LLM deadline."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the answer took longer than the {seconds:g} s deadline")


class AnswerLogError(FieldGuideError):
    """The answer log was given something it cannot store."""


class UnknownAnswerError(AnswerLogError):
    """Feedback for an answer id the log does not hold."""

    def __init__(self, answer_id: str):
        self.answer_id = answer_id
        super().__init__(f"no answer with id {answer_id!r} in the answer log")


class DuplicateAnswerError(AnswerLogError):
    """An answer id logged twice."""

    def __init__(self, answer_id: str):
        self.answer_id = answer_id
        super().__init__(f"the answer log already holds an answer with id {answer_id!r}")


class InvalidRatingError(AnswerLogError, ValueError):
    """A feedback rating other than 'up' or 'down'."""

    def __init__(self, rating: object):
        self.rating = rating
        super().__init__(f"feedback rating must be 'up' or 'down', not {rating!r}")


class MarketError(FieldGuideError):
    """Base class of the market engine's errors; the message is shown to the user as it is."""


class MarketNotBuiltError(MarketError):
    """No postings table in the active index version (built before issue 11, or no ingest yet)."""

    def __init__(self, where: str):
        super().__init__(
            f"The postings table has not been built yet ({where}). Run `fieldguide ingest` to build it."
        )


class MarketSpecError(MarketError):
    """A query spec that fails validation (wrong measure/field combination, bad value)."""


class UnknownValueError(MarketError):
    """A filter value no posting has; `suggestions` are (value, postings) of the closest known ones."""

    def __init__(self, field: str, value: str, suggestions: list[tuple[str, int]], what: str):
        self.field, self.value, self.suggestions = field, value, suggestions
        message = f"No posting {what} {value!r}"
        if suggestions:
            options = " or ".join(f"{name} ({n:,} posting{'s' if n != 1 else ''})" for name, n in suggestions)
            message += f"; did you mean {options}?"
            self.plain = message
        else:
            self.plain = message + "."  # for a chat reader, who has no command line
            message += f". See `fieldguide market vocab {field}` for the values the data holds."
        super().__init__(message)
