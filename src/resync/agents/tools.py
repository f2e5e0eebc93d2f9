"""One registry of typed async tools, used by deterministic handlers and by LLM agents.

A tool is an ``async def`` whose first parameter is the :class:`ToolContext`; its other
parameters (type hints + the ``Args:`` section of its docstring) become a pydantic model,
which validates arguments and gives the JSON schema sent to the LLM. ``kind`` says whether
the tool only reads (``read``) or asks for a change (``write``: it creates an approval
request, never changes the plan itself).

``call`` never raises for a bad call: unknown tool, malformed JSON, invalid arguments or a
tool that fails all come back as a :class:`ToolResult` with ``ok=False`` and an ``error``
the model can read and correct. ``invoke`` is the strict variant for code.
"""

from __future__ import annotations

import inspect
import re
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, get_type_hints

import orjson
import structlog
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from pydantic_core import to_json

from resync.agents.errors import ToolArgumentsInvalid, ToolNotFound, ToolRegistrationError
from resync.errors import ResyncError

log = structlog.get_logger(__name__)

MAX_RESULT_CHARS = 12_000

# The tools agent definitions may name; the domains that own them register them.
STANDARD_TOOL_NAMES: tuple[str, ...] = (
    "list_jobs",
    "get_job_status",
    "get_job_dependencies",
    "get_job_log",
    "list_workstations",
    "job_history",
    "duration_trends",
    "plan_overview",
    "job_impact",
    "list_job_streams",
    "finish_estimate",
    "get_resource",
    "search_knowledge",
    "lookup_message",
    "search_similar_incidents",
    "request_plan_change",
)


class ToolKind(StrEnum):
    read = "read"
    write = "write"


@dataclass
class ToolContext:
    """Who is asking and with what: handed to every tool call."""

    user: str | None = None
    roles: frozenset[str] = frozenset()
    trace_id: str | None = None
    conversation_id: str | None = None
    language: str = "pt"
    extra: dict[str, Any] = field(default_factory=dict)


ToolFunction = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    kind: ToolKind
    function: ToolFunction
    arguments: type[BaseModel]
    untrusted_output: bool  # job logs, documents: fenced before an LLM sees them

    def parameters_schema(self) -> dict[str, Any]:
        return _without_titles(self.arguments.model_json_schema())

    def openai_schema(self) -> dict[str, Any]:
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.parameters_schema(),
            },
        }


@dataclass
class ToolResult:
    name: str
    ok: bool
    content: str  # what the LLM reads: JSON of the result, or the error text
    data: Any = None  # the tool's return value (for deterministic handlers)
    error: str | None = None
    duration_ms: float = 0.0
    untrusted: bool = False


