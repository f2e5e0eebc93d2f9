from __future__ import annotations

from resync.errors import BadRequest, Conflict, Forbidden, NotFound, ResyncError


class NotAuthenticated(ResyncError):
    code = "unauthorized"
    status_code = 401


class LockedOut(ResyncError):
    code = "locked_out"
    status_code = 429


class InsufficientRole(Forbidden):
    code = "forbidden"


class UserNotFound(NotFound):
    code = "user_not_found"


class UserExists(Conflict):
    code = "user_exists"


class InvalidUser(BadRequest):
    code = "invalid_user"


class TokenNotFound(NotFound):
    code = "token_not_found"


class PasswordLoginRequired(Forbidden):
    code = "password_login_required"


class CurrentPasswordRequired(Forbidden):
    code = "current_password_required"


class SelfChangeRefused(Forbidden):
    code = "self_change_refused"
