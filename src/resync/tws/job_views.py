"""One parsed job list read from HWA, and the views computed from it once per read.

The client caches the parsed list for a few seconds (:class:`resync.tws.cache.ReadCache`).
Readers that filter, sort or count that list on every message (the same answer asked by
many operators) compute it once per cached read instead: the view lives on the cached
object, so it expires and is invalidated with it and is never older than the read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from resync.tws.models import JobInstance

T = TypeVar("T")

JobView = Callable[[tuple[JobInstance, ...]], T]


class JobListRead:
    """The jobs of one list read (immutable) and the views computed from them so far."""

    __slots__ = ("_views", "jobs")

    def __init__(self, jobs: tuple[JobInstance, ...]) -> None:
        self.jobs = jobs
        self._views: dict[Callable[..., Any], Any] = {}

    def view(self, make: JobView[T]) -> T:
        """``make(jobs)``, computed on the first call for this read.

        ``make`` is the memo key: pass the same (module-level) function every time, and
        treat what it returns as read-only, since every caller of this read shares it.
        """
        try:
            return cast(T, self._views[make])
        except KeyError:
            value = make(self.jobs)
            self._views[make] = value
            return value
