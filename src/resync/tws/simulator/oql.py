"""A subset of HWA's Orchestration Query Language, compiled to a Python predicate.

Supported: ``=``, ``!=`` (``<>``), ``<``, ``<=``, ``>``, ``>=``, ``LIKE`` / ``NOT LIKE``
with ``@`` or ``%`` (any run of characters) and ``?`` or ``_`` (one character), ``IN`` /
``NOT IN`` with a ``[ … ]`` list (the documented form) or a ``( … )`` one, ``AND``,
``OR``, ``NOT``, parentheses and a trailing ``ORDER BY field [ASC|DESC], …``. Strings are
single-quoted (``''`` escapes a quote); string comparisons ignore case, and field names
ignore case and underscores. A field may hold many values (``dependencies.jobStreamId``):
a condition on it holds when it holds for one of them. Errors raise :class:`OQLError`,
which the routes turn into ``400 OQL_FILTER_SYNTAX_ERROR``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
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
    many: bool = False  # get returns several values (one per dependency …)


@dataclass(frozen=True)
class Query:
    """A compiled OQL filter: which items match, and in what order to answer them."""

    matches: Predicate
    order: tuple[tuple[Field, bool], ...] = ()  # (field, descending)

    def apply(self, items: Iterable[Any]) -> list[Any]:
        found = [item for item in items if self.matches(item)]
        for field, descending in reversed(self.order):
            present = [item for item in found if field.get(item) is not None]
            absent = [item for item in found if field.get(item) is None]
            present.sort(key=lambda item: _sortable(field, item), reverse=descending)
            found = present + absent  # no value sorts last either way
        return found


def _sortable(field: Field, item: Any) -> Any:
    value = field.get(item)
    return str(value).upper() if field.kind == "str" else value


_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op><=|>=|!=|<>|=|<|>)"
    r"|(?P<punct>[(),\[\]])|(?P<word>[A-Za-z_][A-Za-z0-9_.]*))"
)
_KEYWORDS = {"AND", "OR", "NOT", "IN", "LIKE", "TRUE", "FALSE", "NULL", "ORDER", "BY"}
_CLOSING = {"(": ")", "[": "]"}


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
        self.fields = {_normal_name(name): field for name, field in fields.items()}
        self.names = sorted(fields)

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, kind: str | None = None, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (kind and token[0] != kind) or (value and token[1] != value):
            wanted = value or kind or "more input"
            raise OQLError(f"expected {wanted} at token {self.index + 1}, got {token}")
        self.index += 1
        return token

    def parse(self) -> Query:
        predicate: Predicate = lambda _: True  # noqa: E731
        if self.peek() not in (None, ("kw", "ORDER")):
            predicate = self.disjunction()
        order = self.order_by() if self.peek() == ("kw", "ORDER") else ()
        if self.peek() is not None:
            raise OQLError(f"unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return Query(predicate, order)

    def order_by(self) -> tuple[tuple[Field, bool], ...]:
        self.take("kw", "ORDER")
        self.take("kw", "BY")
        order = [self.sort_term()]
        while self.peek() == ("punct", ","):
            self.take()
            order.append(self.sort_term())
        return tuple(order)

    def sort_term(self) -> tuple[Field, bool]:
        field = self.field()
        token = self.peek()
        if token and token[0] == "word" and token[1].upper() in ("ASC", "DESC"):
            self.take()
            return field, token[1].upper() == "DESC"
        return field, False

    def field(self) -> Field:
        kind, name = self.take()
        if kind != "word":
            raise OQLError(f"expected a field name, got {name!r}")
        field = self.fields.get(_normal_name(name))
        if field is None:
            raise OQLError(f"unknown field {name!r}; known: {', '.join(self.names)}")
        return field

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

    def values(self, field: Field) -> set[Any]:
        opening = self.peek()
        if opening is None or opening not in (("punct", "["), ("punct", "(")):
            raise OQLError(f"expected a [ … ] list after IN, got {opening}")
        self.take()
        values = {self.value(field)}
        while self.peek() == ("punct", ","):
            self.take()
            values.add(self.value(field))
        self.take("punct", _CLOSING[opening[1]])
        return values

    def comparison(self) -> Predicate:
        field = self.field()
        negate = False
        if self.peek() == ("kw", "NOT"):
            self.take()
            negate = True
        token = self.take()
        test: Callable[[Any], bool]
        if token == ("kw", "IN"):
            values = self.values(field)
            test = lambda value: (value in values) != negate  # noqa: E731
        elif token == ("kw", "LIKE"):
            regex = _like(self.take("str")[1][1:-1].replace("''", "'"))
            test = lambda value: (regex.fullmatch(str(value or "")) is not None) != negate  # noqa: E731
        elif negate or token[0] != "op":
            raise OQLError(f"expected an operator after the field, got {token[1]!r}")
        else:
            test = _compare(token[1], self.value(field))
        return _on(field, test)


def _normal_name(name: str) -> str:
    """Field names ignore case and underscores (``job_name`` in the 10.1 page is ``jobName``)."""
    return name.lower().replace("_", "")


def _normal(field: Field, value: Any) -> Any:
    return str(value or "").upper() if field.kind == "str" else value


def _on(field: Field, test: Callable[[Any], bool]) -> Predicate:
    get = field.get
    if field.many:
        return lambda item: any(test(_normal(field, v)) for v in get(item) or ())
    if field.kind == "str":
        return lambda item: test(str(get(item) or "").upper())
    return lambda item: test(get(item))


def _compare(op: str, value: Any) -> Callable[[Any], bool]:
    if op == "=":
        return lambda current: bool(current == value)
    if op in ("!=", "<>"):
        return lambda current: bool(current != value)

    def ordered(current: Any) -> bool:
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


def compile_query(text: str, fields: Mapping[str, Field]) -> Query:
    return _Parser(text or "", fields).parse()


def compile_oql(text: str, fields: Mapping[str, Field]) -> Predicate:
    return compile_query(text, fields).matches
