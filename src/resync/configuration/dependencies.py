"""FastAPI dependencies of the configuration domain."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from resync.configuration.manager import SettingsManager
from resync.configuration.probes import Probes
from resync.wiring import component


def settings_manager(connection: HTTPConnection) -> SettingsManager:
    return component(connection, "settings_manager", SettingsManager)


def probes(connection: HTTPConnection) -> Probes:
    return component(connection, "probes", Probes)


SettingsManagerDep = Annotated[SettingsManager, Depends(settings_manager)]
ProbesDep = Annotated[Probes, Depends(probes)]
