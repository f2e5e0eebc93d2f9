from __future__ import annotations

from resync.errors import BadRequest, Conflict, Forbidden, NotFound


class ApprovalNotFound(NotFound):
    code = "approval_not_found"


class ApprovalConflict(Conflict):
    """The request is not in a state that allows this (already decided, expired …)."""

    code = "approval_conflict"


class InvalidAction(BadRequest):
    code = "invalid_action"


class InvalidApproval(BadRequest):
    code = "invalid_approval"


class TargetNotFound(NotFound):
    code = "target_not_found"


class DuplicateRequest(Conflict):
    """A pending request for the same change exists: it is the one to decide."""

    code = "duplicate_request"  # extra: existing, the id of the pending request


class AmbiguousTarget(Conflict):
    code = "ambiguous_target"


class TargetNotActionable(Conflict):
    """The job's state does not fit the action."""

    code = "target_not_actionable"


class FourEyesRequired(Forbidden):
    code = "four_eyes_required"


class NotAllowed(Forbidden):
    code = "forbidden"
