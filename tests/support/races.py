"""Two people save the same record of a shared register at once: real separate processes on
the session's PostgreSQL server, both from the same starting revision, released together by a
barrier. The steps are module-level functions (the processes are spawned)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

Read = Callable[[Session, str], Any]
"""``read(session, code)``: what the person starts from (with its revision)."""
Save = Callable[[Session, str, str, Any], None]
"""``save(session, who, code, start)``: their save, based on ``start``."""
Seen = Callable[[Any], Any]
"""``seen(conflict)``: what the refused person sees of the other's change."""


def _person(
    where: tuple[str, str], who: str, code: str, steps: tuple[Read, Save, Seen], sync: Any
) -> None:
    from app.errors import EditConflict
    from app.paths import resolve
    from app.storage.register import open_register

    (url, folder), (read, save, seen), (barrier, results) = where, steps, sync
    try:
        register = open_register(resolve(folder, database=url))
        with register.session() as session:
            start = read(session, code)
    except Exception as error:  # the parent must not wait for a result that never comes
        results.put((who, "failed", repr(error)))
        raise
    with register:
        barrier.wait(timeout=60)
        try:
            with register.session() as session:
                save(session, who, code, start)
            results.put((who, "saved", None))
        except EditConflict as conflict:
            results.put((who, "conflict", seen(conflict)))


def race(url: str, folder: Path, code: str, steps: tuple[Read, Save, Seen]) -> list[Any]:
    """Anna and Bert each save ``code`` (``steps``: read, save, seen); their outcomes, sorted:
    ``(who, "saved" | "conflict", what the refused one saw)``."""
    spawn = multiprocessing.get_context("spawn")
    sync = (spawn.Barrier(2), spawn.Queue())
    people = [
        spawn.Process(target=_person, args=((url, str(folder / who)), who, code, steps, sync))
        for who in ("Anna", "Bert")
    ]
    for person in people:
        person.start()
    outcome = sorted(sync[1].get(timeout=120) for _ in people)
    for person in people:
        person.join(timeout=60)
        assert person.exitcode == 0
    return outcome
