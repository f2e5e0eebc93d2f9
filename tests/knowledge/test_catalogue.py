"""The catalogue and the starter corpus cover every state, message id and abend code of
the HWA contract (the lists below are copied from it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resync.classifier.identifiers import COMMON_STATES, JOB_STATES, JOB_STREAM_STATES
from resync.knowledge.catalogue import MessageCatalogue
from resync.knowledge.service import CORPUS_DIR

CONTRACT_MESSAGES = [
    "AWSBHT001E", "AWSJCL001E", "AWSJPL017E", "AWSJPL006E", "AWSJDB802E", "AWSJCO049E",
    "EQQM637I", "EQQM391I",
]  # fmt: skip
CONTRACT_COMPONENTS = ["AWSBHT", "AWSBCT", "AWSBJB", "AWSBIN", "AWSJCL", "AWSJPL", "AWSJDB",
                       "AWSJCO", "AWSBEH"]  # fmt: skip
CONTRACT_ABENDS = ["S0C4", "S806", "SB37", "U0016"]


@pytest.fixture(scope="module")
def catalogue() -> MessageCatalogue:
    return MessageCatalogue.load()


def corpus_text(language: str) -> str:
    return "\n".join(p.read_text() for p in sorted(CORPUS_DIR.glob(f"*.{language}.md")))


def test_catalogue_size_and_contract_coverage(catalogue: MessageCatalogue) -> None:
    kinds = [e.kind for e in catalogue.entries()]
    assert kinds.count("message") >= 30 and kinds.count("abend") >= 20
    for code in CONTRACT_MESSAGES + CONTRACT_ABENDS:
        entry = catalogue.lookup(code)
        assert entry is not None and entry.verified, code
        assert entry.meaning_pt and entry.meaning_en and entry.action_pt and entry.action_en
    codes = {e.code for e in catalogue.entries()}
    for component in CONTRACT_COMPONENTS:
        assert any(code.startswith(component) for code in codes), component


@pytest.mark.parametrize(
    ("asked", "found"),
    [("awsbht001e", "AWSBHT001E"), (" 0C4 ", "S0C4"), ("U16", "U0016"), ("sb37", "SB37")],
)
def test_lookup_is_exact_but_forgiving_about_spelling(
    catalogue: MessageCatalogue, asked: str, found: str
) -> None:
    entry = catalogue.lookup(asked)
    assert entry is not None and entry.code == found


def test_unknown_codes_are_not_guessed(catalogue: MessageCatalogue) -> None:
    assert catalogue.lookup("AWSBHT999E") is None
    assert [e.code for e in catalogue.find_in_text("falhou com AWSJPL017E e S806")] == [
        "AWSJPL017E",
        "S806",
    ]


@pytest.mark.parametrize("language", ["pt", "en"])
def test_corpus_covers_every_contract_state_message_and_abend(language: str) -> None:
    text = corpus_text(language)
    for word in {*JOB_STATES, *JOB_STREAM_STATES, *COMMON_STATES}:
        assert word in text, f"state {word} missing from the {language} corpus"
    for code in CONTRACT_MESSAGES + CONTRACT_ABENDS:
        assert code in text, f"{code} missing from the {language} corpus"
    for topic in ("follows", "needs", "prompt", "opens", "until", "showjobs", "showschedules",
                  "rerun", "confirm", "release", "cancel", "kill", "limit", "fence",
                  "JnextPlan", "FINAL", "carry forward", "Resync"):  # fmt: skip
        assert topic in text, f"{topic} missing from the {language} corpus"


def test_corpus_pages_come_in_both_languages() -> None:
    names = {p.name.rsplit(".", 2)[0] for p in Path(CORPUS_DIR).glob("*.md")}
    for name in names:
        assert (CORPUS_DIR / f"{name}.pt.md").is_file() and (CORPUS_DIR / f"{name}.en.md").is_file()
