"""Running scenarios through the chat, each on a fresh copy of the simulated plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.applications import Starlette

from resync.approvals.service import ApprovalService
from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser
from resync.auth.users import UserService
from resync.chat.service import ChatService
from resync.errors import ResyncError
from resync.scenarios.checks import Answer, check, flatten
from resync.scenarios.facts import PlanFacts, UnknownFact
from resync.scenarios.model import Scenario, Step
from resync.tws.models import JobState
from resync.tws.simulator import actions
from resync.tws.simulator.app import Fault
from resync.tws.simulator.clock import SimulatedClock
from resync.tws.simulator.engine import PlanEngine
from resync.tws.simulator.model import SimJob

PASSWORD = "scenario-pass-123"  # the users of a throwaway evaluation database
FAULT_REQUESTS = 10_000  # a fault step: HWA fails every request for the rest of the scenario


@dataclass
class TurnOutcome:
    ask: str
    answer: str
    intent: str
    problems: list[str]


@dataclass
class ScenarioOutcome:
    scenario: Scenario
    turns: list[TurnOutcome] = field(default_factory=list)
    error: str = ""  # the scenario could not run (a bad setup step, an unknown fact)

    @property
    def passed(self) -> bool:
        return not self.error and all(not turn.problems for turn in self.turns)


class ScenarioRunner:
    """Runs each scenario on the plan as the seed makes it, with the clock held still."""

    def __init__(
        self,
        chat: ChatService,
        users: UserService,
        approvals: ApprovalService,
        simulator: Starlette,
        forget_cache: Callable[[], None],
    ) -> None:
        self.chat = chat
        self.users = users
        self.approvals = approvals
        self.state = simulator.state.simulator
        self.forget_cache = forget_cache
        self.seed = self.state.engine.seed
        self.start = self.state.engine.clock.start
        self.people: dict[str, AuthenticatedUser] = {}

    async def run(
        self, scenarios: list[Scenario], progress: Callable[[ScenarioOutcome], None] | None = None
    ) -> list[ScenarioOutcome]:
        outcomes = []
        for scenario in scenarios:
            outcome = await self.run_one(scenario)
            if progress is not None:
                progress(outcome)
            outcomes.append(outcome)
        return outcomes

    async def run_one(self, scenario: Scenario) -> ScenarioOutcome:
        outcome = ScenarioOutcome(scenario)
        engine = await self._fresh_plan()
        try:
            for step in scenario.setup:
                if step.fault:
                    self.state.faults.append(Fault(status=step.fault, count=FAULT_REQUESTS))
                else:
                    _apply(engine, step)
        except (UnknownFact, actions.ActionRefused) as exc:
            outcome.error = f"setup: {exc}"
            return outcome
        self.forget_cache()
        conversation: str | None = None
        for turn in scenario.turns:
            user = await self._person(turn.role or scenario.role)
            facts = PlanFacts(engine)
            before = {request.id for request in await self.approvals.list("pending", 500)}
            try:
                reply = await self.chat.handle(turn.ask, user, conversation, source="eval")
            except ResyncError as exc:
                outcome.turns.append(TurnOutcome(turn.ask, "", "", [f"refused: {exc.detail}"]))
                break
            conversation = reply.conversation_id
            result = reply.json_form
            created = [
                request.model_dump(mode="json")
                for request in await self.approvals.list("pending", 500)
                if request.id not in before
            ]
            answer = Answer(str(result.get("answer", "")), flatten(result), result, created)
            try:
                problems = check(turn.expect, answer, facts)
            except UnknownFact as exc:
                outcome.error = f"expectation: {exc}"
                return outcome
            outcome.turns.append(
                TurnOutcome(turn.ask, answer.text, str(result.get("intent")), problems)
            )
        return outcome

    async def _fresh_plan(self) -> PlanEngine:
        """The seed's plan at the evaluation's start, and no request left pending."""
        admin = await self._person("admin")
        for request in await self.approvals.list("pending", 500):
            await self.approvals.reject(request.id, admin, "scenario finished")
        self.state.faults.clear()
        self.state.engine = PlanEngine(self.seed, SimulatedClock(self.start, speed=0))
        self.forget_cache()
        return self.state.engine

    async def _person(self, role: str) -> AuthenticatedUser:
        if role not in self.people:
            username = f"scenario-{role}"
            try:
                found = await self.users.get(username)
            except ResyncError:
                found = await self.users.add(username, PASSWORD, Role(role), actor=None)
            self.people[role] = AuthenticatedUser(
                id=found.id, username=found.username, role=found.role
            )
        return self.people[role]


def _job(engine: PlanEngine, name: str) -> SimJob:
    for job in engine.jobs.values():
        if job.last_in_chain and job.name == name.upper():
            return job
    raise UnknownFact(f"no job {name!r} in the plan")


def _apply(engine: PlanEngine, step: Step) -> None:
    if step.advance:
        engine.clock.advance(step.advance)
        engine.sync()
        return
    action = step.action
    assert action is not None  # a step does exactly one thing (validated)
    name, job_name = action
    job = _job(engine, job_name)
    if name == "rerun":
        actions.rerun(engine, job)
    elif name == "hold":
        actions.hold(engine, job)
    elif name == "release":
        actions.release(engine, job)
    elif name == "cancel":
        actions.cancel(engine, job)
    elif name == "kill":
        actions.kill(engine, job)
    elif name == "succeed":
        actions.confirm(engine, job, JobState.SUCC.value)
    elif name == "reply":
        actions.reply_prompt(engine, job, yes=True)
