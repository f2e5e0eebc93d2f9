"""Reading HWA's JSON bodies: orjson first, the standard parser for what orjson refuses."""

from __future__ import annotations

import math

import httpx
import pytest

from resync.tws.errors import TWSProtocolError
from resync.tws.transport import json_body


def _response(content: bytes, content_type: str = "application/json") -> httpx.Response:
    return httpx.Response(200, content=content, headers={"content-type": content_type})


def test_utf8_json_is_read() -> None:
    body = '{"count": 1, "results": [{"name": "FOLHA_PAGAMENTO_Ç", "elapsedTime": 12.0}]}'
    assert json_body(_response(body.encode())) == {
        "count": 1,
        "results": [{"name": "FOLHA_PAGAMENTO_Ç", "elapsedTime": 12.0}],
    }


def test_what_only_the_standard_parser_accepts_is_still_read() -> None:
    assert math.isnan(json_body(_response(b'{"value": NaN}'))["value"])
    assert json_body(_response('\ufeff{"a": 1}'.encode())) == {"a": 1}  # a byte order mark
    assert json_body(_response('{"name": "AÇÃO"}'.encode("utf-16"))) == {"name": "AÇÃO"}


def test_a_body_that_is_not_json_is_a_protocol_error() -> None:
    with pytest.raises(TWSProtocolError):
        json_body(_response(b"<html>maintenance</html>", "text/html"))
