"""The reader cuts a message at whitespace and reads each chunk once: the words, clauses and
tokens it gives must be those of reading the whole message at once."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from resync.classifier.classifier import IntentClassifier, compile_vocabulary
from resync.classifier.reader import Message, Reader
from resync.classifier.text import ABBREVIATIONS, WORD_OR_BREAK, fold

ROOT = Path(__file__).resolve().parents[2]
TRICKY = [
    "por que o PAYROLL_01 falhou?\nreexecuta ele",  # a line break is a clause break
    "(PAYROLL_01) caiu, pq?",  # punctuation stuck to words, an abbreviation
    "job/ws a'b c’d",  # characters that split words without a break
    "  espaços\tentre\u00a0palavras  ",  # tabs, no-break spaces, leading and trailing blanks
    "CPU1#JS_A.JOB_B rc=8; S0C4... AWSBHT001E!!",
    "últimas 2 horas, ação do Éder",  # accents
    "? , ; hoje",  # breaks before the first word
    "ontem à noite\n\n\nhoje cedo",
    "",
]


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader(compile_vocabulary())


def _sentences() -> list[str]:
    found = list(TRICKY)
    for path in sorted((ROOT / "tests/golden/intent_classifier").glob("*.yml")):
        found.append(yaml.safe_load(path.read_text(encoding="utf-8"))["input"])
    for path in sorted((ROOT / "tests/fixtures").glob("intent_*.yaml")):
        found.extend(case["input"] for case in yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def _partition(clauses: list[int]) -> list[int]:
    """Clause numbers renumbered by first appearance: only which words share one matters."""
    seen: dict[int, int] = {}
    return [seen.setdefault(clause, len(seen)) for clause in clauses]


def _whole(text: str) -> tuple[list[str], int, list[int]]:
    """Reading ``text`` at once: each word's token as written, the number of words (after
    abbreviations), the clause of each word."""
    written: list[str] = []
    clauses: list[int] = []
    clause = 0
    for found in WORD_OR_BREAK.finditer(fold(text)):
        if found[1] is None:
            clause += 1
            continue
        for _ in ABBREVIATIONS.get(found[1], (found[1],)):
            written.append(text[found.start() : found.end()])
            clauses.append(clause)
    return written, len(written), clauses


def _as_whole(reader: Reader, text: str) -> tuple[list[str], list[str], list[int]]:
    read: Message = reader.read(text)
    return [item[1] for item in read.items], list(read.words), _partition(read.clauses)


@pytest.mark.parametrize("text", _sentences())
def test_chunks_read_as_the_whole_message(reader: Reader, text: str) -> None:
    written, count, whole_clauses = _whole(text)
    tokens, words, clauses = _as_whole(reader, text)
    assert tokens == written
    assert len(words) == count
    assert clauses == _partition(whole_clauses)


def test_a_line_break_separates_clauses_like_a_semicolon(reader: Reader) -> None:
    assert _as_whole(reader, "como\nfunciona o job")[2] == [0, 1, 1, 1]
    assert _as_whole(reader, "como; funciona o job")[2] == [0, 1, 1, 1]
    assert _as_whole(reader, "como funciona o job")[2] == [0, 0, 0, 0]


def test_a_full_chunk_cache_starts_afresh_and_reads_the_same() -> None:
    lexicon = compile_vocabulary()
    small, fresh = Reader(lexicon, max_chunks=5), Reader(lexicon)
    for text in _sentences():
        assert small.read(text)[1:] == fresh.read(text)[1:], text


def test_classifying_is_the_same_with_a_warm_or_cold_cache() -> None:
    warm, texts = IntentClassifier(), _sentences()
    expected = [warm.classify(text) for text in texts]
    again = [warm.classify(text) for text in reversed(texts)]
    assert again[::-1] == expected


def test_fold_keeps_the_length_and_strips_accents() -> None:
    assert fold("Ação ÉDER’s İstanbul") == "acao eder's istanbul"
    assert fold("ΣΟΦΟΣ") == "σοφος"  # the final sigma lower-cases by its place in the word
    for code in range(0x20, 0x2200):
        char = chr(code)
        assert len(fold(char)) == 1, hex(code)
        assert fold(f"x{char}y") == f"x{fold(char)}y", hex(code)
