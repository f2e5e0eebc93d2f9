"""The approval tool: ask (never make) a plan change; a person approves it."""

from __future__ import annotations

from typing import Any, Literal

from resync.agents.tools import ToolContext, ToolKind, ToolRegistry
from resync.approvals.service import MIN_JUSTIFICATION, ApprovalService
from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser
from resync.errors import BadRequest, Forbidden

PlanAction = Literal[
    "rerun",
    "cancel",
    "kill",
    "hold",
    "release",
    "confirm_succ",
    "confirm_abend",
    "submit",
    "reply_prompt",
    "reply_prompt_no",
]


class ChangeNotAllowed(Forbidden):
    code = "plan_change_not_allowed"


class MissingJustification(BadRequest):
    code = "justification_required"


class ApprovalTools:
    """The write tool of the registry, bound to the approval service that records requests."""

    def __init__(self, approvals: ApprovalService) -> None:
        self.approvals = approvals

    def register(self, registry: ToolRegistry) -> None:
        if "request_plan_change" not in registry:
            registry.register(self.request_plan_change, kind=ToolKind.write)

    async def request_plan_change(
        self, context: ToolContext, action: PlanAction, target: str, justification: str
    ) -> dict[str, Any]:
        """Ask for a change to the plan (rerun, cancel, kill, hold, release, confirm_succ,
        confirm_abend, submit, reply_prompt — YES to the prompt the job waits on —,
        reply_prompt_no). This never changes the plan: it creates an approval request
        that a person must approve; the answer is the request (id, status "pending", risk).
        Always pass the operator's own justification; if they gave none, ask for it instead.

        Args:
            action: rerun, cancel, kill, hold, release, confirm_succ, confirm_abend, submit,
                reply_prompt or reply_prompt_no.
            target: the job (JOB, STREAM.JOB, WS#STREAM.JOB or plan id); for submit the
                job stream (WS#STREAM).
            justification: why the change is needed, in the operator's words.
        """
        user = context.extra.get("user")
        if not isinstance(user, AuthenticatedUser):
            raise ChangeNotAllowed("plan changes need an identified user (sign in to Resync)")
        if not user.role.includes(Role.operator):
            raise ChangeNotAllowed(
                f"the {user.role} role can read the plan but not request changes"
            )
        if len(justification.strip()) < MIN_JUSTIFICATION:
            raise MissingJustification("a justification is required: ask the operator why")
        request = await self.approvals.create(
            action,
            target,
            justification,
            user,
            source="chat",
            conversation_id=context.conversation_id,
        )
        approval: dict[str, Any] = request.model_dump(mode="json")
        return approval
