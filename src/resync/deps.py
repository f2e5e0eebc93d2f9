"""FastAPI dependency aliases handing pieces of the Services container to endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from resync.services import Services
from resync.settings import Settings


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
