"""Entity extraction: values as written, no duplicates, never a common word as a name."""

from __future__ import annotations

import pytest

from resync.classifier.classifier import IntentClassifier
from resync.classifier.identifiers import extract_identifiers


@pytest.fixture(scope="module")
def entities() -> object:
    classifier = IntentClassifier()
    return lambda text: classifier.classify(text).entities


def test_full_job_id_splits_into_workstation_stream_and_job(entities) -> None:
    assert entities("CPU1#JS_DAILY.LOAD_FILES falhou") == {
        "workstation": ["CPU1"],
        "job_stream": ["JS_DAILY"],
        "job_name": ["LOAD_FILES"],
        "status": ["ABEND"],
    }
    assert entities("status de CPU2#JS_MONTHLY") == {
        "workstation": ["CPU2"],
        "job_stream": ["JS_MONTHLY"],
    }


def test_stream_dot_job_without_workstation(entities) -> None:
    found = entities("o JS_VENDAS.CALC_COMISSAO terminou?")
    assert found["job_stream"] == ["JS_VENDAS"]
    assert found["job_name"] == ["CALC_COMISSAO"]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("o PAGAMENTOS_01 terminou?", "job_name", "PAGAMENTOS_01"),
        ("JOB-DAILY-01 ainda roda?", "job_name", "JOB-DAILY-01"),
        ("o job SWITCHPLAN rodou?", "job_name", "SWITCHPLAN"),
        ("o job stream FINAL completou?", "job_stream", "FINAL"),
        ("is the MASTER workstation up?", "workstation", "MASTER"),
        ("a TWS_PRD1 caiu?", "workstation", "TWS_PRD1"),
        ("jobs na SRVORA03 agora", "workstation", "SRVORA03"),
        ("what is running on NODE42X now?", "workstation", "NODE42X"),
        ("job carga_dw abendou", "job_name", "carga_dw"),
    ],
)
def test_names_are_identifier_like_and_typed_by_context(entities, text, kind, value) -> None:
    assert entities(text).get(kind) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Por que o job falhou?",
        "o que é um job stream?",
        "O QUE SIGNIFICA O ESTADO INTRO",
        "o TWS e o HWA usam JCL?",
        "qual a prioridade HI e GO?",
        "the job took 24h and 10min",
    ],
)
def test_common_words_and_acronyms_are_never_names(entities, text) -> None:
    found = entities(text)
    for kind in ("job_name", "job_stream", "workstation"):
        assert kind not in found, (text, found)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("rc=8 no PAYROLL", ["8"]),
        ("terminou com RC 12", ["12"]),
        ("return code 4 again", ["4"]),
        ("código de retorno 16", ["16"]),
        ("codigo de retorno: 0008", ["0008"]),
        ("exit code 127 on the agent", ["127"]),
        ("rc 4 e depois rc=4 de novo", ["4"]),
    ],
)
def test_return_codes(entities, text, codes) -> None:
    assert entities(text)["error_code"] == codes


def test_abend_codes_and_message_ids_keep_their_case(entities) -> None:
    found = entities("sb37 e S0C4 no job, depois U0001; AWSBHT001E e eqqm637i no log")
    assert found["abend_code"] == ["sb37", "S0C4", "U0001"]
    assert found["message_id"] == ["AWSBHT001E", "eqqm637i"]


def test_job_name_that_looks_like_a_message_prefix_is_a_job(entities) -> None:
    found = entities("reinicie o job AWSBH001 agora")
    assert found["job_name"] == ["AWSBH001"]
    assert "message_id" not in found


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("lista os jobs abendados", ["ABEND"]),
        ("quais falharam?", ["ABEND"]),
        ("quantos estão em execução?", ["EXEC"]),
        ("jobs em HOLD ou READY", ["HOLD", "READY"]),
        ("jobs cancelados e SUCC", ["CANCEL", "SUCC"]),
        ("jobs in ready state", ["READY"]),
    ],
)
def test_states_from_state_words(entities, text, states) -> None:
    assert entities(text)["status"] == states


def test_ambiguous_state_words_need_caps_or_a_preposition(entities) -> None:
    assert "status" not in entities("hold on, let me check the plan")
    assert "status" not in entities("cancel the job stream JS_X")
    assert entities("o job está em hold")["status"] == ["HOLD"]


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("abends de hoje e de ontem", ["hoje", "ontem"]),
        ("nos últimos 7 dias", ["últimos 7 dias"]),
        ("na última hora", ["última hora"]),
        ("esta semana contra a semana passada", ["esta semana", "semana passada"]),
        ("last 24 hours", ["last 24 hours"]),
        ("over the past 2 weeks", ["past 2 weeks"]),
        ("yesterday and this morning", ["yesterday", "this morning"]),
        ("ontem à noite", ["ontem à noite"]),
    ],
)
def test_time_references_longest_match_as_written(entities, text, times) -> None:
    assert entities(text)["time_reference"] == times


def test_values_are_not_repeated(entities) -> None:
    found = entities("o JS_PIX, o JS_PIX e o JS_PIX hoje, HOJE e hoje")
    assert found["job_stream"] == ["JS_PIX"]
    assert found["time_reference"] == ["hoje", "HOJE"]


@pytest.mark.parametrize(
    "code", ["AWKRAA123E", "AWSBHT001E", "AWSJCL054E", "EQQM637I", "S0C4", "SB37", "U0016"]
)
def test_the_classifier_and_the_knowledge_base_read_the_same_codes(code: str) -> None:
    found = IntentClassifier().classify(f"o que significa {code}?").entities
    known = extract_identifiers(f"o que significa {code}?")
    kind = "message_id" if known.message_ids else "abend_code"
    assert found.get(kind) == [code] == (known.message_ids or known.abend_codes)
