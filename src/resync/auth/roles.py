"""Roles, ordered: ``admin`` ⊃ ``operator`` ⊃ ``viewer``."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    viewer = "viewer"  # ask and read
    operator = "operator"  # request and approve plan changes
    admin = "admin"  # everything, including configuration and users

    @property
    def rank(self) -> int:
        return _RANK[self]

    def includes(self, required: Role) -> bool:
        """True when this role may do what ``required`` may do."""
        return self.rank >= required.rank


_RANK = {Role.viewer: 0, Role.operator: 1, Role.admin: 2}
