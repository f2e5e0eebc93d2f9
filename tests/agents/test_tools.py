"""The tool registry: schemas from type hints and docstrings, readable failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resync.agents.errors import ToolArgumentsInvalid, ToolNotFound, ToolRegistrationError
from resync.agents.tools import STANDARD_TOOL_NAMES, ToolContext, ToolKind, ToolRegistry
from tests.agents.sample_tools import sample_registry


def test_schema_comes_from_type_hints_and_docstring() -> None:
    registry = sample_registry()
    [schema] = registry.openai_schemas(["list_jobs"])
    function = schema["function"]
    assert schema["type"] == "function"
    assert function["name"] == "list_jobs"
    assert function["description"] == "List jobs of the current plan, optionally filtered."
    params = function["parameters"]
    assert params["type"] == "object"
    assert params["additionalProperties"] is False
    assert set(params["properties"]) == {"state", "workstation", "limit"}
    assert "required" not in params
    assert params["properties"]["limit"]["default"] == 50
    assert params["properties"]["workstation"]["description"] == (
        "only jobs on this workstation, for example CPU1."
    )
    assert params["$defs"]["JobState"]["enum"] == ["ABEND", "SUCC", "EXEC"]
    json.dumps(schema)  # serialisable as sent to the LLM


def test_required_parameters_and_kinds() -> None:
    registry = sample_registry()
    spec = registry.get("request_plan_change")
    assert spec.kind is ToolKind.write
    assert spec.parameters_schema()["required"] == ["action", "job_name", "justification"]
    assert registry.names(ToolKind.write) == ["request_plan_change"]
    assert "list_jobs" in registry.names(ToolKind.read)
    assert "ctx" not in json.dumps(spec.parameters_schema())


async def test_call_validates_and_returns_json_and_data() -> None:
    registry = sample_registry()
    result = await registry.call("list_jobs", '{"state": "ABEND"}', ToolContext())
    assert result.ok and result.error is None
    assert [job.name for job in result.data] == ["PAYROLL_01"]
    assert json.loads(result.content) == [
        {"name": "PAYROLL_01", "workstation": "CPU1", "state": "ABEND", "return_code": 8}
    ]


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("list_jobs", '{"state": "BROKEN"}', "state: Input should be 'ABEND', 'SUCC' or 'EXEC'"),
        ("list_jobs", '{"limit": "many"}', "limit: Input should be a valid integer"),
        ("list_jobs", '{"colour": "red"}', "colour: Extra inputs are not permitted"),
        ("list_jobs", "{not json", "not valid JSON"),
        ("list_jobs", "[1, 2]", "must be a JSON object"),
        ("get_job_log", "{}", "job_name: Field required"),
        ("drop_table", "{}", "unknown tool 'drop_table'; available tools: list_jobs"),
        ("list_workstations", "{}", "HWA is unreachable"),
        ("job_history", '{"job_name": "X"}', "the tool failed (ZeroDivisionError)"),
    ],
)
async def test_bad_calls_become_results_the_model_can_read(
    name: str, args: str, expected: str
) -> None:
    result = await sample_registry().call(name, args, ToolContext())
    assert not result.ok
    assert result.error is not None and expected in result.error
    assert expected in json.loads(result.content)["error"]


async def test_invoke_is_strict_for_deterministic_code() -> None:
    registry = sample_registry()
    context = ToolContext(user="operator1")
    approval = await registry.invoke(
        "request_plan_change", context, action="rerun", job_name="PAYROLL_01", justification="rc 8"
    )
    assert approval["status"] == "pending"
    assert context.extra["requests"] == [("rerun", "PAYROLL_01", "operator1")]
    with pytest.raises(ToolArgumentsInvalid, match="job_name"):
        await registry.invoke("request_plan_change", context, action="rerun")
    with pytest.raises(ToolNotFound):
        await registry.invoke("nope", context)


async def test_empty_arguments_are_an_empty_object() -> None:
    result = await sample_registry().call("list_jobs", "", ToolContext())
    assert result.ok and len(result.data) == 3


def test_registration_mistakes_are_refused() -> None:
    registry = ToolRegistry()

    async def undocumented(ctx: ToolContext) -> None:
        pass

    def not_async(ctx: ToolContext) -> None:
        """Sync."""

    async def untyped(ctx: ToolContext, job):  # type: ignore[no-untyped-def]
        """Untyped."""

    with pytest.raises(ToolRegistrationError, match="description"):
        registry.register(undocumented)
    with pytest.raises(ToolRegistrationError, match="async"):
        registry.register(not_async)  # type: ignore[arg-type]
    with pytest.raises(ToolRegistrationError, match="type hint"):
        registry.register(untyped)
    registry.register(undocumented, description="ok now")
    with pytest.raises(ToolRegistrationError, match="already registered"):
        registry.register(undocumented, description="twice")
    with pytest.raises(ToolNotFound):
        registry.openai_schemas(["missing"])


def test_every_standard_tool_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    missing = [name for name in STANDARD_TOOL_NAMES if f"| `{name}` |" not in readme]
    assert missing == [], "document these tools in the README's tool table"
