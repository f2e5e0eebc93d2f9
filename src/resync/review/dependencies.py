"""FastAPI dependency of the review domain."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from resync.review.service import ReviewService
from resync.wiring import component


def review_service(connection: HTTPConnection) -> ReviewService:
    return component(connection, "review", ReviewService)


ReviewDep = Annotated[ReviewService, Depends(review_service)]
