"""Operator scenarios: what is set up in the plan, what is asked, and what must be true.

A scenario file is a YAML list (or a directory of YAML lists) of::

    - name: abends-hoje
      category: failures          # the score is kept per category
      role: operator              # viewer | operator | admin (default operator)
      setup:                      # optional, applied to the simulated plan first
        - advance: 3600           # move the engine's clock (seconds)
        - rerun: LOAD_FILES       # or hold / release / cancel / kill / succeed / reply
        - fault: 503              # every later request to HWA answers this HTTP status
      turns:                      # one or more messages of one conversation
        - ask: quais jobs abendaram hoje?
          expect:
            jobs: [failed]        # every job of these facts appears in the answer
            no_jobs: [recovered]  # no job of these facts appears
            count: failed         # the fact's size appears as a number
            language: pt
            pure: true            # no sentence, word or raw code of the other language
        - ask: reroda o PAYROLL_01
          expect: {asks: justification}   # the answer asks the operator for this
        - ask: pq o banco voltou
          expect: {approval: created, justification: o banco voltou}

Facts are computed from the engine at the moment of the turn (``scenarios.facts``), never
from Resync's own plan reading, so an answer is checked against the truth, not against
itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Role = Literal["viewer", "operator", "admin"]
PLAN_ACTIONS = ("rerun", "hold", "release", "cancel", "kill", "succeed", "reply")


class InvalidScenarios(ValueError):
    """A scenario file cannot be read or a scenario is malformed."""


class Step(BaseModel):
    """One change to the plan before the turns: a clock move or an action on a job."""

    model_config = ConfigDict(extra="forbid")

    advance: float | None = Field(None, gt=0, description="seconds to move the clock")
    rerun: str | None = None
    hold: str | None = None
    release: str | None = None
    cancel: str | None = None
    kill: str | None = None
    succeed: str | None = Field(None, description="confirm the job SUCC")
    reply: str | None = Field(None, description="answer the job's prompt yes")
    fault: int | None = Field(None, ge=400, le=599, description="HWA answers this status")

    @model_validator(mode="after")
    def _one_thing(self) -> Step:
        chosen = [name for name in ("advance", "fault", *PLAN_ACTIONS) if getattr(self, name)]
        if len(chosen) != 1:
            raise ValueError(f"a setup step does one thing, got {chosen or 'nothing'}")
        return self

    @property
    def action(self) -> tuple[str, str] | None:
        for name in PLAN_ACTIONS:
            job = getattr(self, name)
            if job:
                return name, job
        return None


class Expect(BaseModel):
    """What the answer to one turn must satisfy (every field given is checked)."""

    model_config = ConfigDict(extra="forbid")

    jobs: list[str] = Field(default_factory=list, description="facts whose jobs all appear")
    no_jobs: list[str] = Field(default_factory=list, description="facts whose jobs never appear")
    count: str | None = Field(None, description="a fact whose size appears as a number")
    mentions: list[str | list[str]] = Field(
        default_factory=list, description="each: a text (or any of a list) that must appear"
    )
    absent: list[str] = Field(default_factory=list, description="texts that must not appear")
    cause: str | None = Field(None, description="a job: the cause its own log shows")
    state: str | None = Field(None, description="a job: its current state appears")
    language: Literal["pt", "en"] | None = None
    pure: bool = Field(False, description="with language: nothing of the other language")
    asks: Literal["justification", "target", "confirmation", "suggestion"] | None = Field(
        None, description="the question the answer asks the operator (the next turn answers)"
    )
    approval: Literal["created", "none"] | None = None
    approval_action: str | None = None
    approval_target: str | None = Field(None, description="a job the new approval targets")
    justification: str | None = Field(None, description="text the approval's reason holds")
    part: Literal["table", "log", "card", "action", "export", "citations"] | None = None
    intent: str | None = None
    degraded: bool = Field(False, description="HWA is made to fail: a fallback must answer")

    @model_validator(mode="after")
    def _pure_needs_language(self) -> Expect:
        if self.pure and self.language is None:
            raise ValueError("pure checks the answer's language: give language too")
        return self


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ask: str = Field(min_length=1)
    role: Role | None = None  # default: the scenario's
    expect: Expect = Field(default_factory=Expect)


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    category: str = Field(min_length=1)
    role: Role = "operator"
    setup: list[Step] = Field(default_factory=list)
    turns: list[Turn] = Field(min_length=1)


def load_scenarios(path: Path) -> list[Scenario]:
    """The scenarios of a YAML file, or of every ``*.yaml`` file of a directory."""
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise InvalidScenarios(f"{path}: no scenario files")
    scenarios: list[Scenario] = []
    for file in files:
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise InvalidScenarios(f"{file}: {exc}") from exc
        if not isinstance(data, list):
            raise InvalidScenarios(f"{file}: expected a list of scenarios")
        for index, item in enumerate(data):
            try:
                scenarios.append(Scenario.model_validate(item))
            except ValidationError as exc:
                label = item.get("name", index) if isinstance(item, dict) else index
                raise InvalidScenarios(f"{file}: scenario {label}: {exc}") from exc
    names = [scenario.name for scenario in scenarios]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InvalidScenarios(f"{path}: duplicate scenario names: {', '.join(duplicates)}")
    return scenarios
