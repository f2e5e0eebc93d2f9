"""Offline evaluation commands (``resync eval …``)."""
