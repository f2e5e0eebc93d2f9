"""Approvals refuse in both languages, from a code and its parameters."""

from __future__ import annotations

import pytest

from resync.approvals.actions import Action, parse_action, unfit_refusal
from resync.approvals.errors import InvalidAction, TargetNotActionable
from resync.approvals.messages import MESSAGES, refusal, render
from resync.errors import detail_in


def test_a_refusal_carries_its_code_params_and_both_texts() -> None:
    error = unfit_refusal(Action.kill, "MDM#JS_PAYROLL.PAYROLL_01", "ABEND")
    assert isinstance(error, TargetNotActionable)
    assert error.detail.startswith("MDM#JS_PAYROLL.PAYROLL_01: não é possível matar (kill)")
    assert error.extra["message"] == "unfit_state" and error.extra["params"]["state"] == "ABEND"
    assert detail_in(error, "en") == (
        "MDM#JS_PAYROLL.PAYROLL_01: cannot kill a job in ABEND (accepted states: EXEC)"
    )
    assert detail_in(error, "pt") == error.detail


def test_every_message_has_both_languages_over_the_same_parameters() -> None:
    def names(text: str) -> set[str]:
        return {part.split("}")[0].split("!")[0] for part in text.split("{")[1:]}

    for key, (pt, en) in MESSAGES.items():
        # The same parameters, but for the words of each language (verb_pt / verb_en).
        bare = {name.removesuffix("_pt").removesuffix("_en") for name in names(pt)}
        assert bare == {name.removesuffix("_pt").removesuffix("_en") for name in names(en)}, key
        params = dict.fromkeys(names(pt) | names(en), "X")
        assert render(key, "pt", **params) != render(key, "en", **params), key


def test_an_unknown_action_is_refused_in_english_too() -> None:
    with pytest.raises(InvalidAction) as raised:
        parse_action("explode")
    assert detail_in(raised.value, "en").startswith("unknown action 'explode'; use one of: rerun")
    plain = refusal(InvalidAction, "unknown_action", value="x", choices="rerun")
    assert plain.extra["detail_en"] == "unknown action 'x'; use one of: rerun"
