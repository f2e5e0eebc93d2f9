"""Language of a text (pt/en by stopword counts) and the search terms of a question."""

from __future__ import annotations

import re

PT_STOPWORDS = frozenset(
    [
        "a",
        "o",
        "os",
        "as",
        "um",
        "uma",
        "uns",
        "umas",
        "de",
        "da",
        "do",
        "das",
        "dos",
        "em",
        "no",
        "na",
        "nos",
        "nas",
        "por",
        "pela",
        "pelo",
        "para",
        "com",
        "sem",
        "que",
        "qual",
        "quais",
        "quando",
        "onde",
        "como",
        "porque",
        "por",
        "quê",
        "se",
        "não",
        "nao",
        "é",
        "e",
        "ou",
        "mas",
        "está",
        "esta",
        "estão",
        "estao",
        "foi",
        "ser",
        "são",
        "sao",
        "ao",
        "aos",
        "à",
        "às",
        "meu",
        "minha",
        "seu",
        "sua",
        "isso",
        "isto",
        "esse",
        "essa",
        "este",
        "quem",
        "já",
        "ja",
        "também",
        "tambem",
        "mais",
        "muito",
        "pode",
        "posso",
        "devo",
        "fazer",
        "faço",
        "significa",
        "significado",
        "sobre",
        "ainda",
        "entre",
        "depois",
        "antes",
        "até",
        "ate",
        "há",
        "tem",
        "ter",
        "fica",
        "ficou",
    ]
)
EN_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "without",
        "from",
        "by",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "and",
        "or",
        "but",
        "not",
        "no",
        "what",
        "which",
        "when",
        "where",
        "how",
        "why",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "my",
        "your",
        "our",
        "their",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "may",
        "i",
        "we",
        "you",
        "they",
        "he",
        "she",
        "there",
        "here",
        "has",
        "have",
        "had",
        "about",
        "into",
        "than",
        "then",
        "so",
        "if",
        "as",
        "mean",
        "means",
        "meaning",
        "get",
        "gets",
    ]
)
# Words that say nothing about the topic in either language.
_QUESTION_NOISE = frozenset(
    [
        "what",
        "que",
        "o",
        "qual",
        "quais",
        "explain",
        "explique",
        "explica",
        "tell",
        "diga",
        "me",
        "please",
        "favor",
    ]
)
STOPWORDS = PT_STOPWORDS | EN_STOPWORDS | _QUESTION_NOISE

_WORD = re.compile(r"[^\W_]+(?:[_#-][^\W_]+)*", re.UNICODE)
_PT_MARKS = re.compile(r"[ãõçáéíóúâêô]", re.I)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def detect_language(text: str, default: str | None = "pt") -> str | None:
    """``pt`` or ``en`` by counting each language's stopwords; ``default`` on a tie."""
    tokens = words(text)
    pt = sum(1 for t in tokens if t in PT_STOPWORDS and t not in EN_STOPWORDS)
    en = sum(1 for t in tokens if t in EN_STOPWORDS and t not in PT_STOPWORDS)
    pt += len(_PT_MARKS.findall(text)) // 2
    if pt > en:
        return "pt"
    if en > pt:
        return "en"
    return default


def query_terms(text: str, limit: int = 24) -> list[str]:
    """The distinct content words of a question (stopwords of both languages dropped)."""
    tokens = [t for part in words(text) for t in [*re.split(r"[_#-]", part), part] if t]
    kept = [t for t in tokens if t not in STOPWORDS and len(t) > 1]
    if not kept:
        kept = [t for t in tokens if len(t) > 1]
    return list(dict.fromkeys(kept))[:limit]
