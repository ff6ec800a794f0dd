"""The MCP server: the guide as tools for AI assistants (Claude Desktop, Cursor, VS Code), served by
the app itself at `/mcp` over streamable HTTP with the official `mcp` SDK (stateless, JSON replies).

The tools call the same ChatService as the chat and the API: same input limits, rate limit,
admission and answer log (channel "mcp"). A refused input is a tool error (`isError`), not a crash.

`job_market(question)` computes exact figures over all postings with the job-market engine
(rag/market/), the same desk that answers market questions in the chat.
"""

from __future__ import annotations

import logging
from typing import Annotated, Literal

from fastapi import FastAPI
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import BaseModel, Field

from rag.errors import FieldGuideError, MarketNotBuiltError
from ui.api import final_answer, started_answer
from ui.prometheus import error_kind
from ui.service import ChatService

MCP_PATH = "/mcp"
GUIDE = (
    "The AI Engineering Field Guide (github.com/alexeygrigorev/ai-engineering-field-guide) is about "
    "AI-engineering careers: what an AI engineer does day to day, the skills and tools most requested "
    "in real AI-engineer job postings, learning paths into the role from backend, data, ML and other "
    "backgrounds, portfolio projects, interview questions and the interview processes of named "
    "companies, and individual job postings (role, company, pay, requirements)."
)


class Citation(BaseModel):
    """One numbered source of an answer: the guide's section and its deep link."""

    n: int
    title: str
    section: str | None
    url: str


class CitedAnswer(BaseModel):
    """An answer with [n] markers and the sources they refer to."""

    answer: str = Field(description="The answer; [n] marks which source a statement comes from.")
    citations: list[Citation]
    refused: bool = Field(description="True when the guide does not cover the question.")
    mode: str = Field(description='"llm" (generated) or "extractive" (quoted from the guide).')
    answer_id: str


class SearchHit(BaseModel):
    """A passage of the guide that matches a search, with the deep link to its section."""

    title: str
    section: str | None
    url: str
    kind: str
    score: float
    text: str


class MarketFigures(BaseModel):
    """Exact figures over all job postings: the explained answer, the query and its result."""

    answer: str = Field(description="The figure with numerator, denominator and coverage; a table if any.")
    route: str = Field(description='"market" (figures only) or "both" (the guide also has a view).')
    spec: dict | None = Field(description="The query that was run (rerun it with `command`).")
    result: dict | None = Field(description="n_total, n_matching, share and rows.")
    command: str | None = Field(description="The `fieldguide market` command that reproduces the figure.")
    csv_url: str | None = Field(description="Path of the matching postings as CSV on this server.")


def client_of(ctx: Context) -> str:
    """The rate-limit key: the HTTP client's address, as for the API."""
    request = getattr(ctx.request_context, "request", None)
    host = getattr(getattr(request, "client", None), "host", None)
    return f"ip:{host}" if host else "mcp:unknown"


def create_mcp(service: ChatService) -> MCPServer:
    """The MCP server with the guide's tools (the answer tool is async: it runs on the event loop;
    the sync ones run in worker threads)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    server = MCPServer(
        "field-guide",
        title="AI Engineering Field Guide",
        instructions=f"{GUIDE} Cite the guide's links when you use its answers.",
        version="1",
    )
    # Its constructor calls logging.basicConfig (a rich handler on the root logger, at INFO):
    # how the app logs is uvicorn's and the CLI's choice, so undo that.
    root.handlers[:], root.level = handlers, level

    @server.tool(
        description=f"Answer a question from the AI Engineering Field Guide, with numbered citations "
        f"(title, section and a deep link for each). {GUIDE} When the guide does not cover the "
        "question the answer says so (refused: true) rather than guessing."
    )
    async def ask_field_guide(
        question: Annotated[str, Field(description="The question, in plain language.")], ctx: Context
    ) -> CitedAnswer:
        try:
            events = await started_answer(service, question, [], client=client_of(ctx), channel="mcp")
            answer = await final_answer(events)
        except FieldGuideError as exc:
            service.metrics.observe_error(error_kind(exc))
            raise ToolError(str(exc)) from exc
        return CitedAnswer(
            answer=answer.answer,
            citations=[Citation.model_validate(c.to_json()) for c in answer.citations],
            refused=answer.refused,
            mode=answer.mode,
            answer_id=answer.answer_id,
        )

    @server.tool(
        description=f"Search the AI Engineering Field Guide (hybrid keyword + semantic search) and get "
        f"the best-matching passages with deep links to their sections. {GUIDE} kind: only guide pages, "
        "job postings or company interview profiles."
    )
    def search_field_guide(
        query: Annotated[str, Field(description="What to search for.")],
        ctx: Context,
        k: Annotated[int, Field(ge=1, le=20, description="Number of hits.")] = 5,
        kind: Annotated[
            Literal["page", "posting", "company"] | None,
            Field(description="Only this kind of document; omit for all."),
        ] = None,
    ) -> list[SearchHit]:
        try:
            service.rate_limiter.check(client_of(ctx))
            hits = service.search(query, k, kind)
        except FieldGuideError as exc:
            service.metrics.observe_error(error_kind(exc))
            raise ToolError(str(exc)) from exc
        return [SearchHit.model_validate(h.to_json()) for h in hits]

    @server.tool(
        description="Exact figures over all job postings of the AI Engineering Field Guide (1,765 "
        "AI-engineer postings, 2025-08 to 2026-02): counts, shares, top skills, breakdowns by city, "
        "level, AI type or company stage, postings by month, and stated pay per currency. Ask in plain "
        "language, e.g. 'How many New York postings ask for LangGraph?'. Fields the data does not "
        "record (remote work, visas, equity) are answered as not recorded, never estimated."
    )
    def job_market(
        question: Annotated[str, Field(description="A question about figures over the postings.")],
        ctx: Context,
    ) -> MarketFigures:
        try:
            service.rate_limiter.check(client_of(ctx))
            question, _ = service.limits.check(question)
            desk = service.deps().market
            if desk is None:
                raise MarketNotBuiltError("the active index version")
            reply = desk.answer(question, llm=service.llm if service.answers_with_llm else None)
        except FieldGuideError as exc:
            service.metrics.observe_error(error_kind(exc))
            raise ToolError(str(exc)) from exc
        if reply.route == "guide":
            raise ToolError(
                "Not a question about figures over the job postings: ask it with ask_field_guide."
            )
        data = reply.to_json()
        fields = {k: data[k] for k in ("route", "spec", "result", "command")}
        return MarketFigures(answer=reply.text, csv_url=reply.csv_url, **fields)

    return server


def mount_mcp(app: FastAPI, server: MCPServer) -> None:
    """Adds the `/mcp` route to `app`; the app's lifespan must run `server.session_manager.run()`."""
    http = server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        json_response=True,
        # The SDK's DNS-rebinding guard allows only loopback Host headers, which would refuse a
        # deployed server's own name. The tools only read the public guide, as /api does.
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    app.router.routes.extend(http.routes)
