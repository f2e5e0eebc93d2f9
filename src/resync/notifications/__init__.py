"""Microsoft Teams both ways: notices as Adaptive Cards through a persisted outbox, and
questions asked from a Teams channel (outgoing webhook) answered by the chat's router."""
