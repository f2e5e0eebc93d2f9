"""Plan change requests: rerun, cancel, kill, hold, release, confirm, submit → an approval.

Never a direct HWA write: the target is resolved against the plan, the justification is
taken from the message (or asked for), and ``request_plan_change`` creates an approval
request a person must approve.
"""

from __future__ import annotations

from dataclasses import dataclass

from resync.answers.names import missing_job
from resync.answers.toolbox import Asked, Toolbox
from resync.approvals.actions import PROMPT_REPLIES, RULES, unfit_reason
from resync.approvals.errors import DuplicateRequest
from resync.approvals.service import MIN_JUSTIFICATION
from resync.auth.roles import Role
from resync.auth.schemas import AuthenticatedUser
from resync.classifier.actions import ACTIONS, Action
from resync.contract.context import Question, asking
from resync.contract.handlers import HandlerReply, HandlerRequest
from resync.contract.result import ActionPart
from resync.errors import ResyncError, detail_in
from resync.plan.schemas import JobLookup, WorkstationRow

RISK_PT = {"low": "baixo", "medium": "médio", "high": "alto"}


@dataclass(frozen=True)
class ChangeAsk:
    action: Action | None
    justification: str


def read_change(request: HandlerRequest) -> ChangeAsk:
    """The action and the justification the classifier read in the message."""
    found = request.classification.action
    return ChangeAsk(Action(found) if found else None, request.classification.justification)


def verb(request: HandlerRequest, action: Action) -> str:
    words = ACTIONS[action]
    return request.say(words.pt, words.en)


def refused(request: HandlerRequest, part: ActionPart, text: str) -> HandlerReply:
    return HandlerReply(text, [part])


