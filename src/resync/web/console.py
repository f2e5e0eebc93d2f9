"""The admin console's page: one HTML shell at ``/admin`` whose single module script
(``static/admin/console.js``) carries the per-response CSP nonce, and the paths of the
older admin pages, which redirect (302) into the console's views."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from resync import __version__

# Bookmarks of the earlier admin pages → the console view that replaces each one.
LEGACY_REDIRECTS = {
    "/admin/health": "/admin#health",
    "/admin/metrics-dashboard": "/admin#metrics",
    "/admin/monitoring": "/admin#alerts",
    "/admin/settings-manager": "/admin#config",
    "/admin/teams-notifications": "/admin#teams",
    "/admin/teams-webhook": "/admin#teams",
    "/revisao": "/admin#review",
}

router = APIRouter(tags=["web"])


@router.get("/admin", response_class=HTMLResponse, include_in_schema=False)
async def console_page(request: Request) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request,
        "admin.html",
        {"csp_nonce": getattr(request.state, "csp_nonce", ""), "version": __version__},
    )
    response.headers["cache-control"] = "no-store"  # a fresh nonce on every response
    return response


def _redirect_to(target: str) -> Callable[[], Awaitable[RedirectResponse]]:
    async def redirect() -> RedirectResponse:
        return RedirectResponse(target, status_code=302)

    return redirect


for _path, _target in LEGACY_REDIRECTS.items():
    router.add_api_route(_path, _redirect_to(_target), methods=["GET"], include_in_schema=False)
