"""A subset of HWA's Orchestration Query Language, compiled to a Python predicate.

Supported: ``=``, ``!=`` (``<>``), ``<``, ``<=``, ``>``, ``>=``, ``LIKE`` / ``NOT LIKE``
with ``@`` or ``%`` (any run of characters) and ``?`` or ``_`` (one character), ``IN`` /
``NOT IN``, ``AND``, ``OR``, ``NOT`` and parentheses. Strings are single-quoted (``''``
escapes a quote); string comparisons ignore case. Errors raise :class:`OQLError`, which
the routes turn into ``400 OQL_FILTER_SYNTAX_ERROR``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

Predicate = Callable[[Any], bool]


class OQLError(ValueError):
    pass


@dataclass(frozen=True)
class Field:
    get: Callable[[Any], Any]
    kind: str = "str"  # str, int, datetime, bool


_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op><=|>=|!=|<>|=|<|>)"
    r"|(?P<punct>[(),])|(?P<word>[A-Za-z_][A-Za-z0-9_.]*))"
)
_KEYWORDS = {"AND", "OR", "NOT", "IN", "LIKE", "TRUE", "FALSE", "NULL"}


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise OQLError(f"unexpected text at position {position}: {text[position:][:20]!r}")
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "word" and value.upper() in _KEYWORDS:
            kind, value = "kw", value.upper()
        tokens.append((kind, value))
        position = match.end()
    return tokens


def _like(pattern: str) -> re.Pattern[str]:
    parts = []
    for char in pattern:
        if char in "@%":
            parts.append(".*")
        elif char in "?_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _datetime(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise OQLError(f"not a date-time: {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class _Parser:
    def __init__(self, text: str, fields: Mapping[str, Field]) -> None:
        self.tokens = _tokens(text)
        self.index = 0
        self.fields = fields

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, kind: str | None = None, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (kind and token[0] != kind) or (value and token[1] != value):
            wanted = value or kind or "more input"
            raise OQLError(f"expected {wanted} at token {self.index + 1}, got {token}")
        self.index += 1
        return token

    def parse(self) -> Predicate:
        if not self.tokens:
            return lambda _: True
        predicate = self.disjunction()
        if self.peek() is not None:
            raise OQLError(f"unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return predicate

    def disjunction(self) -> Predicate:
        parts = [self.conjunction()]
        while self.peek() == ("kw", "OR"):
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else lambda item: any(p(item) for p in parts)

    def conjunction(self) -> Predicate:
        parts = [self.negation()]
        while self.peek() == ("kw", "AND"):
            self.take()
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else lambda item: all(p(item) for p in parts)

    def negation(self) -> Predicate:
        if self.peek() == ("kw", "NOT"):
            self.take()
            inner = self.negation()
            return lambda item: not inner(item)
        if self.peek() == ("punct", "("):
            self.take()
            inner = self.disjunction()
            self.take("punct", ")")
            return inner
        return self.comparison()

    def value(self, field: Field) -> Any:
        kind, text = self.take()
        if kind == "str":
            raw = text[1:-1].replace("''", "'")
            if field.kind == "datetime":
                return _datetime(raw)
            if field.kind == "int":
                return int(raw) if raw.lstrip("-").isdigit() else raw
            return raw.upper() if field.kind == "str" else raw
        if kind == "num":
            return float(text) if "." in text else int(text)
        if kind == "kw" and text in ("TRUE", "FALSE"):
            return text == "TRUE"
        if kind == "kw" and text == "NULL":
            return None
        raise OQLError(f"expected a value, got {text!r}")

    def comparison(self) -> Predicate:
        kind, name = self.take()
        if kind != "word":
            raise OQLError(f"expected a field name, got {name!r}")
        field = self.fields.get(name)
        if field is None:
            raise OQLError(f"unknown field {name!r}; known: {', '.join(sorted(self.fields))}")
        get = _upper(field.get) if field.kind == "str" else field.get
        negate = False
        if self.peek() == ("kw", "NOT"):
            self.take()
            negate = True
        token = self.take()
        if token == ("kw", "IN"):
            self.take("punct", "(")
            values = {self.value(field)}
            while self.peek() == ("punct", ","):
                self.take()
                values.add(self.value(field))
            self.take("punct", ")")
            return lambda item: (get(item) in values) != negate
        if token == ("kw", "LIKE"):
            pattern = self.take("str")[1][1:-1].replace("''", "'")
            regex = _like(pattern)
            return lambda item: (regex.fullmatch(str(field.get(item) or "")) is not None) != negate
        if negate or token[0] != "op":
            raise OQLError(f"expected an operator after {name!r}, got {token[1]!r}")
        return _compare(get, token[1], self.value(field))


def _upper(get: Callable[[Any], Any]) -> Callable[[Any], str]:
    def upper(item: Any) -> str:
        return str(get(item) or "").upper()

    return upper


def _compare(get: Callable[[Any], Any], op: str, value: Any) -> Predicate:
    if op == "=":
        return lambda item: get(item) == value
    if op in ("!=", "<>"):
        return lambda item: get(item) != value

    def ordered(item: Any) -> bool:
        current = get(item)
        if current is None or value is None:
            return False
        try:
            if op == "<":
                return bool(current < value)
            if op == "<=":
                return bool(current <= value)
            if op == ">":
                return bool(current > value)
            return bool(current >= value)
        except TypeError:
            return False

    return ordered


def compile_oql(text: str, fields: Mapping[str, Field]) -> Predicate:
    return _Parser(text or "", fields).parse()
