"""The workshop's Starlette application: pages, the JSON API, local assets and the guards."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from csscore.workshop.api import Api
from csscore.workshop.pages import Pages
from csscore.workshop.security import Guard, SecurityHeaders
from csscore.workshop.store import Store


async def _error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": exc.detail}, exc.status_code, headers=exc.headers)
    text = f"<!doctype html><title>{exc.status_code}</title><p>{exc.status_code}: page not available</p>"
    return HTMLResponse(text, exc.status_code, headers=exc.headers)


def build_app(store: Store) -> Starlette:
    """The application over one open workshop database."""
    guard = Guard(store)
    api = Api(store, guard)
    pages = Pages(store, guard)
    routes = [
        Route("/", pages.landing),
        Route("/join/{code}", pages.join, methods=["GET", "POST"]),
        Route("/p/{token}", pages.partner),
        Route("/f/{token}", pages.facilitator),
        Route("/f/{token}/export.{kind:str}", pages.export),
        Route("/api/v1/assessment", api.assessment),
        Route("/api/v1/partners", api.add_partner, methods=["POST"]),
        Route("/api/v1/grades", api.save_grades, methods=["PUT"]),
        Route("/api/v1/grades", api.own_grades, methods=["GET"]),
        Route("/api/v1/progress", api.progress),
        Route("/api/v1/round", api.round, methods=["POST"]),
        Route("/api/v1/grid", api.grid),
        Route("/api/v1/results", api.results),
        Route("/api/v1/ranking", api.ranking),
        Mount("/static", StaticFiles(packages=[("csscore.workshop", "static")]), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={HTTPException: _error},
    )
