"""Work that follows a commit, done once per transaction however many writes asked for it,
and done off the request on a thread of its own.

An import of a thousand projects asks a thousand times for the home page to be rendered
again, a venue's thousand sheets built in one transaction ask a thousand times for its
screens to be told: both want it done once, after the commit, with what is then stored.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from django.db import connection, transaction

log = logging.getLogger(__name__)

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


class OffRequest(Generic[Key, Value]):
    """Work done off the request, on one thread per process: the committing request
    hands its keys over and answers; the thread does ``work`` for what it was handed,
    each key once however many hand-overs arrived meanwhile (with the last value).

    ``mode()`` says how, read at each hand-over: ``background`` (the thread),
    ``inline`` (at once, in the caller's thread: a command that must see the result
    before it exits) or ``off`` (nothing)."""

    def __init__(
        self, name: str, work: Callable[[dict[Key, Value]], None], mode: Callable[[], str]
    ) -> None:
        self._name, self._work, self._mode = name, work, mode
        self._pending: dict[Key, Value] = {}
        self._busy = False
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None

    def hand_over(self, items: Mapping[Key, Value]) -> None:
        mode = self._mode()
        if mode == "off":
            return
        if mode == "inline":
            self._work(dict(items))
            return
        with self._condition:
            self._pending.update(items)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
                # A command that changed something finishes this work before it exits.
                atexit.register(self.settle)
            self._condition.notify_all()

    def settle(self, timeout: float = 30) -> bool:
        """Wait until everything handed over is done (for tests and the CLI)."""
        with self._condition:
            return self._condition.wait_for(
                lambda: not self._pending and not self._busy, timeout=timeout
            )

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: bool(self._pending))
                items, self._pending, self._busy = self._pending, {}, True
            try:
                self._work(items)
            except Exception:  # the next hand-over tries again; the request has answered
                log.exception("%s: %s failed", self._name, list(items))
            finally:
                connection.close()  # this thread holds no connection between batches
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
