"""svodka serve: story pages for readers and a JSON API for programs, over the same library calls
(routers in svodka/web/api.py and pages.py, what they share in state.py)."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from svodka import __version__
from svodka.embed import Embedder
from svodka.store import SqliteStore
from svodka.stages import Stages
from svodka.web import api, pages
from svodka.web.state import ApiError, State


def create_app(db_path: str | Path, embedder: Embedder | None = None, stages: Stages = Stages()) -> FastAPI:
    """``embedder``: pages added through the API get their sentence embedding (serve --embeddings);
    ``stages``: what reads and places them (svodka.stages)."""
    db_path = str(db_path)
    SqliteStore(db_path).close()  # create the schema once
    # /docs is svodka's own page (Swagger UI would load from a CDN an offline machine cannot reach)
    app = FastAPI(title="svodka", description="News stories with cited briefs.", version=__version__,
                  docs_url=None, redoc_url=None)
    app.add_middleware(Hardened)
    app.state.svodka = State(db_path, embedder, stages)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    return app


# --- errors: one JSON shape for the API, a plain page for readers --------------------------
def error_response(request: Request, status: int, code: str, message: str):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    return pages.TEMPLATES.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                            status_code=status)


async def _api_error(request: Request, exc: ApiError):
    return error_response(request, exc.status, exc.code, exc.message)


async def _http_error(request: Request, exc: StarletteHTTPException):
    return error_response(request, exc.status_code, "not_found" if exc.status_code == 404 else "http_error",
                          str(exc.detail))


async def _invalid(request: Request, exc: RequestValidationError):
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(x) for x in first.get("loc", ()))
    return error_response(request, 422, "invalid", f"{where}: {first.get('msg', 'invalid request')}")


class Hardened:
    """Every response gets the hardening headers (the pages run no script and load nothing from
    elsewhere: only the server's own style sheet); HEAD is answered as GET without the body."""

    HEADERS = [(b"content-security-policy", b"default-src 'none'; style-src 'self'; img-src 'self'; "
                b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
               (b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
               (b"referrer-policy", b"no-referrer")]

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        head = scope["method"] == "HEAD"

        async def hardened(message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                   *((k, v) for k, v in self.HEADERS if k not in names)]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"} if head else scope, receive, hardened)
