"""Health checks, plan polling and alerts."""
