"""The container of long-lived objects, built once by the app's lifespan."""

from __future__ import annotations

import asyncio
import contextlib
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import structlog
from starlette.applications import Starlette

from resync.agents.llm import LLMClient, LLMMetrics
from resync.agents.manager import AgentManager
from resync.agents.skills import SkillLibrary
from resync.agents.tools import ToolRegistry
from resync.answers.agentic import AgenticHandler
from resync.answers.compose import Composer
from resync.answers.diagnostic import DiagnosticHandler
from resync.answers.knowledge import RagHandler
from resync.approvals.service import ApprovalService
from resync.approvals.tools import ApprovalTools
from resync.audit.service import AuditService
from resync.auth.passwords import Passwords
from resync.auth.service import AuthService
from resync.auth.users import UserService
from resync.chat.limits import MessageRateLimiter, SessionCounter
from resync.chat.repository import ConversationRepository
from resync.chat.service import ChatService
from resync.chat.socket import OpenSockets
from resync.classifier.classifier import IntentClassifier
from resync.classifier.intents import RoutingMode
from resync.configuration import checks
from resync.configuration.manager import SettingsManager
from resync.configuration.probes import Probes
from resync.contract.handlers import Handler
from resync.db.engine import Database
from resync.db.locks import leader_lock
from resync.db.migrate import run_migrations
from resync.errors import ResyncError
from resync.events import EventBus, build_bus
from resync.knowledge.service import KnowledgeService
from resync.knowledge.tools import KnowledgeTools
from resync.monitoring.alerts import AlertService, MonitoringMetrics
from resync.monitoring.health import HealthRegistry
from resync.monitoring.live import LiveBoard
from resync.monitoring.poller import Poller
from resync.monitoring.rules import RuleSettings
from resync.monitoring.tools import MonitoringTools
from resync.monitoring.watches import NOTIFICATIONS, WatchService
from resync.notifications.incoming import TeamsInbox
from resync.notifications.service import NotificationService
from resync.observability.metrics import Metrics
from resync.plan.tools import PlanTools
from resync.review.service import ReviewService
from resync.routing.decisions import DecisionRecorder
from resync.routing.router import HybridRouter
from resync.settings import Settings
from resync.tws.client import HWAClient
from resync.tws.provider import build_hwa

log = structlog.get_logger(__name__)


