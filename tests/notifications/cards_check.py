"""Checking a Teams payload: the envelope, the vendored Adaptive Card schema, and the limits
the schema does not state (version ≤ 1.4, Action.OpenUrl only, elements of ≤ 1.4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema_rs

SCHEMA = json.loads(Path(__file__).with_name("adaptive-card.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema_rs.Draft6Validator(SCHEMA)
ELEMENTS_1_4 = {
    "TextBlock",
    "Image",
    "Media",
    "RichTextBlock",
    "TextRun",
    "ActionSet",
    "Container",
    "ColumnSet",
    "Column",
    "FactSet",
    "ImageSet",
    "Input.Text",
    "Input.Number",
    "Input.Date",
    "Input.Time",
    "Input.Toggle",
    "Input.ChoiceSet",
}


def check_card(card: dict[str, Any]) -> None:
    errors = [str(error) for error in VALIDATOR.iter_errors(card)]
    assert not errors, errors
    assert card["type"] == "AdaptiveCard"
    major, minor = (int(part) for part in card["version"].split("."))
    assert (major, minor) <= (1, 4), card["version"]
    for node in _walk(card["body"]):
        if "type" in node and not str(node["type"]).startswith("Action."):
            assert node["type"] in ELEMENTS_1_4, node["type"]
    for action in _actions(card):
        assert action["type"] == "Action.OpenUrl", action
        assert action["url"].startswith(("https://", "http://")), action


def check_envelope(payload: dict[str, Any]) -> dict[str, Any]:
    """The card a Workflows webhook payload carries, checked."""
    assert payload["type"] == "message"
    (attachment,) = payload["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    check_card(attachment["content"])
    card: dict[str, Any] = attachment["content"]
    return card


def card_text(card: dict[str, Any]) -> str:
    """Every text and fact of a card, one line each."""
    lines = []
    for node in _walk(card["body"]):
        if node.get("type") == "TextBlock":
            lines.append(node["text"])
        if node.get("type") == "FactSet":
            lines.extend(f"{f['title']}: {f['value']}" for f in node["facts"])
    return "\n".join(lines)


def _walk(value: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        found.append(value)
        for child in value.values():
            found.extend(_walk(child))
    elif isinstance(value, list):
        for child in value:
            found.extend(_walk(child))
    return found


def _actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in _walk(card) if str(n.get("type", "")).startswith("Action.")]
