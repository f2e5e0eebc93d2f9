"""Agents: the LLM client, the tool registry, agent definitions, skills and handlers."""
