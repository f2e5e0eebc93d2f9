"""The simulator's JSON responses, encoded by orjson.

Job lists run to a megabyte; the standard encoder spends tens of milliseconds on one,
blocking the event loop of the process that embeds the simulator. The content is the
same JSON (orjson writes UTF-8, compact, as Starlette's encoder does).
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse as StarletteJSONResponse


class JSONResponse(StarletteJSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
