"""What every agentic answer starts from: the tools it calls and what the message names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from resync.agents.tools import ToolContext, ToolRegistry
from resync.approvals.service import ApprovalService
from resync.classifier.intents import IntentClassification
from resync.contract.handlers import HandlerRequest
from resync.plan.text import zone_of

# The operating system the workstations of a platform a message names report
# (``WorkstationRow.os``), by the classifier's topic for that platform.
PLATFORMS = {"platform_zos": "ZOS", "platform_windows": "WNT", "platform_linux": "UNIX"}


@dataclass
class Toolbox:
    """Calls plan tools through the shared registry and remembers which it used."""

    request: HandlerRequest
    registry: ToolRegistry
    approvals: ApprovalService | None = None  # pending requests for the shift summary
    four_eyes: bool = True  # an approver other than the requester
    teams_configured: bool = False  # alerts reach a Teams channel
    used: list[str] = field(default_factory=list)
    context: ToolContext = field(init=False)

    def __post_init__(self) -> None:
        self.context = self.request.tool_context()

    async def __call__(self, tool: str, /, **kwargs: Any) -> Any:
        if tool not in self.used:
            self.used.append(tool)
        return await self.registry.invoke(tool, self.context, **kwargs)


@dataclass(frozen=True)
class Asked:
    """The objects, filters and window a message names (entities, or the previous turn's)."""

    job: str | None
    stream: str | None
    workstation: str | None
    states: tuple[str, ...]
    window: str | None
    classification: IntentClassification

    @classmethod
    def of(cls, request: HandlerRequest) -> Asked:
        """What the classification read (follow-ups already carry the earlier objects)."""
        entities = request.entities

        def first(kind: str) -> str | None:
            values = entities.get(kind)
            return values[0].upper() if values else None

        return cls(
            job=first("job_name"),
            stream=first("job_stream"),
            workstation=first("workstation"),
            states=tuple(s.upper() for s in entities.get("status") or ()),
            window=request.classification.window,
            classification=request.classification,
        )

    def mentions(self, topic: str) -> bool:
        """Whether the message names ``topic`` (``resync.classifier.topics.TOPICS``)."""
        return self.classification.mentions(topic)


def zone(result: Any) -> ZoneInfo:
    """The display zone a tool result names (``time_zone``), UTC otherwise."""
    return zone_of(getattr(result, "time_zone", "UTC"))
