"""Hearing what others change in a shared register (no Qt).

On a server every audit event sends a notice ``action:entity:code`` on the channel
:data:`CHANNEL` when its transaction commits (a trigger, migration 0014). A
:class:`ChangeListener` is a thread with a connection of its own that ``LISTEN``\\ s and hands
each batch of notices (those of a fraction of a second) to ``heard``, leaving out the ones this
program's own register connections sent (their server process ids are noted as the register's
engine hands them out). When its connection is lost it connects again after
:data:`RETRY_SECONDS`, and then hands over :data:`MISSED` (the changes made meanwhile are
unknown: everything is read again). :func:`changes_heard` says what a batch changed, as an
operation's :class:`~app.operations.changes.OpChanges` does, so that a window refreshes only
that. A register file has one writer and hears nothing: the window's poll stays for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event

from app.operations.changes import EVERYTHING, OpChanges
from app.storage.server import server_engine

CHANNEL = "imag_changes"
RETRY_SECONDS = 5.0
BATCH_SECONDS = 0.3
"""Notices heard within this time are handed over together."""
MANY = 500
"""More measures changed at once than this: the register is read again."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    action: str
    entity: str
    code: str

    @classmethod
    def parse(cls, payload: str) -> Notice:
        action, _sep, rest = payload.partition(":")
        entity, _sep, code = rest.partition(":")
        return cls(action, entity, code)


MISSED = Notice("missed", "*", "")
"""Handed over after a lost connection came back: what changed meanwhile is not known."""


def changes_heard(notices: Iterable[Notice]) -> OpChanges:
    """What a batch of notices changed: the measures changed or deleted, or (anything else, or
    very many) everything."""
    changed: set[str] = set()
    removed: set[str] = set()
    for notice in notices:
        if notice.entity != "measure" or not notice.code:
            return EVERYTHING
        (removed if notice.action == "delete" else changed).add(notice.code)
    if len(changed) + len(removed) > MANY:
        return EVERYTHING
    return OpChanges(measures=frozenset(changed - removed), removed=frozenset(removed))


class ChangeListener:
    """Listens on :data:`CHANNEL` of the register at ``url`` (``password`` as the window was
    given it) on a thread of its own; ``heard(notices)`` runs on that thread. ``own``: the
    register's engine, whose connections' notices are its own changes (left out)."""

    def __init__(
        self,
        url: str,
        heard: Callable[[list[Notice]], None],
        *,
        own: Engine | None = None,
        password: str | None = None,
    ) -> None:
        self.url = url
        self.heard = heard
        self.password = password
        self.listening = threading.Event()
        """Set while the listener's connection is up and listening."""
        self._stop = threading.Event()
        self._own: set[int] = set()
        self._engine = own
        self._thread = threading.Thread(target=self._run, name="imag-change-listener", daemon=True)
        if own is not None:
            event.listen(own, "checkout", self._note_own)

    def _note_own(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        pid = getattr(getattr(dbapi_connection, "info", None), "backend_pid", None)
        if isinstance(pid, int):
            self._own.add(pid)

    def start(self) -> ChangeListener:
        self._thread.start()
        return self

    def stop(self) -> None:
        """End the thread (within a fraction of a second) and close its connection."""
        self._stop.set()
        if self._engine is not None and event.contains(self._engine, "checkout", self._note_own):
            event.remove(self._engine, "checkout", self._note_own)
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        lost = False
        while not self._stop.is_set():
            try:
                self._listen(missed=lost)
            except Exception:  # a lost or refused connection: try again in a while
                log.info("listening for changes failed; trying again", exc_info=True)
            lost = True
            self.listening.clear()
            self._stop.wait(RETRY_SECONDS)

    def _listen(self, *, missed: bool) -> None:
        engine = server_engine(self.url, password=self.password)
        try:
            raw = engine.raw_connection()
            try:
                connection = raw.driver_connection
                assert connection is not None
                connection.rollback()
                connection.autocommit = True
                connection.execute(f"LISTEN {CHANNEL}")
                self.listening.set()
                if missed:
                    self.heard([MISSED])
                while not self._stop.is_set():
                    batch = [
                        Notice.parse(notice.payload)
                        for notice in connection.notifies(timeout=BATCH_SECONDS)
                        if notice.pid not in self._own
                    ]
                    if batch:
                        self.heard(batch)
            finally:
                raw.close()
        finally:
            engine.dispose()
