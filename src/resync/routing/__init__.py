"""Intent classification, routing of a message to a handler, and routing decisions."""
