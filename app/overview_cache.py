"""The overview last counted, kept beside the register file between starts (no Qt, no
SQLAlchemy): the window's first screen shows it at once when the window opens on the overview
(issue 18: start-up), while the storage layer is imported and the overview counted afresh.

It is kept with the register file's change stamp (:func:`app.storage.fileformat.change_stamp`:
the file's identity, size, modification time and SQLite's change counter) taken before it was
counted, and written only if the file is still in that state afterwards (nothing committed
meanwhile). It is shown only while the file is in exactly that state: any write since (by this
program, a command, a restored backup, another copy of the file) makes it unusable, and the
window opens as before. It says the day it was counted ("As of …"), which the first screen
shows. The file is read as untrusted: anything but what :func:`remember` writes (broken,
truncated, tampered with, oversized, of another version) is ignored, never an error.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

from app.errors import NotWritable
from app.fileio import write_atomically
from app.overview_data import (
    AT_RISK,
    LIGHTS,
    OVERDUE,
    STATUSES,
    CurrentRound,
    DepartmentReturns,
    DueMeasure,
    Group,
    Names,
    Overview,
    TrendPoint,
)
from app.rounds.labels import DEPARTMENT_STATE, ROUND_STATUS
from app.storage.fileformat import change_stamp

log = logging.getLogger(__name__)

FORMAT = 1
"""The layout of the kept overview; another one is ignored."""
SIZE_LIMIT = 64 * 1024 * 1024
"""A kept overview larger than this is not read (100,000 measures take about 3 MB)."""
LANGUAGES = ("de", "pl", "cs")

T = TypeVar("T")


def cache_file(register_file: Path) -> Path:
    """Where the overview of ``register_file`` is kept: beside it (as its lock file)."""
    return register_file.with_name(register_file.name + ".overview.json")


def remember(register_file: Path, stamp: str | None, data: Overview) -> bool:
    """Keep ``data``, counted from ``register_file`` in the state ``stamp`` (taken before
    counting began), if the file is still in that state; else (or if it cannot be written:
    a read-only folder, a full disk) nothing is kept. True if kept."""
    if stamp is None or change_stamp(register_file) != stamp:
        return False
    kept = {"format": FORMAT, "stamp": stamp, "overview": asdict(data)}
    text = json.dumps(kept, ensure_ascii=False, default=_plain)
    try:
        write_atomically(cache_file(register_file), lambda path: path.write_text(text, "utf-8"))
    except NotWritable as error:  # a read-only folder, a full disk: shown afresh next time
        log.debug("the overview was not kept: %s", error)
        return False
    return True


def recall(register_file: Path) -> Overview | None:
    """The overview kept for ``register_file`` in its present state, else ``None``."""
    stamp = change_stamp(register_file)
    if stamp is None:
        return None
    try:
        with cache_file(register_file).open("rb") as fh:
            raw = fh.read(SIZE_LIMIT + 1)
    except OSError:
        return None
    if len(raw) > SIZE_LIMIT:
        return None
    try:
        payload = json.loads(raw)
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            return None
        if payload.get("stamp") != stamp:
            return None  # the register changed since it was counted
        return decode(payload["overview"])
    except (ValueError, TypeError, KeyError, RecursionError) as error:
        log.debug("the kept overview is not usable: %s", error)
        return None


# -- the file's layout --------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    """What JSON has no type for, as :func:`decode` reads it back."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(value)
    raise TypeError(f"not kept: {type(value).__name__}")


def decode(value: Any) -> Overview:
    """The overview :func:`remember` wrote (the dataclasses' fields, dates as ISO text, sets
    as sorted lists); ValueError (or TypeError, KeyError) for anything
    else, so that a tampered file cannot put a value before the window that it cannot show."""
    fields = _mapping(value)
    return Overview(
        today=_day(fields["today"]),
        measures=_count(fields["measures"]),
        round=None if fields["round"] is None else _round(_mapping(fields["round"])),
        instruments=tuple(_group(_mapping(g)) for g in _list(fields["instruments"])),
        departments=tuple(_group(_mapping(g)) for g in _list(fields["departments"])),
        due=tuple(_due(_mapping(m)) for m in _list(fields["due"])),
        trend=tuple(_point(_mapping(p)) for p in _list(fields["trend"])),
        instrument_names={
            _text(key): _names(names) for key, names in _mapping(fields["instrument_names"]).items()
        },
    )


def _round(fields: dict[str, Any]) -> CurrentRound:
    return CurrentRound(
        name=_text(fields["name"]),
        status=_one_of(fields["status"], ROUND_STATUS),
        deadline=_day(fields["deadline"]),
        departments=tuple(
            DepartmentReturns(
                code=_text(d["code"]),
                names=_names(d["names"]),
                state=_one_of(d["state"], DEPARTMENT_STATE),
                expected=_count(d["expected"]),
                returned=_count(d["returned"]),
                missing_codes=tuple(_text(code) for code in _list(d["missing_codes"])),
            )
            for d in map(_mapping, _list(fields["departments"]))
        ),
    )


def _group(fields: dict[str, Any]) -> Group:
    return Group(
        key=_text(fields["key"]),
        names=_names(fields["names"]),
        total=_count(fields["total"]),
        by_status=_keyed(fields["by_status"], STATUSES, _count),
        by_light=_keyed(fields["by_light"], LIGHTS, _count),
        light_codes=_keyed(fields["light_codes"], LIGHTS, _codes),
    )


def _due(fields: dict[str, Any]) -> DueMeasure:
    return DueMeasure(
        code=_text(fields["code"]),
        titles=_names(fields["titles"]),
        end_date=_day(fields["end_date"]),
        state=_one_of(fields["state"], (OVERDUE, AT_RISK)),
        status=_one_of(fields["status"], STATUSES),
        traffic_light=_optional(fields["traffic_light"], lambda v: _one_of(v, LIGHTS[:3])),
        lead=_optional(fields["lead"], _text),
    )


def _point(fields: dict[str, Any]) -> TrendPoint:
    return TrendPoint(
        label=_text(fields["label"]),
        closed_on=_optional(fields["closed_on"], _day),
        progress={
            _text(key): _optional(value, _percent)
            for key, value in _mapping(fields["progress"]).items()
        },
    )


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("not a mapping")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("not a list")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a text")
    return value


def _codes(value: Any) -> frozenset[str]:
    codes = _list(value)
    if not all(type(code) is str for code in codes):
        raise ValueError("not a list of codes")
    return frozenset(codes)


def _count(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise ValueError("not a count")
    return value


def _percent(value: Any) -> int:
    if _count(value) > 100:
        raise ValueError("not a percentage")
    return int(value)


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(_text(value))


def _one_of(value: Any, allowed: Any) -> str:
    if _text(value) not in allowed:
        raise ValueError(f"unknown key {value!r}")
    return str(value)


def _optional(value: Any, check: Callable[[Any], T]) -> T | None:
    return None if value is None else check(value)


def _names(value: Any) -> Names:
    names = _mapping(value)
    if not set(names) <= set(LANGUAGES):
        raise ValueError("unknown language")
    return {lang: _optional(text, _text) for lang, text in names.items()}


def _keyed(value: Any, keys: tuple[str, ...], check: Callable[[Any], T]) -> dict[str, T]:
    fields = _mapping(value)
    if set(fields) != set(keys):
        raise ValueError("keys differ")
    return {key: check(fields[key]) for key in keys}
