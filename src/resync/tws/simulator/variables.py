"""Variable substitution: ``^NAME^`` in a job definition's command, from a variable table.

A job stream instance resolves its jobs' commands when it enters the plan: the planned
ones and the submitted ones with the default table; ``submit_jobstream`` with the table
``variableTableId`` names, and the ``variableTable`` list of ``{key, value}`` the request
carries over it (HCL's ``submit_jobstream_with_vars.py``). A variable no table defines
stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_VARIABLE = re.compile(r"\^([A-Za-z][A-Za-z0-9_]{0,15})\^")


def resolve(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``^NAME^`` that ``values`` defines replaced (names ignore case)."""
    upper = {key.upper(): value for key, value in values.items()}
    return _VARIABLE.sub(lambda found: upper.get(found.group(1).upper(), found.group(0)), text)
