"""Agents defined in YAML (``agents/definitions/*.yaml``), validated at load, run on demand.

An :class:`AgentConfig` says who the agent is (id, name, role, routing mode), what it is
told (instructions, default skills), what it may use (tools) and how it calls the model
(model, temperature, tool-call limit). An :class:`Agent` binds a config to the LLM
client, the tool registry and the skill library.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from resync.agents.agent_loop import AgentRun, run_agent
from resync.agents.errors import AgentDefinitionError, AgentNotFound, LLMUnavailable
from resync.agents.llm import LLMClient, Message, OnDelta
from resync.agents.skills import SkillLibrary
from resync.agents.tools import STANDARD_TOOL_NAMES, ToolContext, ToolRegistry
from resync.agents.untrusted import UNTRUSTED_DATA_RULE
from resync.classifier.intents import RoutingMode

log = structlog.get_logger(__name__)

DEFINITIONS_DIR = Path(__file__).with_name("definitions")


class AgentConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    routing_mode: RoutingMode
    instructions: str = Field(min_length=1)
    tools: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)  # always added for this agent
    model: str | None = None  # None: RESYNC_LLM_MODEL
    temperature: float = Field(0.2, ge=0, le=2)
    tool_call_limit: int | None = Field(None, ge=1, le=20)  # None: RESYNC_LLM_STEP_LIMIT


@dataclass
class Agent:
    config: AgentConfig
    llm: LLMClient | None
    tools: ToolRegistry
    skills: SkillLibrary
    step_limit: int
    time_limit: float

    @property
    def id(self) -> str:
        return self.config.id

    def system_prompt(self, skill_ids: Iterable[str] = ()) -> str:
        """Instructions + the agent's and the message's playbooks + the untrusted-data rule."""
        composed = self.skills.compose(self.config.instructions, [*self.config.skills, *skill_ids])
        return f"{composed}\n\n{UNTRUSTED_DATA_RULE}"

    def available_tools(self) -> list[str]:
        return [name for name in self.config.tools if name in self.tools]

    async def run(
        self,
        messages: Sequence[Message],
        *,
        skill_ids: Iterable[str] = (),
        context: ToolContext | None = None,
        on_delta: OnDelta | None = None,
        time_limit: float | None = None,
    ) -> AgentRun:
        """Run the tool-calling loop on ``messages`` (user/assistant turns, no system).

        Raises ``LLMUnavailable`` when no LLM is configured and any ``LLMError`` the run
        meets; the caller answers deterministically instead.
        """
        if self.llm is None:
            raise LLMUnavailable("no LLM endpoint is configured")
        tools = self.available_tools()
        if len(tools) < len(self.config.tools):
            missing = sorted(set(self.config.tools) - set(tools))
            log.warning("agent_tools_missing", agent=self.id, missing=missing)
        full = [{"role": "system", "content": self.system_prompt(skill_ids)}, *messages]
        return await run_agent(
            self.llm,
            self.tools,
            full,
            tools,
            step_limit=self.config.tool_call_limit or self.step_limit,
            time_limit=time_limit or self.time_limit,
            on_delta=on_delta,
            context=context,
            model=self.config.model,
            temperature=self.config.temperature,
        )


class AgentManager:
    def __init__(
        self,
        configs: Iterable[AgentConfig],
        *,
        tools: ToolRegistry,
        skills: SkillLibrary,
        llm: LLMClient | None,
        step_limit: int = 6,
        time_limit: float = 90.0,
    ) -> None:
        self.tools = tools
        self.skills = skills
        self.llm = llm
        self._agents = {
            config.id: Agent(config, llm, tools, skills, step_limit, time_limit)
            for config in configs
        }

    def set_limits(self, step_limit: int, time_limit: float) -> None:
        """New default limits of every agent (the settings manager changed them)."""
        for agent in self._agents.values():
            agent.step_limit = step_limit
            agent.time_limit = time_limit

    @classmethod
    async def load(
        cls,
        directory: Path = DEFINITIONS_DIR,
        *,
        tools: ToolRegistry,
        skills: SkillLibrary,
        llm: LLMClient | None,
        known_tools: Iterable[str] = STANDARD_TOOL_NAMES,
        step_limit: int = 6,
        time_limit: float = 90.0,
    ) -> AgentManager:
        """Read and validate every definition; raises AgentDefinitionError naming the file."""
        known = {*known_tools, *tools.names()}
        configs = await asyncio.to_thread(load_agent_configs, directory, known, skills.ids())
        log.info("agents_loaded", agents=list(configs))
        return cls(
            configs.values(),
            tools=tools,
            skills=skills,
            llm=llm,
            step_limit=step_limit,
            time_limit=time_limit,
        )

    async def get_agent(self, agent_id: str) -> Agent:
        try:
            return self._agents[agent_id]
        except KeyError:
            raise AgentNotFound(f"no agent {agent_id!r}") from None

    async def get_all_agents(self) -> list[Agent]:
        return list(self._agents.values())

    async def get_agent_config(self, agent_id: str) -> AgentConfig:
        return (await self.get_agent(agent_id)).config

    async def get_agent_for_mode(self, mode: RoutingMode) -> Agent:
        """The (first) agent defined for a routing mode."""
        for agent in self._agents.values():
            if agent.config.routing_mode is mode:
                return agent
        raise AgentNotFound(f"no agent for routing mode {mode.value!r}")

    def missing_tools(self) -> dict[str, list[str]]:
        """Tools each agent names that nobody has registered yet (a wiring check)."""
        missing = {
            agent.id: [name for name in agent.config.tools if name not in self.tools]
            for agent in self._agents.values()
        }
        return {agent_id: names for agent_id, names in missing.items() if names}


def load_agent_configs(
    directory: Path, known_tools: Iterable[str], known_skills: Iterable[str]
) -> dict[str, AgentConfig]:
    tools, skills = set(known_tools), set(known_skills)
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise AgentDefinitionError(f"no agent definitions (*.yaml) in {directory}")
    configs: dict[str, AgentConfig] = {}
    for path in files:
        config = _load_one(path)
        if config.id != path.stem:
            raise AgentDefinitionError(
                f"{path.name}: field 'id': {config.id!r} must match the file name {path.stem!r}"
            )
        _check_names(path, "tools", config.tools, tools, "tool")
        _check_names(path, "skills", config.skills, skills, "skill")
        configs[config.id] = config
    return configs


def _load_one(path: Path) -> AgentConfig:
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise AgentDefinitionError(f"{path.name}: invalid YAML{where}: {problem}") from exc
    if not isinstance(data, Mapping):
        raise AgentDefinitionError(f"{path.name}: expected a mapping of fields")
    try:
        return AgentConfig.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"field {'.'.join(str(p) for p in err['loc']) or '?'!r}: {err['msg']}"
            for err in exc.errors(include_url=False)
        ]
        raise AgentDefinitionError(f"{path.name}: " + "; ".join(problems)) from exc


def _check_names(path: Path, field: str, names: list[str], known: set[str], what: str) -> None:
    unknown = [name for name in names if name not in known]
    if unknown:
        raise AgentDefinitionError(
            f"{path.name}: field {field!r}: unknown {what} {unknown[0]!r} "
            f"(known: {', '.join(sorted(known))})"
        )
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise AgentDefinitionError(f"{path.name}: field {field!r}: {sorted(duplicates)[0]!r} twice")
