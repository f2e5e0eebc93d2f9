"""The three answer paths: rag_only, agentic and diagnostic."""
