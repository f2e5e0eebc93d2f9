from __future__ import annotations

from resync.errors import NotFound, ResyncError


class ConversationNotFound(NotFound):
    code = "conversation_not_found"


class ChatRateLimited(ResyncError):
    code = "rate_limited"
    status_code = 429
