"""The language an operator wrote in: Portuguese unless the words say English.

Function words ("the", "of", "o", "que") weigh 1; content words typical of one language in
this domain ("summary", "shift", "resumo", "turno") weigh half, so a short English message
without any function word ("shift summary", "rerun PAYROLL_02") is still English, while jargon
inside a Portuguese sentence ("status do job") does not flip it. Accented letters are
Portuguese.
"""

from __future__ import annotations

import re
from typing import Literal

from resync.classifier.lexicon import word_set
from resync.classifier.text import fold

PT_FUNCTION_WORDS = word_set(
    "o os que de da dos das na nos nas em um uma por para com nao e esta estao qual quais como "
    "ja ainda hoje ontem meu minha voce ele ela isso esse essa porque quando pelo pela ao tem "
    "foi deu favor obrigado valeu agora"
)
EN_FUNCTION_WORDS = word_set(
    "the is are what which how why of to in on and for my it this that did does please all "
    "any with from show when can i you was be has have been not there s t today yesterday "
    "last thanks now anything something nothing will would where who"
)
PT_CONTENT_WORDS = word_set(
    "resumo relatorio turno plantao noite dia boa bom tarde semana mes media historico lento "
    "atrasado travado rodando falhou abendou cancela libera segura segure reexecuta roda mata "
    "oi ola alertas avisa avise execucao duracao tudo ate partir depois antes mais sobre"
)
EN_CONTENT_WORDS = word_set(
    "summary report shift night nightly daily weekly good morning evening afternoon rerun "
    "restart release cancel kill submit alerts history average slower faster failed failures "
    "running waiting stuck late hello hi hey thank runs end anything tonight behind schedule "
    "abended ago few minutes hours root cause"
)

# In half-points: small integers add without allocating, unlike floats.
WEIGHTS: dict[str, int] = {
    **dict.fromkeys(EN_CONTENT_WORDS, 1),
    **dict.fromkeys(PT_CONTENT_WORDS, -1),
    **dict.fromkeys(EN_FUNCTION_WORDS, 2),
    **dict.fromkeys(PT_FUNCTION_WORDS, -2),
}
_PORTUGUESE_LETTERS = frozenset("ãõçáéíóúâêôàÃÕÇÁÉÍÓÚÂÊÔÀ")


def language(english: int, text: str) -> Literal["pt", "en"]:
    """``english``: the sum of ``WEIGHTS`` over the folded words of ``text``."""
    if english > 0 and not text.isascii() and not _PORTUGUESE_LETTERS.isdisjoint(text):
        english -= 4
    return "en" if english > 0 else "pt"


def undecided(text: str) -> bool:
    """No word of ``text`` tells its language: a name, "yes", "no", "ok", a number. Such a
    message answers in the language of its conversation."""
    if not _PORTUGUESE_LETTERS.isdisjoint(text):
        return False
    return not any(word in WEIGHTS for word in re.findall(r"[a-z]+", fold(text)))


def detect(text: str) -> Literal["pt", "en"]:
    """The language of a text written by a person (an incident's cause, a note)."""
    return language(sum(WEIGHTS.get(word, 0) for word in re.findall(r"[a-z]+", fold(text))), text)
