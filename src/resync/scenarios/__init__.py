"""Operator scenarios: chat turns checked against the simulated plan's own facts."""
