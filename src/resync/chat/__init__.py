"""Chat: conversations over WebSocket and REST, persisted with their routing metadata."""
