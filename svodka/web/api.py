"""The JSON API of `svodka serve` (/api/...): the same library calls as the CLI."""
from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import APIRouter, Request

from svodka import corrections
from svodka.errors import NotFound, Rejected, SvodkaError
from svodka.ingest.decode import decode, language_code
from svodka.ingest.files import MAX_PAGE_BYTES, page_from_record
from svodka.model import Page
from svodka.report import annotation_record, article_record
from svodka.web.state import ApiError, State, filtered

router = APIRouter(prefix="/api")


def state(request: Request) -> State:
    return request.app.state.svodka


@router.get("/stories", summary="Stories ranked by importance, with optional filters")
def api_stories(request: Request, limit: int = 100) -> dict:
    return {"stories": filtered(state(request).snapshot(), dict(request.query_params), limit)}


@router.get("/stories/{story_id}", summary="One story's brief (the stories.json record)")
def api_story(request: Request, story_id: str) -> dict:
    served = state(request)
    snap = served.snapshot()
    served.story(snap, story_id)
    return snap.brief(story_id)


@router.get("/articles/{article_id}", summary="One article with its annotations")
def api_article(request: Request, article_id: str) -> dict:
    served = state(request)
    snap = served.snapshot()
    doc = served.article(snap, article_id)
    return {**article_record(doc.article), "story": snap.story_of.get(article_id),
            "annotations": annotation_record(doc)}


@router.get("/not-news", summary="The stored pages judged not news, which form no stories")
def api_not_news(request: Request) -> dict:
    return {"articles": [article_record(a) for a in state(request).snapshot().not_news_list]}


@router.get("/search", summary="Full-text search over articles")
def api_search(request: Request, q: str) -> dict:
    if not q.strip():
        raise ApiError(422, "invalid", "q: give some words to search for")
    served = state(request)
    results = served.search(served.snapshot(), q)
    return {"query": q, "results": [{k: v for k, v in r.items() if k != "marked"} for r in results]}


@router.post("/articles", status_code=201, summary="Add a page (JSON record or raw text/HTML body)")
async def api_add(request: Request) -> dict:
    page = await _page_from_request(request)
    served = state(request)
    try:
        return await served.write(served.add, page,
                                  changed=lambda r: frozenset(r.get("stories_changed", ())))
    except Rejected as rej:
        raise ApiError(422, rej.reason, f"{rej.source}: {rej.detail}") from rej


@router.post("/stories/{story_id}/merge", summary="Merge another story into this one")
async def api_merge(story_id: str, request: Request) -> dict:
    body = await _json(request)
    other = body.get("with")
    if not isinstance(other, str) or not other:
        raise ApiError(422, "invalid", "body: give {\"with\": \"<story id>\"}")
    moved = await _correct(request, corrections.merge_stories, story_id, other,
                           changed=lambda _: frozenset({story_id, other}))
    return {"story": story_id, "merged": other, "articles_moved": moved}


@router.post("/stories/{story_id}/split", summary="Move some events of a story into a new story")
async def api_split(story_id: str, request: Request) -> dict:
    body = await _json(request)
    events = body.get("events")
    if not isinstance(events, list) or not all(isinstance(e, str) for e in events):
        raise ApiError(422, "invalid", "body: give {\"events\": [\"<event id>\", ...]}")
    new_id = await _correct(request, corrections.split_story, story_id, events,
                            changed=lambda new: frozenset({story_id, new}))
    return {"story": story_id, "new_story": new_id, "events": events}


async def _correct(request: Request, correction, *args, changed):
    """A person's correction, written as every write is; an unknown story is 404, a refused one 422."""
    try:
        return await state(request).write(correction, *args, changed=changed)
    except NotFound as exc:
        raise ApiError(404, "not_found", str(exc)) from exc
    except SvodkaError as exc:
        raise ApiError(422, "invalid", str(exc)) from exc


def api_operations(spec: dict) -> list[dict]:
    """The API's operations as the reference page lists them, from its OpenAPI description."""
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "where": p["in"], "required": p.get("required", False),
                       "type": p.get("schema", {}).get("type", "")} for p in op.get("parameters", [])]
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""), "params": params,
                        "body": BODIES.get((method, path), "")})
    return ops


BODIES = {
    ("post", "/api/articles"): "a JSON record ({\"id\", \"url\", \"title\", \"text\" or \"html\", \"published\", "
                               "\"site\"}), or the page itself as text/plain or text/html (id, url, published "
                               "and site then go in the query)",
    ("post", "/api/stories/{story_id}/merge"): "{\"with\": \"<story id>\"}",
    ("post", "/api/stories/{story_id}/split"): "{\"events\": [\"<event id>\", …]}",
}


async def _body(request: Request) -> bytes:
    """The request's body, at most MAX_PAGE_BYTES of it (413 past that, read no further)."""
    too_large = ApiError(413, "too_large", f"the body is over {MAX_PAGE_BYTES // 2**20} MB, more than a news page; "
                                           "send one page at a time")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_PAGE_BYTES:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_PAGE_BYTES:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def _json(request: Request, raw: bytes | None = None) -> dict[str, Any]:
    try:
        body = json.loads((await _body(request) if raw is None else raw) or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(422, "invalid", f"body: not valid JSON ({exc})") from exc
    if not isinstance(body, dict):
        raise ApiError(422, "invalid", "body: a JSON object is expected")
    return body


async def _page_from_request(request: Request) -> Page:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("application/json", "text/plain", "text/html"):
        raise ApiError(415, "unsupported_media_type", "send application/json, text/plain or text/html")
    raw = await _body(request)
    if kind == "application/json":
        body = await _json(request, raw)
        try:
            return page_from_record(body, "api", default_id="api-" + hashlib.sha1(raw).hexdigest()[:10])
        except Rejected as rej:
            raise ApiError(422, "invalid", rej.detail) from rej
    try:
        decoded = decode(raw, "api")
    except Rejected as rej:
        raise ApiError(422, rej.reason, rej.detail) from rej
    page_id = request.query_params.get("id") or "api-" + hashlib.sha1(raw).hexdigest()[:10]
    notes: list[str] = []
    return Page(id=page_id, source=request.query_params.get("url") or "api", raw=decoded.text,
                kind="html" if kind == "text/html" else "text", url=request.query_params.get("url"),
                published=request.query_params.get("published"), site=request.query_params.get("site"),
                language=language_code(request.query_params.get("language"), notes, "?language="),
                identity=f"id:{page_id}", notes=decoded.notes + tuple(notes))
