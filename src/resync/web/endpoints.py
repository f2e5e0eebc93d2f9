"""Serves the operator chat page and the static files (CSS, ES modules, icons) it loads.

The page holds no inline script or style: every ``<script>`` tag carries the per-response
CSP nonce that :class:`~resync.observability.middleware.SecurityHeadersMiddleware` puts on
``request.state.csp_nonce``, and all behaviour lives in ``static/js``.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Annotated

import fastapi_offline
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from resync import __version__
from resync.web.console import router as console_router

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
# Swagger UI's own files, as the fastapi-offline package ships them (no CDN).
API_DOCS_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"

router = APIRouter(tags=["web"])


def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def chat_page(request: Request, templates: TemplatesDep) -> HTMLResponse:
    response = templates.TemplateResponse(
        request,
        "chat.html",
        {"csp_nonce": getattr(request.state, "csp_nonce", ""), "version": __version__},
    )
    # The page embeds a fresh CSP nonce: never serve it from a cache.
    response.headers["cache-control"] = "no-store"
    return response


@router.get("/dashboard/realtime", response_class=HTMLResponse, include_in_schema=False)
@router.get("/dashboard/tws", response_class=HTMLResponse, include_in_schema=False)
async def dashboard_page(request: Request, templates: TemplatesDep) -> HTMLResponse:
    """The realtime monitoring dashboard (fed over ``/ws/monitoring``)."""
    response = templates.TemplateResponse(
        request, "dashboard.html", {"csp_nonce": getattr(request.state, "csp_nonce", "")}
    )
    response.headers["cache-control"] = "no-store"
    return response


@router.get("/admin/realtime-dashboard", include_in_schema=False)
async def old_dashboard() -> RedirectResponse:
    return RedirectResponse("/dashboard/realtime", status_code=308)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
async def api_docs(request: Request, templates: TemplatesDep) -> HTMLResponse:
    """The API reference (Swagger UI, files from the fastapi-offline package)."""
    response = templates.TemplateResponse(
        request, "api_docs.html", {"csp_nonce": getattr(request.state, "csp_nonce", "")}
    )
    response.headers["cache-control"] = "no-store"
    return response


def install_web(app: FastAPI) -> None:
    """Register the chat page and mount ``/static``; called once by ``create_app``."""
    # Some platforms map .js to text/plain; module scripts need a JavaScript type.
    mimetypes.add_type("text/javascript", ".js")
    mimetypes.add_type("image/svg+xml", ".svg")
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    app.include_router(router)
    app.include_router(console_router)
    # Mounted before /static, which would otherwise take these paths.
    app.mount("/static/api-docs", StaticFiles(directory=str(API_DOCS_DIR)), name="api-docs")
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
