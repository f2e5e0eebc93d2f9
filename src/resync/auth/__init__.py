"""Users, roles, passwords, API tokens, WebSocket tickets and the FastAPI dependencies
(``current_user``, ``require_role``) every protected route uses."""
