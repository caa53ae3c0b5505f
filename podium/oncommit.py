"""Work that follows a commit, done once per transaction however many writes asked for it.

An import of a thousand projects asks a thousand times for the home page to be rendered
again, a venue's thousand sheets built in one transaction ask a thousand times for its
screens to be told: both want it done once, after the commit, with what is then stored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from django.db import transaction

Key = TypeVar("Key")
Value = TypeVar("Value")


class AfterCommit(Generic[Key, Value]):
    """``ask({key: value})`` during a transaction; once it commits, ``run`` gets each key
    asked for once, with a value given for it (the values of one key must be equivalent:
    what runs reads the committed state). Outside a transaction it runs at once.

    Django keeps the callbacks (one per ask) and drops those of a rolled-back transaction
    or savepoint; of the ones that run after a commit, the first to run does the work for
    every ask made up to then, and the later ones find their keys done."""

    def __init__(self, run: Callable[[dict[Key, Value]], None]) -> None:
        self._run = run
        self._local = threading.local()

    def ask(self, items: Mapping[Key, Value]) -> None:
        state = self._state()
        state.asked += 1
        number, given = state.asked, dict(items)
        transaction.on_commit(lambda: self._after_commit(number, given))

    def _after_commit(self, number: int, items: dict[Key, Value]) -> None:
        state = self._state()
        due = {key: value for key, value in items.items() if state.done.get(key, 0) < number}
        for key in due:
            state.done[key] = state.asked  # every ask so far is answered by this run
        if due:
            self._run(due)

    def _state(self) -> threading.local:
        local = self._local
        if not hasattr(local, "asked"):
            local.asked, local.done = 0, {}
        return local
