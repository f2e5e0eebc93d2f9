"""Agent definitions and skills: the shipped ones load; broken ones fail naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from resync.agents.errors import AgentDefinitionError, AgentNotFound, LLMUnavailable
from resync.agents.llm import LLMClient
from resync.agents.manager import DEFINITIONS_DIR, AgentManager
from resync.agents.skills import SKILLS_DIR, SkillLibrary
from resync.agents.tools import STANDARD_TOOL_NAMES, ToolRegistry
from resync.agents.untrusted import UNTRUSTED_DATA_RULE
from resync.classifier.intents import RoutingMode
from tests.agents.sample_tools import sample_registry
from tests.fixtures.llm_stub import LLMStub, text, tool_call

SKILL_IDS = {
    "job_log_analysis",
    "job_management",
    "status_check",
    "workstation_monitoring",
    "performance_analysis",
    "reporting",
    "knowledge",
}
VALID = """\
id: {id}
name: Teste
role: Um agente de teste.
routing_mode: agentic
instructions: Answer briefly.
tools: [list_jobs]
"""


async def manager(
    directory: Path = DEFINITIONS_DIR,
    llm: LLMClient | None = None,
    tools: ToolRegistry | None = None,
) -> AgentManager:
    return await AgentManager.load(
        directory, tools=tools or ToolRegistry(), skills=SkillLibrary.from_directory(), llm=llm
    )


async def test_shipped_agents_cover_the_three_paths() -> None:
    agents = await manager()
    ids = {agent.id for agent in await agents.get_all_agents()}
    assert ids == {"knowledge_assistant", "operations_agent", "diagnostic_agent"}
    for mode, agent_id in [
        (RoutingMode.rag_only, "knowledge_assistant"),
        (RoutingMode.agentic, "operations_agent"),
        (RoutingMode.diagnostic, "diagnostic_agent"),
    ]:
        assert (await agents.get_agent_for_mode(mode)).id == agent_id
    diagnostic = await agents.get_agent_config("diagnostic_agent")
    assert {"get_job_log", "lookup_message", "search_similar_incidents"} <= set(diagnostic.tools)
    named = {tool for agent in await agents.get_all_agents() for tool in agent.config.tools}
    assert named == set(STANDARD_TOOL_NAMES)
    with pytest.raises(AgentNotFound):
        await agents.get_agent("nobody")


async def test_missing_tools_reports_unregistered_ones() -> None:
    agents = await manager(tools=sample_registry())
    assert "list_jobs" not in agents.missing_tools()["operations_agent"]
    assert "get_job_status" in agents.missing_tools()["operations_agent"]


def test_skills_are_real_playbooks() -> None:
    library = SkillLibrary.from_directory(SKILLS_DIR)
    assert set(library.ids()) == SKILL_IDS
    for skill_id in SKILL_IDS:
        skill = library.get(skill_id)
        assert skill.title and len(skill.body) > 600, skill_id


def test_compose_adds_playbooks_once_and_skips_unknown() -> None:
    library = SkillLibrary.from_directory()
    prompt = library.compose("Be brief.", ["job_log_analysis", "nonexistent", "job_log_analysis"])
    assert prompt.startswith("Be brief.\n\n## Playbooks for this message")
    assert prompt.count("### Análise de joblog") == 1
    assert "AWSBHT001E" in prompt
    assert library.compose("Be brief.", []) == "Be brief."


async def test_system_prompt_has_instructions_skills_and_data_rule() -> None:
    agent = await (await manager()).get_agent("operations_agent")
    prompt = agent.system_prompt(["workstation_monitoring"])
    assert prompt.startswith(agent.config.instructions.rstrip())
    assert "### Consulta de status" in prompt  # the agent's own skill
    assert "### Monitoramento de workstations" in prompt  # the message's skill
    assert prompt.endswith(UNTRUSTED_DATA_RULE)


async def test_agent_runs_its_tools_through_the_llm(llm: LLMClient, llm_stub: LLMStub) -> None:
    agents = await manager(llm=llm, tools=sample_registry())
    agent = await agents.get_agent("operations_agent")
    llm_stub.reset(tool_call("list_jobs", {"state": "ABEND"}), text("PAYROLL_01 em ABEND"))
    run = await agent.run([{"role": "user", "content": "abends?"}], skill_ids=["reporting"])
    assert run.answer == "PAYROLL_01 em ABEND" and run.tools_used == ["list_jobs"]
    first = llm_stub.requests[0]
    assert first["messages"][0]["role"] == "system"
    assert "### Relatórios" in first["messages"][0]["content"]
    assert first["temperature"] == 0.1
    # Only registered tools are offered (the sample registry lacks most of them).
    assert [t["function"]["name"] for t in first["tools"]] == [
        "list_jobs",
        "list_workstations",
        "job_history",
        "request_plan_change",
    ]


async def test_agent_without_llm_is_unavailable() -> None:
    agent = await (await manager()).get_agent("knowledge_assistant")
    with pytest.raises(LLMUnavailable):
        await agent.run([{"role": "user", "content": "oi"}])


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.yaml": "id: a\nname: [unclosed\n"}, r"a\.yaml: invalid YAML \(line \d+\)"),
        ({"a.yaml": "- just\n- a list\n"}, r"a\.yaml: expected a mapping"),
        (
            {"a.yaml": VALID.format(id="a").replace("name: Teste\n", "")},
            r"a\.yaml: field 'name': Field required",
        ),
        (
            {"a.yaml": VALID.format(id="a").replace("[list_jobs]", "[list_jobs, rm_rf]")},
            r"a\.yaml: field 'tools': unknown tool 'rm_rf' \(known: .*list_jobs",
        ),
        (
            {"a.yaml": VALID.format(id="a") + "skills: [cooking]\n"},
            r"a\.yaml: field 'skills': unknown skill 'cooking'",
        ),
        (
            {"a.yaml": VALID.format(id="a") + "temperature: 7\n"},
            r"a\.yaml: field 'temperature': Input should be less than or equal to 2",
        ),
        (
            {"a.yaml": VALID.format(id="a") + "tool_limit: 3\n"},
            r"a\.yaml: field 'tool_limit': Extra inputs are not permitted",
        ),
        (
            {"a.yaml": VALID.format(id="a").replace("agentic", "magic")},
            r"a\.yaml: field 'routing_mode': Input should be 'rag_only', 'agentic' or 'diagnostic'",
        ),
        ({"b.yaml": VALID.format(id="a")}, r"b\.yaml: field 'id': 'a' must match the file name"),
        ({}, r"no agent definitions"),
    ],
)
async def test_broken_definitions_name_file_and_field(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    with pytest.raises(AgentDefinitionError, match=message):
        await manager(tmp_path)


async def test_a_valid_custom_definition_loads(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(VALID.format(id="a") + "tool_call_limit: 2\n")
    config = await (await manager(tmp_path)).get_agent_config("a")
    assert config.tool_call_limit == 2 and config.model is None


def test_broken_skill_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "no_title.md").write_text("just text without a heading\nmore\n")
    with pytest.raises(AgentDefinitionError, match=r"no_title\.md: a skill starts with"):
        SkillLibrary.from_directory(tmp_path)
