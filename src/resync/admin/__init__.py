"""Endpoints of the admin console."""
