"""Measuring Resync on labelled sets: intents and the knowledge base (``resync eval``)."""
