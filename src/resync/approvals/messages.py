"""What approvals say when they refuse, by code and parameters, in Portuguese and English.

An error is raised with :func:`refusal`: its ``detail`` is the Portuguese text (as the API
always answered), and its extra fields carry the code (``message``), the ``params`` and
the English text (``detail_en``), so the chat and the page show it in the reader's
language (:func:`resync.errors.detail_in`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from resync.errors import ResyncError

E = TypeVar("E", bound=ResyncError)

MESSAGES: dict[str, tuple[str, str]] = {
    "justification_required": (
        "a justificativa é obrigatória (diga por que a mudança é necessária)",
        "a justification is required (say why the change is needed)",
    ),
    "unfit_state": (
        "{job}: não é possível {verb_pt} um job em {state} (estados aceitos: {allowed})",
        "{job}: cannot {verb_en} a job in {state} (accepted states: {allowed})",
    ),
    "no_prompt": (
        "{job} não espera resposta de nenhum prompt agora (nada a responder)",
        "{job} is not waiting on any prompt now (nothing to reply to)",
    ),
    "duplicate_request": (
        "já existe o pedido #{existing} pendente para {action} {target} (pedido por "
        "{requester}): decida esse pedido",
        "request #{existing} for {action} {target} is already pending (requested by "
        "{requester}): decide that one",
    ),
    "not_found": ("pedido {id} não existe", "request {id} does not exist"),
    "four_eyes": (
        "quem pediu a mudança não pode aprová-la (quatro olhos)",
        "whoever requested the change cannot approve it (four eyes)",
    ),
    "reject_comment": (
        "diga por que o pedido foi rejeitado (comentário obrigatório)",
        "say why the request is rejected (a comment is required)",
    ),
    "recheck_only_unknown": (
        "pedido {id} está {status}; re-check só resolve pedidos com resultado desconhecido",
        "request {id} is {status}; re-check only resolves requests with an unknown outcome",
    ),
    "expired": (
        "pedido {id} expirou sem decisão; crie um novo pedido",
        "request {id} expired without a decision; create a new request",
    ),
    "already_decided": (
        "pedido {id} já está {status_pt}{by_pt}",
        "request {id} is already {status}{by_en}",
    ),
    "role_required": (
        "é preciso o papel operator para {what_pt}",
        "the operator role is needed to {what_en}",
    ),
    "not_a_job": (
        "{text!r} não é um job: informe o nome, WS#STREAM.JOB ou o id do plano",
        "{text!r} is not a job: give its name, WS#STREAM.JOB or the plan id",
    ),
    "no_such_job": ("nenhum job {text!r} no plano atual", "no job {text!r} in the current plan"),
    "ambiguous_job": (
        "{text!r} corresponde a {count} jobs; diga qual (WS#STREAM.JOB ou id): {options}",
        "{text!r} matches {count} jobs; say which one (WS#STREAM.JOB or id): {options}",
    ),
    "submit_needs_stream": (
        "submit espera um job stream (WS#STREAM ou STREAM), não {text!r}",
        "submit takes a job stream (WS#STREAM or STREAM), not {text!r}",
    ),
    "stream_needs_workstation": (
        "diga a workstation do job stream: WS#{stream}",
        "give the job stream's workstation: WS#{stream}",
    ),
    "ambiguous_stream": (
        "o job stream {stream} existe em {workstations}; diga qual (WS#{stream})",
        "job stream {stream} exists on {workstations}; say which one (WS#{stream})",
    ),
    "unknown_action": (
        "ação desconhecida {value!r}; use uma de: {choices}",
        "unknown action {value!r}; use one of: {choices}",
    ),
}

# Approval statuses as the Portuguese messages name them.
STATUS_PT = {
    "approved": "aprovado",
    "rejected": "rejeitado",
    "expired": "expirado",
    "executing": "em execução",
    "succeeded": "concluído com sucesso",
    "failed": "com falha",
    "outcome_unknown": "com resultado desconhecido",
}


def render(key: str, language: str, **params: Any) -> str:
    pt, en = MESSAGES[key]
    return (en if language == "en" else pt).format(**params)


def refusal(cls: type[E], key: str, extra: dict[str, Any] | None = None, **params: Any) -> E:
    """The error ``cls`` saying message ``key`` with ``params``, in both languages."""
    return cls(
        render(key, "pt", **params),
        message=key,
        params=params,
        detail_en=render(key, "en", **params),
        **(extra or {}),
    )
