"""Measuring Resync on labelled sets: intents (and, later, the knowledge base)."""
