"""Logging, request context, middleware and metrics shared by every domain."""