async def answer_change(request: HandlerRequest, tools: Toolbox) -> HandlerReply:
    ask = read_change(request)
    asked = Asked.of(request)
    if ask.action is None:
        return HandlerReply(
            request.say(
                "Qual mudança você quer pedir? Reexecutar, cancelar, matar, segurar (hold), "
                "liberar, confirmar SUCC/ABEND, responder um prompt ou submeter um job stream "
                "— e em qual job.",
                "Which change do you want to request? Rerun, cancel, kill, hold, release, "
                "confirm SUCC/ABEND, reply to a prompt or submit a job stream — and on which "
                "job.",
            )
        )
    action = ask.action
    target = (asked.stream if action is Action.submit else asked.job) or asked.job or asked.stream
    part = ActionPart(action=action.value, target=target or "", justification=ask.justification)
    user = request.context.user
    if not isinstance(user, AuthenticatedUser):
        part.status = "not_allowed"
        return refused(
            request,
            part,
            request.say(
                "Daqui não é possível pedir mudanças no plano: não há um usuário identificado "
                "(linha de comando). Entre no Resync com um usuário operator e peça de novo; "
                "o pedido passa por aprovação.",
                "Plan changes cannot be requested from here: there is no signed-in user "
                "(command line). Sign in to Resync as an operator and ask again; the request "
                "goes through approval.",
            ),
        )
    if not user.role.includes(Role.operator):
        part.status = "not_allowed"
        return refused(
            request,
            part,
            request.say(
                f"Seu perfil ({user.role}) permite consultar o plano, mas não pedir mudanças. "
                "Peça a um operador.",
                f"Your role ({user.role}) can read the plan but not request changes. "
                "Ask an operator.",
            ),
        )
    workstation = asked.workstation
    if not target and workstation and action is not Action.submit:
        # "kill WIN_REP_01": a job name that reads as a workstation the plan does not have
        known: list[WorkstationRow] = await tools("list_workstations", name=workstation)
        if not known:
            target, workstation = workstation, None
            part.target = target
    if not target:
        what = "job stream" if action is Action.submit else "job"
        return HandlerReply(
            request.say(
                f"Em qual {what} devo pedir para {verb(request, action)}? Diga o nome "
                "(ou WS#STREAM.JOB).",
                f"Which {what} should I request to {verb(request, action)}? Give its name "
                "(or WS#STREAM.JOB).",
            ),
            [part],
            asks=asking(Question.target, action.value, ask.justification),
        )
    described = target
    if action is not Action.submit:
        lookup: JobLookup = await tools(
            "get_job_status", job=target, job_stream=asked.stream, workstation=workstation
        )
        if lookup.job is None:
            reply = await missing_job(request, tools, lookup, action.value)
            part.status = "target_not_found" if not lookup.candidates else "ambiguous"
            reply.parts.append(part)
            return reply
        job = lookup.job
        part.target = job.full_name
        described = f"{job.full_name} ({request.say('agora em', 'now')} {job.state}"
        described += f", rc {job.return_code})" if job.return_code is not None else ")"
        reason = unfit_reason(action, job.state)
        if reason:
            part.status = "not_applicable"
            accepted = ", ".join(sorted(RULES[action].fits))
            return refused(
                request,
                part,
                request.say(
                    f"Não dá para {verb(request, action)} {job.full_name}: ele está em "
                    f"{job.state} (a ação vale para {accepted}).",
                    f"I cannot request to {verb(request, action)} {job.full_name}: it is "
                    f"{job.state} (the action applies to {accepted}).",
                ),
            )
        if action in PROMPT_REPLIES and not any(w.kind == "prompt" for w in lookup.waits_on):
            part.status = "not_applicable"
            return refused(
                request,
                part,
                request.say(
                    f"{job.full_name} não espera resposta de nenhum prompt agora "
                    f"({job.state}): não há o que responder.",
                    f"{job.full_name} is not waiting on any prompt now ({job.state}): there "
                    "is nothing to reply to.",
                ),
            )
        target_id = job.id
    else:
        target_id = target
    if len(ask.justification) < MIN_JUSTIFICATION:
        part.status = "needs_justification"
        if tools.approvals is not None and action is not Action.submit:
            concerns = await tools.approvals.second_opinion(action.value, target_id)
            part.warnings = [str(c["en" if request.language == "en" else "pt"]) for c in concerns]
        return HandlerReply(
            request.say(
                f"Para pedir para {verb(request, action)} {described} preciso de uma "
                "justificativa: qual a justificativa?",
                f"To request to {verb(request, action)} {described} I need a justification: "
                "what is the justification?",
            )
            + second_opinion_text(request, part),
            [part],
            asks=asking(Question.justification, action.value, target=part.target),
        )
    try:
        approval = await tools(
            "request_plan_change",
            action=action.value,
            target=target_id,
            justification=ask.justification,
        )
    except DuplicateRequest as exc:
        return duplicate(request, part, described, exc)
    except ResyncError as exc:
        part.status = "refused"
        return refused(
            request,
            part,
            request.say(
                f"O pedido para {verb(request, action)} {described} não foi criado: "
                + detail_in(exc, "pt"),
                f"The request to {verb(request, action)} {described} was not created: "
                + detail_in(exc, "en"),
            ),
        )
    part.approval_id = str(approval["id"])
    part.status = str(approval["status"])
    part.risk = str(approval["risk"])
    part.warnings = [
        str(w["en" if request.language == "en" else "pt"]) for w in approval["warnings"]
    ]
    who = request.say("outro operador", "another operator")
    if not tools.four_eyes:
        who = request.say("um operador", "an operator")
    text = request.say(
        f"Pedido de aprovação #{part.approval_id} criado: **{verb(request, action)}** "
        f"{described}, risco {RISK_PT.get(part.risk, part.risk)}. Justificativa: "
        f"“{ask.justification}”. Nada mudou no plano ainda: a ação só é executada depois que "
        f"{who} aprovar.",
        f"Approval request #{part.approval_id} created: **{verb(request, action)}** "
        f"{described}, {part.risk} risk. Justification: “{ask.justification}”. Nothing has "
        f"changed in the plan yet: the action runs only after {who} approves it.",
    )
    text += second_opinion_text(request, part)
    return HandlerReply(text, [part], approval=approval)


def second_opinion_text(request: HandlerRequest, part: ActionPart) -> str:
    """The concerns of the change, as a list after the answer ("" when none)."""
    if not part.warnings:
        return ""
    head = request.say(
        "\n\n**Segunda opinião** — antes de aprovar:",
        "\n\n**Second opinion** — before approving:",
    )
    return head + "".join(f"\n- {warning}" for warning in part.warnings)


def duplicate(
    request: HandlerRequest, part: ActionPart, described: str, exc: DuplicateRequest
) -> HandlerReply:
    """A pending request for the same change exists: point to it, create nothing."""
    existing = exc.extra["existing"]
    who = exc.extra.get("requester", "")
    part.approval_id, part.status = str(existing), "duplicate"
    return HandlerReply(
        request.say(
            f"Já existe o pedido de aprovação #{existing} pendente para "
            f"**{verb(request, part_action(part))}** {described} (pedido por {who}). Não criei "
            "outro: decida (ou acompanhe) esse pedido.",
            f"Approval request #{existing} for **{verb(request, part_action(part))}** "
            f"{described} is already pending (requested by {who}). I did not create another: "
            "decide (or follow) that one.",
        ),
        [part],
    )


def part_action(part: ActionPart) -> Action:
    return Action(part.action)
