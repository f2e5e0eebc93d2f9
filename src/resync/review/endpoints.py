"""Answer feedback (the conversation's author) and the review queue (admin)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Response

from resync.auth.dependencies import AdminUser, CurrentUser
from resync.review.dependencies import ReviewDep
from resync.review.schemas import FeedbackIn, ResolveIn

router = APIRouter(prefix="/api/v1", tags=["review"])

Status = Literal["open", "resolved", "all", "golden", "incident", "knowledge_gap", "dismiss"]


@router.post("/conversations/{conversation_id}/messages/{message_id}/feedback")
async def give_feedback(
    conversation_id: str, message_id: str, body: FeedbackIn, user: CurrentUser, review: ReviewDep
) -> dict[str, Any]:
    return await review.give_feedback(conversation_id, message_id, user.username, body)


@router.get("/conversations/{conversation_id}/feedback")
async def conversation_feedback(
    conversation_id: str, user: CurrentUser, review: ReviewDep
) -> dict[str, Any]:
    return await review.feedback_of(conversation_id, user.username)


@router.get("/review")
async def review_queue(
    _: AdminUser,
    review: ReviewDep,
    status: Status = "open",
    kind: Literal["feedback", "doubtful"] | None = None,
    limit: int = Query(100, ge=1, le=500),
) -> dict[str, Any]:
    return {"items": await review.queue(status=status, kind=kind, limit=limit)}


@router.get(
    "/review/golden.yaml",
    response_class=Response,
    responses={
        200: {
            "description": "The accepted golden cases (YAML, the format resync eval reads)",
            "content": {
                "application/yaml": {"schema": {"type": "array", "items": {"type": "object"}}}
            },
        }
    },
)
async def golden_yaml(_: AdminUser, review: ReviewDep) -> Response:
    return Response(
        await review.golden_yaml(),
        media_type="application/yaml",
        headers={"Content-Disposition": 'attachment; filename="golden.yaml"'},
    )


@router.get("/review/accuracy")
async def accuracy(_: AdminUser, review: ReviewDep) -> dict[str, Any]:
    return await review.accuracy()


@router.get("/review/{item_id}")
async def review_item(item_id: str, _: AdminUser, review: ReviewDep) -> dict[str, Any]:
    return await review.item(item_id)


@router.post("/review/{item_id}/resolve")
async def resolve(
    item_id: str, body: ResolveIn, user: AdminUser, review: ReviewDep
) -> dict[str, Any]:
    return await review.resolve(item_id, body, user.username)
