"""FastAPI dependency aliases of the routing domain."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from resync.routing.decisions import DecisionRecorder


def get_decisions(request: Request) -> DecisionRecorder:
    recorder: DecisionRecorder = request.app.state.services.decisions
    return recorder


DecisionsDep = Annotated[DecisionRecorder, Depends(get_decisions)]
