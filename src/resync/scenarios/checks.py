"""Checking one answer against the plan's facts: each unmet expectation is one sentence."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from resync.approvals.schemas import ApprovalStatus
from resync.scenarios.facts import PlanFacts
from resync.scenarios.model import Expect

# Words that only one of the two languages uses often (accents stripped, lower case).
_PT = {"nao", "esta", "estao", "sao", "com", "para", "que", "uma", "foi", "hoje", "de", "em"}
_PT |= {"agora", "esse", "este", "pelo", "pela", "dos", "das", "nenhum", "aguarda", "linhas"}
_PT |= {"no", "na", "os", "as", "do", "da", "e", "ou", "ainda", "rodando", "inicio", "fim"}
_EN = {"the", "is", "are", "was", "with", "for", "that", "not", "now", "today", "none", "of"}
_EN |= {"waits", "which", "this", "has", "have", "been", "ended", "running", "lines", "and"}
_EN |= {"in", "on", "at", "or", "still", "started", "no", "it", "its", "from", "to"}
_INTERNAL = ("erro interno", "internal error", "traceback", "exception in")

# Language purity. A raw code (``needs_justification``, ``target_not_found``) is never for
# the operator to read, in either language.
_RAW_CODE = re.compile(r"(?<![\w/.-])[a-z]+(?:_[a-z]+)+(?![\w/-]|\.\w)")
# English a Portuguese answer must not show: the product's own English states and texts
# (an approval's status, a fault's detail, a diagnosis' headings) and English function
# words. The scheduler's jargon (job, log, status, prompt, workstation) is not here.
_EN_ONLY = {status.value for status in ApprovalStatus} | {
    "the", "is", "are", "was", "were", "with", "which", "this", "has", "have", "been", "and",
    "of", "to", "from", "not", "will", "already", "because", "found", "injected", "fault",
    "requested", "risk", "likely", "cause", "evidence", "next", "steps", "waiting", "now",
    "there", "than", "could", "should", "did", "does", "yes", "none", "reply", "request",
}  # fmt: skip
# Portuguese an English answer must not show.
_PT_ONLY = {
    "nao", "ja", "esta", "estao", "agora", "pedido", "aprovacao", "justificativa", "risco",
    "voce", "nenhum", "nenhuma", "qual", "quais", "que", "para", "com", "foi", "uma", "um",
    "das", "pelo", "pela", "ainda", "sao", "tem", "sim", "hoje", "ontem", "depois",
    "antes", "porque", "mas", "ele", "ela", "isso", "esse", "essa", "de", "da", "em", "dos",
    "os", "ate", "causa", "provavel", "evidencia", "passos", "proximos", "falhou", "criado",
    "criei", "outro", "segunda", "opiniao", "liberar", "reexecutar", "segurar", "matar",
}  # fmt: skip
_CODE = re.compile(r"```.*?```|`[^`]*`|“[^”]*”|«[^»]*»|\"[^\"]*\"|https?://\S+", re.S)
_IDENTIFIER = re.compile(r"\S*[A-Z0-9][A-Z0-9_#.;@/:-]*[A-Z0-9_]\S*|\S*\d\S*")
_SENTENCE = re.compile(r"[.!?;:\n]+")
SENTENCE_WORDS = 6  # shorter sentences are too few words to tell the language


@dataclass(frozen=True)
class Answer:
    """What one turn produced, flattened for checking."""

    text: str  # the answer's prose
    everything: str  # prose, table cells, cards, logs, exports, actions
    result: dict[str, Any]
    new_approvals: list[dict[str, Any]]


def flatten(result: dict[str, Any]) -> str:
    pieces = [str(result.get("answer", ""))]
    for part in result.get("parts", []):
        kind = part.get("kind")
        if kind == "table":
            pieces.append(" | ".join(part.get("columns", [])))
            pieces.extend(" | ".join(str(cell) for cell in row) for row in part.get("rows", []))
            if part.get("total") is not None:
                pieces.append(f"total {part['total']}")
        elif kind == "log":
            pieces.extend(part.get("lines", []))
        elif kind == "card":
            pieces.append(str(part.get("title", "")))
            pieces.extend(f"{key}: {value}" for key, value in part.get("fields", {}).items())
        elif kind == "export":
            pieces.append(str(part.get("content", "")))
        elif kind == "action":
            pieces.append(f"{part.get('action')} {part.get('target')}")
            pieces.extend(part.get("warnings", []))
        elif kind == "citations":
            pieces.extend(f"{item.get('title')} {item.get('excerpt')}" for item in part["items"])
    return "\n".join(pieces)


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def names_in(text: str, names: set[str]) -> set[str]:
    """The names (jobs, streams, workstations) written in ``text`` as whole names."""
    upper = text.upper()
    return {
        name
        for name in names
        if re.search(rf"(?<![A-Z0-9_]){re.escape(name)}(?![A-Z0-9_])", upper) is not None
    }


def language_of(text: str) -> str:
    pt, en = language_scores(text)
    return "en" if en > pt else "pt"


def language_scores(text: str) -> tuple[int, int]:
    """How many of the words of ``text`` only Portuguese uses often, and only English."""
    words = re.findall(r"[a-z]+", plain(text))
    return sum(word in _PT for word in words), sum(word in _EN for word in words)


def check(expect: Expect, answer: Answer, facts: PlanFacts) -> list[str]:
    """Every way ``answer`` falls short of ``expect``; empty when it is right."""
    problems: list[str] = []
    lowered = plain(answer.everything)
    if any(marker in lowered for marker in _INTERNAL):
        problems.append("the answer shows an internal error")
    if bool(answer.result.get("degraded")) != expect.degraded:
        problems.append("a fallback answered (degraded)" if not expect.degraded else "not degraded")
    if not answer.text.strip():
        problems.append("the answer is empty")
    for fact in expect.jobs:
        wanted = facts.names(fact)
        missing = wanted - names_in(answer.everything, wanted)
        if missing:
            shown = ", ".join(sorted(missing)[:5])
            problems.append(f"{len(missing)} of {len(wanted)} {fact} missing: {shown}")
    for fact in expect.no_jobs:
        unwanted = names_in(answer.everything, facts.names(fact))
        if unwanted:
            problems.append(f"{fact} shown: {', '.join(sorted(unwanted)[:5])}")
    if expect.count is not None:
        size = len(facts.names(expect.count))
        if not re.search(rf"(?<![\d.,:]){size}(?![\d:]|[.,]\d)", answer.everything):
            problems.append(f"the number of {expect.count} ({size}) is not stated")
    for mention in expect.mentions:
        options = [mention] if isinstance(mention, str) else mention
        if not any(plain(option) in lowered for option in options):
            problems.append(f"does not mention {' / '.join(options)}")
    for text in expect.absent:
        if plain(text) in lowered:
            problems.append(f"mentions {text!r}, which it must not")
    if expect.cause is not None:
        for point in facts.cause(expect.cause):
            if not any(plain(option) in lowered for option in point):
                problems.append(f"cause of {expect.cause}: none of {' / '.join(point)}")
    if expect.state is not None:
        state = facts.state(expect.state)
        if state not in answer.everything:
            problems.append(f"the state of {expect.state} ({state}) is not stated")
    if expect.language is not None and language_of(answer.text) != expect.language:
        problems.append(f"not answered in {expect.language}")
    if expect.pure and expect.language is not None:
        problems.extend(impurities(answer.result, expect.language))
    asked = (answer.result.get("entities") or {}).get("asked") or []
    if expect.asks is not None and expect.asks not in asked:
        problems.append(f"does not ask for the {expect.asks} (asks {asked or 'nothing'})")
    if expect.part is not None:
        kinds = {part.get("kind") for part in answer.result.get("parts", [])}
        if expect.part not in kinds:
            problems.append(f"no {expect.part} part (has {', '.join(sorted(kinds)) or 'none'})")
    if expect.intent is not None and answer.result.get("intent") != expect.intent:
        problems.append(f"intent {answer.result.get('intent')}, expected {expect.intent}")
    problems.extend(_approval_problems(expect, answer))
    return problems


def _approval_problems(expect: Expect, answer: Answer) -> list[str]:
    created = answer.new_approvals
    if expect.approval == "none" and created:
        return [f"created an approval request ({created[0].get('action')})"]
    asked = expect.approval_action or expect.approval_target or expect.justification
    if expect.approval != "created" and not asked:
        return []
    if not created:
        return ["no approval request was created"]
    request = created[0]
    problems = []
    if expect.approval_action and request.get("action") != expect.approval_action:
        problems.append(f"approval for {request.get('action')}, expected {expect.approval_action}")
    reason = plain(str(request.get("justification", "")))
    if expect.justification and plain(expect.justification) not in reason:
        problems.append(f"approval justified {reason!r}, expected {expect.justification!r}")
    target = str(request.get("target", ""))
    if expect.approval_target and not names_in(target, {expect.approval_target.upper()}):
        problems.append(f"approval targets {target}, expected {expect.approval_target}")
    return problems


def prose(result: dict[str, Any]) -> str:
    """What the operator reads as sentences: the answer, card titles and fields, table
    headings, warnings; without quoted code, logs, quotes, names and numbers."""
    pieces = [str(result.get("answer", ""))]
    for part in result.get("parts", []):
        kind = part.get("kind")
        if kind == "table":
            pieces += [str(part.get("title", "")), " | ".join(part.get("columns", []))]
        elif kind == "card":
            # A field's key is a code the client labels in its language (``field.state``),
            # and so are its empty, yes/no and number values; its texts are the answer's.
            pieces.append(str(part.get("title", "")))
            for value in part.get("fields", {}).values():
                items = value if isinstance(value, list) else [value]
                pieces += [item for item in items if isinstance(item, str)]
        elif kind == "action":
            pieces += part.get("warnings", [])
    text = _CODE.sub(" ", "\n".join(pieces))
    return _IDENTIFIER.sub(" ", text.replace("**", ""))


def impurities(result: dict[str, Any], language: str) -> list[str]:
    """Each way an answer that should be wholly in ``language`` shows the other one."""
    text = prose(result)
    problems = []
    codes = sorted(set(_RAW_CODE.findall(text)))
    if codes:
        problems.append(f"shows raw codes: {', '.join(codes[:5])}")
    words = set(re.findall(r"[a-z]+", plain(text)))
    foreign = sorted(words & (_EN_ONLY if language == "pt" else _PT_ONLY))
    if foreign:
        other = "English" if language == "pt" else "Portuguese"
        problems.append(f"shows {other} words: {', '.join(foreign[:6])}")
    for sentence in _SENTENCE.split(text):
        pt, en = language_scores(sentence)
        wrong = en > pt if language == "pt" else pt > en
        if len(sentence.split()) >= SENTENCE_WORDS and wrong:
            problems.append(f"a sentence not in {language}: {sentence.strip()[:60]!r}")
            break
    return problems