class ToolRegistry:
    def __init__(self) -> None:
        self._tools: dict[str, ToolSpec] = {}

    # -- registration -------------------------------------------------------------------

    def register(
        self,
        function: ToolFunction,
        *,
        kind: ToolKind | str = ToolKind.read,
        name: str | None = None,
        description: str | None = None,
        untrusted_output: bool = False,
    ) -> ToolSpec:
        spec = _build_spec(function, ToolKind(kind), name, description, untrusted_output)
        if spec.name in self._tools:
            raise ToolRegistrationError(f"tool {spec.name!r} is already registered")
        self._tools[spec.name] = spec
        return spec

    def tool(
        self,
        *,
        kind: ToolKind | str = ToolKind.read,
        name: str | None = None,
        description: str | None = None,
        untrusted_output: bool = False,
    ) -> Callable[[ToolFunction], ToolFunction]:
        """Decorator form of :meth:`register`; returns the function unchanged."""

        def decorate(function: ToolFunction) -> ToolFunction:
            self.register(
                function,
                kind=kind,
                name=name,
                description=description,
                untrusted_output=untrusted_output,
            )
            return function

        return decorate

    # -- lookup ---------------------------------------------------------------------------

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def get(self, name: str) -> ToolSpec:
        try:
            return self._tools[name]
        except KeyError:
            raise ToolNotFound(f"unknown tool {name!r}") from None

    def names(self, kind: ToolKind | str | None = None) -> list[str]:
        return [s.name for s in self._tools.values() if kind is None or s.kind == kind]

    def openai_schemas(self, names: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """The ``tools`` array of a chat completion request (all tools when names is None)."""
        chosen = self._tools if names is None else names
        return [self.get(name).openai_schema() for name in chosen]

    # -- calling --------------------------------------------------------------------------

    def validate(self, name: str, args: str | dict[str, Any] | None) -> tuple[ToolSpec, BaseModel]:
        """Parse and validate arguments; raises ToolNotFound or ToolArgumentsInvalid."""
        spec = self.get(name)
        if args is None or args == "":
            args = {}
        if isinstance(args, str):
            try:
                args = orjson.loads(args)
            except orjson.JSONDecodeError as exc:
                raise ToolArgumentsInvalid(
                    f"arguments of {name} are not valid JSON: {exc}"
                ) from exc
        if not isinstance(args, dict):
            raise ToolArgumentsInvalid(f"arguments of {name} must be a JSON object")
        try:
            return spec, spec.arguments.model_validate(args)
        except ValidationError as exc:
            raise ToolArgumentsInvalid(_describe_validation(name, exc)) from exc

    async def invoke(self, tool: str, context: ToolContext, /, **kwargs: Any) -> Any:
        """Validate and run a tool; its exceptions propagate (for deterministic code). The
        tool's own arguments may have any name (``name=`` included)."""
        spec, arguments = self.validate(tool, kwargs)
        return await spec.function(context, **_as_kwargs(arguments))

    async def call(
        self, name: str, args: str | dict[str, Any] | None, context: ToolContext
    ) -> ToolResult:
        """Run a tool for an LLM: every failure becomes a readable ``ToolResult``."""
        started = time.perf_counter()
        untrusted = name in self._tools and self._tools[name].untrusted_output
        try:
            spec, arguments = self.validate(name, args)
            data = await spec.function(context, **_as_kwargs(arguments))
        except ToolNotFound:
            error = f"unknown tool {name!r}; available tools: {', '.join(self._tools) or 'none'}"
            return self._failed(name, error, started, untrusted)
        except ResyncError as exc:
            return self._failed(name, exc.detail, started, untrusted)
        except Exception as exc:  # a bug in a tool must not end the conversation
            log.exception("tool_crashed", tool=name)
            return self._failed(name, f"the tool failed ({type(exc).__name__})", started, untrusted)
        content = _result_text(data)
        ms = (time.perf_counter() - started) * 1000
        log.info("tool_call", tool=name, ok=True, ms=round(ms, 1))
        return ToolResult(name, True, content, data, None, ms, untrusted)

    @staticmethod
    def _failed(name: str, error: str, started: float, untrusted: bool) -> ToolResult:
        ms = (time.perf_counter() - started) * 1000
        log.info("tool_call", tool=name, ok=False, error=error, ms=round(ms, 1))
        content = orjson.dumps({"error": error}).decode()
        return ToolResult(name, False, content, None, error, ms, untrusted)


# -- building a spec from a function ---------------------------------------------------------

_ARG_LINE = re.compile(r"^\s{2,}(\w+)\s*(?:\([^)]*\))?\s*:\s*(.+)$")


def _parse_docstring(doc: str) -> tuple[str, dict[str, str]]:
    """Summary (text before ``Args:``) and per-argument descriptions (Google style)."""
    summary_lines: list[str] = []
    args: dict[str, str] = {}
    current: str | None = None
    in_args = False
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped in ("Args:", "Arguments:", "Parameters:"):
            in_args = True
            continue
        if in_args and stripped.endswith(":") and not line.startswith(" "):
            in_args = False  # Returns:, Raises: …
        if in_args:
            match = _ARG_LINE.match(line)
            if match:
                current = match.group(1)
                args[current] = match.group(2).strip()
            elif current and stripped:
                args[current] += " " + stripped
        elif not args:
            summary_lines.append(stripped)
    summary = " ".join(part for part in summary_lines if part).strip()
    return summary, args


def _build_spec(
    function: ToolFunction,
    kind: ToolKind,
    name: str | None,
    description: str | None,
    untrusted_output: bool,
) -> ToolSpec:
    tool_name = name or function.__name__
    if not re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", tool_name):
        raise ToolRegistrationError(f"tool name {tool_name!r} is not a valid function name")
    if not inspect.iscoroutinefunction(function):
        raise ToolRegistrationError(f"tool {tool_name!r} must be an async function")
    summary, arg_docs = _parse_docstring(inspect.getdoc(function) or "")
    text = description or summary
    if not text:
        raise ToolRegistrationError(f"tool {tool_name!r} needs a description (docstring)")
    hints = get_type_hints(function)
    parameters = list(inspect.signature(function).parameters.values())
    if not parameters:
        raise ToolRegistrationError(f"tool {tool_name!r} must take the ToolContext first")
    fields: dict[str, Any] = {}
    for parameter in parameters[1:]:
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            raise ToolRegistrationError(f"tool {tool_name!r}: *args/**kwargs are not allowed")
        if parameter.name not in hints:
            raise ToolRegistrationError(
                f"tool {tool_name!r}: parameter {parameter.name!r} needs a type hint"
            )
        default = ... if parameter.default is parameter.empty else parameter.default
        fields[parameter.name] = (
            hints[parameter.name],
            Field(default, description=arg_docs.get(parameter.name)),
        )
    model_name = "".join(part.title() for part in tool_name.split("_")) + "Arguments"
    arguments = create_model(model_name, __config__=ConfigDict(extra="forbid"), **fields)
    return ToolSpec(tool_name, text, kind, function, arguments, untrusted_output)


def _as_kwargs(arguments: BaseModel) -> dict[str, Any]:
    return {name: getattr(arguments, name) for name in type(arguments).model_fields}


def _without_titles(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {
            key: _without_titles(value)
            for key, value in schema.items()
            if not (key == "title" and isinstance(value, str))
        }
    if isinstance(schema, list):
        return [_without_titles(item) for item in schema]
    return schema


def _describe_validation(name: str, exc: ValidationError) -> str:
    problems = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error.get("loc", ())) or "arguments"
        problems.append(f"{where}: {error.get('msg', 'invalid')}")
    return f"invalid arguments for {name}: " + "; ".join(problems)


def _result_text(data: Any) -> str:
    text = data if isinstance(data, str) else to_json(data, fallback=str).decode()
    if len(text) > MAX_RESULT_CHARS:
        text = text[:MAX_RESULT_CHARS] + f"… [truncated, {len(text)} characters in all]"
    return text
