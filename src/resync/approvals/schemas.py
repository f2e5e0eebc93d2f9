"""Pydantic shapes of approval requests."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from resync.approvals.actions import Action, Risk


class ApprovalStatus(StrEnum):
    pending = "pending"  # waiting for an operator's decision
    approved = "approved"  # decided; execution about to be claimed
    rejected = "rejected"
    expired = "expired"  # nobody decided within RESYNC_APPROVALS_TTL_SECONDS
    executing = "executing"  # claimed; the action is being sent to HWA
    succeeded = "succeeded"
    failed = "failed"  # HWA refused it, or it was not sent (the target changed)
    outcome_unknown = "outcome_unknown"  # crash or lost answer: an operator must re-check

    @property
    def is_final(self) -> bool:
        return self in (
            ApprovalStatus.rejected,
            ApprovalStatus.expired,
            ApprovalStatus.succeeded,
            ApprovalStatus.failed,
        )


class ApprovalRequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    action: Action
    target: str
    plan_id: str | None
    job_name: str | None
    job_stream: str | None
    workstation: str | None
    target_state: str | None
    snapshot: dict[str, Any]
    warnings: list[dict[str, Any]] = Field(default_factory=list)
    requester: str
    justification: str
    risk: Risk
    status: ApprovalStatus
    source: str
    conversation_id: str | None
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision_comment: str | None
    started_at: datetime | None
    finished_at: datetime | None
    result: dict[str, Any] | None
    reason: str | None


class ApprovalCreate(BaseModel):
    action: str = Field(max_length=32, examples=["rerun"])
    target: str = Field(max_length=300, examples=["PAYROLL_01", "CPU1#JS_PAYROLL.PAYROLL_01"])
    justification: str = Field(max_length=2000)
    conversation_id: str | None = Field(None, max_length=64)


class Decision(BaseModel):
    comment: str = Field("", max_length=2000)
