"""Errors of the agents domain: the LLM client, tools and agent definitions.

The router catches :class:`LLMError` and answers deterministically instead; users never
see these as errors. They still render as JSON through the app's error handlers.
"""

from __future__ import annotations

from resync.errors import ResyncError


class LLMError(ResyncError):
    """Any failure talking to the LLM endpoint."""

    code = "llm_error"
    status_code = 502


class LLMTimeout(LLMError):
    """The endpoint (or a whole agent run) did not finish in time."""

    code = "llm_timeout"
    status_code = 504


class LLMUnavailable(LLMError):
    """Not configured, unreachable, overloaded (429/5xx) or refusing our credentials."""

    code = "llm_unavailable"
    status_code = 503


class LLMBadResponse(LLMError):
    """The endpoint answered something that is not a usable chat completion (or a 4xx)."""

    code = "llm_bad_response"
    status_code = 502


class LLMStepLimitExceeded(LLMError):
    """An agent kept calling tools past its step limit without answering."""

    code = "llm_step_limit"
    status_code = 502


class ToolNotFound(ResyncError):
    code = "tool_not_found"
    status_code = 404


class ToolArgumentsInvalid(ResyncError):
    code = "tool_arguments_invalid"
    status_code = 422


class ToolRegistrationError(ResyncError):
    code = "tool_registration_error"
    status_code = 500


class AgentNotFound(ResyncError):
    code = "agent_not_found"
    status_code = 404


class AgentDefinitionError(ResyncError):
    """An agent YAML file (or a skill) is invalid; the message names the file and field."""

    code = "agent_definition_error"
    status_code = 500
