"""`GET /api/market` (a question, or the spec as query parameters: the flags of `fieldguide market`)
and `GET /api/market/postings.csv` (the matching postings). Errors are `{"error": message}`."""

from __future__ import annotations

from datetime import date
from typing import Annotated as Q

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from rag.errors import FieldGuideError, MarketError, MarketNotBuiltError, MarketSpecError
from rag.market.args import spec_from_pairs
from rag.market.desk import MarketDesk, MarketReply
from rag.market.spec import AIType, GroupField, Measure, SalaryStat, SkillCategory, Stage, Unit
from ui.api import ERRORS, ErrorBody, client_key, error_response, service_of
from ui.service import ChatService

market_router = APIRouter(tags=["market"])
MARKET_ERRORS = {
    **ERRORS,
    400: {"model": ErrorBody, "description": "Invalid query, or a value no posting has"},
}
_PARAMS = ("q", "measure", "unit", "by", "category", "stat", "limit", "match", "skill", "any-skill", "city",
           "country", "only",
           "level", "ai-type", "company", "title", "stage", "work-type", "management", "customer-facing",
           "from", "to")  # fmt: skip


def _desk(service: ChatService) -> MarketDesk:
    desk = service.deps().market
    if desk is None:
        raise MarketNotBuiltError("the active index version")
    return desk


def _pairs(request: Request) -> list[tuple[str, str]]:
    pairs = request.query_params.multi_items()
    unknown = sorted({k for k, _ in pairs if k not in _PARAMS})
    if unknown:
        raise MarketSpecError(f"unknown query parameter {unknown[0]!r}; parameters: {', '.join(_PARAMS)}")
    return [(k, v) for k, v in pairs if k != "q"]


def _error(exc: FieldGuideError, service: ChatService) -> JSONResponse:
    if isinstance(exc, MarketError) and not isinstance(exc, MarketNotBuiltError):
        return JSONResponse({"error": str(exc)}, status_code=400)
    if isinstance(exc, MarketNotBuiltError):
        return JSONResponse({"error": str(exc)}, status_code=503)
    return error_response(exc, service)


def _reply(service: ChatService, request: Request, q: str | None) -> MarketReply:
    service.rate_limiter.check(client_key(request))
    desk, pairs = _desk(service), _pairs(request)
    if q is not None:
        if pairs:
            raise MarketSpecError("give either q (a question) or the query's parameters, not both")
        question, _ = service.limits.check(q)
        reply = desk.answer(question, llm=service.llm if service.answers_with_llm else None)
        if reply.route == "guide":
            raise MarketSpecError("not a question about figures over the job postings; ask it at /api/ask")
        return reply
    return desk.run(spec_from_pairs(pairs))


@market_router.get("/api/market", responses=MARKET_ERRORS)
def market(
    request: Request,
    q: Q[
        str | None, Query(description="A question, e.g. 'How many New York postings ask for LangGraph?'")
    ] = None,
    measure: Q[Measure | None, Query(description="Default: breakdown with `by`, else count.")] = None,
    unit: Q[Unit | None, Query(description="Count postings (default) or companies.")] = None,
    by: Q[GroupField | None, Query(description="Top/breakdown field or group-by.")] = None,
    only: Q[list[str] | None, Query(description="Only these values of `by`, compared.")] = None,
    skill: Q[list[str] | None, Query(description="Postings listing every one of these skills.")] = None,
    any_skill: Q[
        list[str] | None, Query(alias="any-skill", description="Postings listing any of these.")
    ] = None,
    city: Q[list[str] | None, Query(description="City, e.g. New York.")] = None,
    country: Q[list[str] | None, Query(description="ISO3 code, e.g. GBR.")] = None,
    level: Q[list[str] | None, Query(description="e.g. Senior level.")] = None,
    ai_type: Q[list[AIType] | None, Query(alias="ai-type")] = None,
    company: Q[list[str] | None, Query()] = None,
    title: Q[list[str] | None, Query(description="Job title words in order, e.g. ML engineer.")] = None,
    stage: Q[list[Stage] | None, Query()] = None,
    work_type: Q[
        list[str] | None, Query(alias="work-type", description="FULL_TIME, INTERN or CONTRACTOR.")
    ] = None,
    management: Q[bool | None, Query()] = None,
    customer_facing: Q[bool | None, Query(alias="customer-facing")] = None,
    date_from: Q[date | None, Query(alias="from", description="Posted on or after.")] = None,
    date_to: Q[date | None, Query(alias="to", description="Posted on or before.")] = None,
    match: Q[list[str] | None, Query(description="FILTER=VALUE counted within the population.")] = None,
    category: Q[SkillCategory | None, Query(description="Top skills of one category.")] = None,
    stat: Q[SalaryStat | None, Query()] = None,
    limit: Q[int | None, Query(ge=1, le=100)] = None,
):
    """An exact figure over all job postings: `route`, `spec`, `result` (`n_total`, `n_matching`,
    `share`, `rows`), the answer text, citations (example postings, the guide's own figure), the
    command that reruns it, chart data and the CSV link. Same parameters as `fieldguide market`."""
    service = service_of(request)
    try:
        reply = _reply(service, request, q)
    except FieldGuideError as exc:
        return _error(exc, service)
    if reply.result is None and reply.spec is not None:  # an unknown value: say which, with suggestions
        return JSONResponse({"error": reply.text}, status_code=400)
    return {"answer": reply.text, "citations": reply.citations, **reply.to_json()}


@market_router.get(
    "/api/market/postings.csv",
    responses={
        200: {"content": {"text/csv": {}}, "description": "One row per matching posting."},
        **MARKET_ERRORS,
    },
)
def postings_csv(request: Request):
    """The postings a market query looks at, as CSV (same parameters as `/api/market`, without q)."""
    service = service_of(request)
    try:
        service.rate_limiter.check(client_key(request))
        desk = _desk(service)
        text = desk.engine.matching_csv(spec_from_pairs(_pairs(request)))
    except FieldGuideError as exc:
        return _error(exc, service)
    headers = {"Content-Disposition": 'attachment; filename="postings.csv"'}
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)
