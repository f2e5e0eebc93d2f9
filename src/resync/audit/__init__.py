"""The append-only audit log: who did what, when, from where (client address, trace_id)."""
