"""Jobs named by a part of their name: "the mortgage one", "e o do pix?", "o de cartões".

After an answer that listed jobs, an operator points at one of them by what it is about
instead of its name. The reference is matched against the jobs the earlier answers named
(latest first): a word of the job's name, or the name part a business word stands for
("cartões" → CARD). One job: the message is read again with its name in place of the
reference. Several: the candidates go with the message (``job_candidates``) so the answer
asks which. None: the word goes with it (``partial_name``) for the answer to look up in the
plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from resync.classifier.text import fold
from resync.contract.context import HistoryTurn

# "the mortgage one", "the pix job", "the one for pix", "o do pix", "o de cartões", "a da
# folha", "o job do pix"
_WORD = r"[a-z][a-z0-9]{2,}"
_REFERENCE = re.compile(
    rf"(?P<r1>\bthe (?P<w1>{_WORD}) (?:one|job))\b"
    rf"|(?P<r2>\bthe (?:one|job) (?:for|of|from) (?:the )?(?P<w2>{_WORD}))\b"
    rf"|(?P<r3>\b(?:o|a)(?: job)? (?:do|da|de|dos|das) (?P<w3>{_WORD}))\b"
)
_NOT_A_TOPIC = frozenset(
    {
        "same",
        "other",
        "last",
        "first",
        "next",
        "previous",
        "new",
        "old",
        "that",
        "this",
        "job",
        "jobs",
        "stream",
        "plan",
        "log",
        "erro",
        "error",
        "dia",
        "hoje",
        "ontem",
        "noite",
        "turno",
        "plano",
        "mesmo",
        "outro",
        "ultimo",
        "primeiro",
        "proximo",
        "ele",
        "ela",
        "dele",
        "dela",
    }
)
# Business words and the name parts that stand for them in job names.
_STANDS_FOR: dict[str, tuple[str, ...]] = {
    "cartao": ("CARD", "CARDS"),
    "cartoes": ("CARD", "CARDS"),
    "cards": ("CARD", "CARDS"),
    "folha": ("PAYROLL",),
    "pagamento": ("PAYROLL", "PAYMENT"),
    "hipoteca": ("MORTGAGE",),
    "imobiliario": ("MORTGAGE",),
    "financiamento": ("MORTGAGE", "LOAN"),
    "cobranca": ("COLLECT", "BOLETO"),
    "caixa": ("CASH",),
    "extrato": ("STATEMENT",),
    "extratos": ("STATEMENT",),
    "lavagem": ("AML",),
    "relatorio": ("REP", "REPORT"),
    "relatorios": ("REP", "REPORT"),
    "arquivos": ("FILES",),
    "carga": ("LOAD",),
    "conciliacao": ("RECON",),
    "clientes": ("CRM",),
}
_JOB = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")


@dataclass(frozen=True)
class PartialName:
    word: str  # as the operator wrote it, folded
    start: int  # the reference's span in the message
    end: int
    parts: tuple[str, ...]  # the name parts it stands for


def find_reference(message: str) -> PartialName | None:
    """The "the X one" / "o do X" reference of a message, if it makes one."""
    for found in _REFERENCE.finditer(fold(message)):
        index = next(i for i in (1, 2, 3) if found.group(f"w{i}"))
        word = found.group(f"w{index}")
        if word in _NOT_A_TOPIC:
            continue
        parts = _STANDS_FOR.get(word, (word.upper(),))
        return PartialName(word, found.start(f"r{index}"), found.end(f"r{index}"), parts)
    return None


def _matches(name: str, parts: Sequence[str]) -> bool:
    pieces = name.split("_")
    return any(
        piece.startswith(part) or (len(piece) >= 3 and part.startswith(piece))
        for piece in pieces
        for part in parts
    )


def _named_in(turn: HistoryTurn) -> list[str]:
    """Job names an answer named, in its order (job stream names left out)."""
    names: list[str] = []
    for name in _JOB.findall(turn.text):
        if not name.startswith("JS_") and name not in names:
            names.append(name)
    return names


def candidates(reference: PartialName, history: Sequence[HistoryTurn]) -> list[str]:
    """The jobs the reference may mean: those of the latest answer that names any fitting."""
    for turn in reversed(history):
        if turn.role == "assistant":
            fits = [name for name in _named_in(turn) if _matches(name, reference.parts)]
            if fits:
                return fits
    return []


def with_name(message: str, reference: PartialName, name: str) -> str:
    """The message with the job's name in place of the reference."""
    return message[: reference.start] + name + message[reference.end :]