@dataclass
class Services:
    settings: Settings
    metrics: Metrics
    db: Database
    health: HealthRegistry = field(default_factory=HealthRegistry)
    exit_stack: AsyncExitStack = field(default_factory=AsyncExitStack)
    tools: ToolRegistry = field(default_factory=ToolRegistry)
    llm: LLMClient | None = None  # None: no LLM configured, deterministic answers
    llm_metrics: LLMMetrics = field(init=False)
    agents: AgentManager = field(init=False)
    decisions: DecisionRecorder = field(init=False)
    tws: HWAClient = field(init=False)
    simulator: Starlette | None = None  # the embedded HWA engine when RESYNC_HWA_URL is empty
    knowledge: KnowledgeService = field(init=False)
    bus: EventBus = field(init=False)
    audit: AuditService = field(init=False)
    auth: AuthService = field(init=False)
    users: UserService = field(init=False)
    approvals: ApprovalService = field(init=False)
    router: HybridRouter = field(init=False)
    chat: ChatService = field(init=False)
    chat_limiter: MessageRateLimiter = field(init=False)
    chat_sessions: SessionCounter = field(init=False)
    alerts: AlertService = field(init=False)
    poller: Poller = field(init=False)
    watches: WatchService = field(init=False)
    chat_sockets: OpenSockets = field(default_factory=OpenSockets)
    settings_manager: SettingsManager = field(init=False)
    probes: Probes = field(default_factory=Probes)
    review: ReviewService = field(init=False)
    notifications: NotificationService = field(init=False)
    teams_inbox: TeamsInbox = field(init=False)
    live_board: LiveBoard = field(init=False)

    @classmethod
    async def start(cls, settings: Settings, metrics: Metrics) -> Services:
        db = Database(settings.database_url)
        services = cls(settings=settings, metrics=metrics, db=db)
        services.exit_stack.push_async_callback(db.close)
        try:
            await run_migrations(db)
            services.health.register("database", services._check_database)
            await services._start_agents()
            await services._start_decisions()
            hwa = build_hwa(settings, metrics.registry)
            services.tws, services.simulator = hwa.client, hwa.simulator
            services.exit_stack.push_async_callback(hwa.client.aclose)
            services.health.register("hwa", services._check_hwa, required=False)
            services.knowledge = await KnowledgeService.start(settings, db)
            services.exit_stack.push_async_callback(services.knowledge.close)
            services.health.register("knowledge_base", services.knowledge.health)
            await services._start_auth()
            await services._start_approvals()
            services._start_monitoring()
            services._start_router()  # the answers use every service above
            services._start_chat()
            await services._start_configuration()
            services.review = ReviewService(db, services.knowledge.incidents, services.audit)
            await services._start_notifications()
        except BaseException:
            await services.close()
            raise
        log.info("services_started", database=db.safe_url())
        return services

    def _start_router(self) -> None:
        """The tools, each bound to its service, and one answer handler per routing mode."""
        settings = self.settings
        PlanTools(self.tws).register(self.tools)
        KnowledgeTools(self.knowledge).register(self.tools)
        ApprovalTools(self.approvals).register(self.tools)
        composer = Composer(self.llm, self.agents, self.tools, self.llm_metrics)
        teams = bool(settings.teams_webhook_url.get_secret_value().strip())
        handlers: dict[RoutingMode, Handler] = {
            RoutingMode.rag_only: RagHandler(self.tools, composer),
            RoutingMode.agentic: AgenticHandler(
                self.tools,
                composer,
                self.approvals,
                four_eyes=bool(settings.approvals_four_eyes),
                teams_configured=teams,
            ),
            RoutingMode.diagnostic: DiagnosticHandler(self.tws, self.tools, composer),
        }
        self.router = HybridRouter(
            IntentClassifier(),
            handlers,
            self.decisions,
            catalogue=self.knowledge.catalogue,
            handler_timeout=settings.routing_handler_timeout,
        )

    def _start_chat(self) -> None:
        settings = self.settings
        conversations = ConversationRepository(self.db)
        self.chat = ChatService(conversations, self.router)
        bus = self.bus

        async def notify(watch: dict[str, Any], notification: dict[str, Any]) -> None:
            """A watch fired: every open chat socket of its owner, and its conversation."""
            await bus.publish(NOTIFICATIONS, notification)
            if watch["conversation_id"]:
                message = {"role": "assistant", "text": notification["text"]}
                with contextlib.suppress(ResyncError):  # the conversation was deleted
                    await conversations.add_messages(
                        watch["conversation_id"], watch["owner"], [message]
                    )

        self.watches.notify.append(notify)
        redis = getattr(self.bus, "client", None)  # the Redis bus's client: shared limits
        self.chat_limiter = MessageRateLimiter(settings.chat_messages_per_minute, redis=redis)
        self.chat_sessions = SessionCounter(settings.chat_max_sessions_per_user, redis=redis)
        self.exit_stack.push_async_callback(self.chat_sessions.close)

    async def _start_agents(self) -> None:
        settings = self.settings
        self.llm_metrics = LLMMetrics(self.metrics.registry)
        self.llm = LLMClient.from_settings(settings, self.llm_metrics)
        if self.llm is not None:
            self.exit_stack.push_async_callback(self.llm.aclose)
            self.health.register("llm", self.llm.ping, required=False, timeout=5.0)
        self.agents = await AgentManager.load(
            tools=self.tools,
            skills=SkillLibrary.from_directory(),
            llm=self.llm,
            step_limit=settings.llm_step_limit,
            time_limit=settings.llm_agent_timeout,
        )

    async def _start_decisions(self) -> None:
        self.decisions = DecisionRecorder(
            self.metrics.registry,
            self.db,
            retention_days=self.settings.routing_decisions_retention_days,
        )
        await self.decisions.start()
        self.exit_stack.push_async_callback(self.decisions.stop)

    async def _start_auth(self) -> None:
        """Event bus, audit log, users and authentication (and the first admin)."""
        self.bus = build_bus(self.settings.redis_url)
        self.exit_stack.push_async_callback(self.bus.close)
        # Not required: without Redis the chat answers, fan-out and limits go per process.
        self.health.register("event_bus", self._check_bus, core=False, required=False)
        self.audit = AuditService(self.db)
        passwords = await asyncio.to_thread(Passwords)
        self.auth = AuthService(self.settings, self.db, self.audit, passwords)
        self.users = UserService(self.settings, self.db, self.audit, passwords)
        await self.users.ensure_first_admin()

    async def _start_approvals(self) -> None:
        """Plan changes through approvals; requests a dead process left executing are flagged."""
        self.approvals = ApprovalService(self.settings, self.db, self.tws, self.bus, self.audit)
        await self.approvals.start()
        expiry = asyncio.create_task(self.approvals.run_expiry(), name="approvals-expiry")

        async def stop_expiry() -> None:  # before the database closes under it
            expiry.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await expiry

        self.exit_stack.push_async_callback(stop_expiry)

    def _start_monitoring(self) -> None:
        """The alert store, and the poller (under the leader lock: one per deployment)."""
        settings = self.settings
        monitoring_metrics = MonitoringMetrics(self.metrics.registry)
        self.alerts = AlertService(self.db, self.audit, monitoring_metrics)
        rules = RuleSettings(settings.monitoring_prompt_minutes, settings.critical_streams)
        self.poller = Poller(
            self.tws, self.alerts, rules, settings.monitoring_poll_seconds, self.bus
        )
        self.watches = WatchService(self.db, self.tws)
        self.poller.listeners.append(self.watches.evaluate)
        MonitoringTools(self.watches, self.alerts).register(self.tools)
        self.live_board = LiveBoard(self.bus)
        board_task = asyncio.create_task(self.live_board.run(), name="monitoring-board")

        async def stop_board() -> None:
            board_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await board_task

        self.exit_stack.push_async_callback(stop_board)
        if not settings.monitoring_enabled:
            return
        engine = self.db.engine
        task = asyncio.create_task(
            self.poller.run(lambda: leader_lock(engine, "resync-monitoring-poller")),
            name="monitoring-poller",
        )

        async def stop_poller() -> None:  # before the database closes under it
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

        self.exit_stack.push_async_callback(stop_poller)

    async def _start_configuration(self) -> None:
        """The settings manager (changes applied to the live objects below) and the
        connection tests of the admin console."""
        self.settings_manager = SettingsManager(self.settings, self.db, self.bus, self.audit)
        self.settings_manager.on_change(self._apply_settings)
        await self.settings_manager.start()
        self.exit_stack.push_async_callback(self.settings_manager.stop)
        probes = self.probes
        probes.register("hwa", checks.hwa_check(self.tws))
        probes.register("llm", checks.llm_check(self.llm))
        probes.register("embeddings", checks.embeddings_check(self.knowledge.embeddings))
        probes.register("database", checks.database_check(self.db))
        probes.register("redis", checks.redis_check(self.settings.redis_url))

    def _apply_settings(self, settings: Settings) -> None:
        """Copy the run-time settings into the objects that hold their own copy."""
        self.tws.cache.ttl = settings.hwa_cache_ttl
        self.tws.http.reconfigure(
            connect_timeout=settings.hwa_connect_timeout,
            read_timeout=settings.hwa_read_timeout,
            read_retries=settings.hwa_read_retries,
            breaker_threshold=settings.hwa_breaker_threshold,
            breaker_reset=settings.hwa_breaker_reset,
        )
        if self.llm is not None:
            self.llm.model = settings.llm_model
            self.llm.timeout = settings.llm_timeout
            self.llm.connect_timeout = min(settings.llm_connect_timeout, settings.llm_timeout)
            self.llm.max_tokens = settings.llm_max_tokens
        self.agents.set_limits(settings.llm_step_limit, settings.llm_agent_timeout)
        self.router.handler_timeout = settings.routing_handler_timeout
        self.chat_limiter.per_minute = settings.chat_messages_per_minute
        self.chat_sessions.per_user = settings.chat_max_sessions_per_user
        self.approvals.ttl = timedelta(seconds=settings.approvals_ttl_seconds)
        limits = self.knowledge.ingestor.limits
        limits.chunk_chars = settings.knowledge_chunk_chars
        limits.chunk_overlap = settings.knowledge_chunk_overlap

    async def _start_notifications(self) -> None:
        """Teams: approvals (from the bus) and alerts as cards, through the outbox."""
        self.notifications = NotificationService(
            self.settings, self.db, self.bus, self.metrics.registry
        )
        await self.notifications.start()
        self.exit_stack.push_async_callback(self.notifications.stop)
        self.teams_inbox = TeamsInbox(
            self.settings, self.db, self.chat, self.users, self.notifications
        )
        self.exit_stack.push_async_callback(self.teams_inbox.stop)

    async def _check_bus(self) -> dict[str, str]:
        await self.bus.ping()
        return {"kind": type(self.bus).__name__}

    async def _check_database(self) -> dict[str, str]:
        await self.db.ping()
        return {"dialect": self.db.dialect}

    async def _check_hwa(self) -> dict[str, Any]:
        info = await self.tws.engine_info(cached=False)
        return {
            "engine": info.engine_name,
            "version": info.version,
            "host": info.host,
            "simulated": info.simulated,
            "breaker": self.tws.http.breaker.state.value,
        }

    async def close(self) -> None:
        await self.exit_stack.aclose()
        log.info("services_stopped")
