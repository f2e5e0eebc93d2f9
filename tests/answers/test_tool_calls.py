"""Every tool call an answer makes is one the registry accepts, and runs on the simulator.

The answers call tools by name with keyword arguments (``tools("list_workstations",
name=...)``); a name the registry's own signature shadows, or an argument the tool does
not take, only shows when an operator asks the question. This finds every such call in
the answers' source and makes it, with the same argument names, against the real plan.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from resync.agents.tools import ToolContext
from resync.auth.schemas import AuthenticatedUser
from resync.services import Services

ANSWERS = Path(__file__).resolve().parents[2] / "src" / "resync" / "answers"

SAMPLES: dict[str, Any] = {
    "job": "PAYROLL_01",
    "job_stream": "JS_PAYROLL",
    "workstation": "AGT01",
    "name": "AGT01",
    "state": ["ABEND"],
    "window": "today",
    "limit": 5,
    "max_lines": 20,
    "query": "como reexecutar um job",
    "language": "pt",
    "code": "AWSBHT001E",
    "top": 5,
    "direction": "slower",
    "job_name": "PAYROLL_01",
    "message_ids": ["AWSBHT001E"],
    "abend_code": "S0C4",
    "return_code": 12,
    "log_text": "AWSBHT001E The job failed",
    "resource": "TAPE_DRV",
}


def _call_sites() -> list[tuple[str, str, tuple[str, ...]]]:
    """(where, tool, keyword names) of every call by name in the answers' source."""
    sites = []
    for path in sorted(ANSWERS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func, args = node.func, node.args
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            position = {"tools": 0, "invoke": 0, "tool": 1}.get(called)
            if position is None or len(args) <= position:
                continue
            name = args[position]
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                keywords = tuple(k.arg for k in node.keywords if k.arg)
                sites.append((f"{path.name}:{node.lineno}", name.value, keywords))
    return sites


def test_every_call_names_a_tool_and_its_arguments(services: Services) -> None:
    sites = _call_sites()
    assert len(sites) >= 15  # the scan itself works
    for where, tool, keywords in sites:
        assert tool in services.tools, f"{where}: no tool {tool!r}"
        fields = services.tools.get(tool).arguments.model_fields
        unknown = [k for k in keywords if k not in fields]
        assert not unknown, f"{where}: {tool} takes no {unknown}"


async def test_every_call_runs_as_the_answer_makes_it(
    services: Services, operator: AuthenticatedUser
) -> None:
    context = ToolContext(user=operator.username, extra={"user": operator}, language="pt")
    made = set()
    for where, tool, keywords in _call_sites():
        if (tool, keywords) in made or services.tools.get(tool).kind != "read":
            continue
        made.add((tool, keywords))
        arguments = {k: SAMPLES[k] for k in keywords}
        try:
            await services.tools.invoke(tool, context, **arguments)
        except Exception as exc:  # the point is which call breaks
            raise AssertionError(f"{where}: {tool}({arguments}) failed: {exc!r}") from exc
    assert ("list_workstations", ("name",)) in made


async def test_every_registered_tool_takes_each_of_its_arguments(
    services: Services, operator: AuthenticatedUser
) -> None:
    context = ToolContext(user=operator.username, extra={"user": operator}, language="pt")
    for tool in services.tools.names("read"):
        fields = services.tools.get(tool).arguments.model_fields
        arguments = {name: SAMPLES[name] for name in fields}
        await services.tools.invoke(tool, context, **arguments)
