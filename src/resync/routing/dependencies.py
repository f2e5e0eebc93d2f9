"""FastAPI dependency aliases of the routing domain."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from resync.routing.decisions import DecisionRecorder
from resync.wiring import component


def get_decisions(connection: HTTPConnection) -> DecisionRecorder:
    return component(connection, "decisions", DecisionRecorder)


DecisionsDep = Annotated[DecisionRecorder, Depends(get_decisions)]
