"""The register's rows for browsing, filtered fast: the rows, the filter, the vocabularies.
Plain Python, no SQLAlchemy: the window's first rows are shown with these before the storage
layer is imported (:mod:`app.storage.first_rows`); :mod:`app.operations.register_view` reads them.

Each row carries a folded search key (case and diacritics removed: "wroclaw" finds "Wrocław",
"usti" finds "Ústí") computed once when the rows are loaded, so that a keystroke in the search
box costs one substring test per row.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from app.enums import Status, TrafficLight

FIRST_ROWS = 200  # read first at the window's start: more than a screenful

# Letters that NFKD does not take apart into a base letter and a combining mark.
_SPECIAL = {"ł": "l", "Ł": "l", "ß": "ss", "ẞ": "ss", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o",
            "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i"}  # fmt: skip
_SPECIALS = re.compile("[" + "".join(_SPECIAL) + "]")


class _Marks(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks, filled as characters are met (for
    the rare marks outside the Basic Multilingual Plane, which :func:`_marks` leaves)."""

    def __missing__(self, char: int) -> int | None:
        kept = None if unicodedata.combining(chr(char)) else char
        self[char] = kept
        return kept


_STRIP_MARKS = _Marks()


@functools.cache
def _marks() -> re.Pattern[str]:
    """The combining marks of the Basic Multilingual Plane as one character class (made on
    first use; a regular expression drops them at C speed, where a translation table makes a
    lookup per character)."""
    runs: list[list[int]] = []
    for code in range(0x10000):
        if unicodedata.combining(chr(code)):
            if runs and runs[-1][1] == code - 1:
                runs[-1][1] = code
            else:
                runs.append([code, code])
    ranges = (f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)
    return re.compile(f"[{''.join(ranges)}]+")


def fold(text: str) -> str:
    """Text for matching: special letters replaced, accents stripped, case folded.

    Not for ordering: "Łódź" and "Lodz" are one word to search but not to sort; the translator's
    :meth:`~app.i18n.Translator.sort_key` sorts as the language's alphabet does."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize(
        "NFKD", _SPECIALS.sub(lambda found: _SPECIAL[found.group()], text)
    )
    stripped = _marks().sub("", decomposed)
    if stripped and max(stripped) > "\uffff":
        stripped = stripped.translate(_STRIP_MARKS)
    return stripped.casefold()


@dataclass(slots=True)
class MeasureRow:
    code: str
    position: int
    instrument: str
    section: str | None
    title_de: str
    title_pl: str | None
    title_cs: str | None
    status: Status
    traffic_light: TrafficLight | None
    progress: int | None
    updated_at: str
    archived: bool
    lead_department: str | None = None
    departments: frozenset[str] = frozenset()  # lead and participating
    goals: frozenset[int] = frozenset()
    partners: frozenset[str] = frozenset()
    search_key: str = ""

    def title(self, lang: str) -> tuple[str, bool]:
        """The title in ``lang`` and whether it is the German fallback."""
        if lang in ("pl", "cs"):
            own = self.title_pl if lang == "pl" else self.title_cs
            if own:
                return own, False
            return self.title_de, True
        return self.title_de, False


@dataclass
class Links:
    """The names the rows show for the ids a measure row holds, and each measure's links (by
    measure id): what :func:`measure_rows` needs beside the measure table's own columns."""

    instruments: dict[int, str]
    sections: dict[int, str]
    lead: dict[int, str] = field(default_factory=dict)
    departments: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    goals: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    partners: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))


COLUMNS = (
    "id", "code", "position", "instrument_id", "section_id", "title_de", "title_pl", "title_cs",
    "status", "traffic_light", "progress", "updated_at", "archived",
)  # fmt: skip
"""The measure table's columns a row is made of, in the order :func:`measure_rows` takes them."""
# Stored value (or the member itself) → member: a dict lookup, not the enum's slower call.
STATUSES: dict[str, Status] = {status.value: status for status in Status}
LIGHTS: dict[str | None, TrafficLight | None] = {None: None, **{t.value: t for t in TrafficLight}}


def measure_rows(records: Iterable[Sequence[Any]], links: Links) -> list[MeasureRow]:
    """The rows of the measure table's ``records`` (:data:`COLUMNS`, register order)."""
    rows = []
    for (mid, code, position, instrument_id, section_id, de, pl, cs, status, light, progress,
         updated, archived) in records:  # fmt: skip
        lead_code = links.lead.get(mid)
        rows.append(
            MeasureRow(
                code=code,
                position=position,
                instrument=links.instruments[instrument_id],
                section=links.sections.get(section_id) if section_id is not None else None,
                title_de=de,
                title_pl=pl,
                title_cs=cs,
                status=STATUSES[status],
                traffic_light=LIGHTS[light],
                progress=progress,
                updated_at=updated,
                archived=bool(archived),
                lead_department=lead_code,
                departments=frozenset(links.departments.get(mid, ())),
                goals=frozenset(links.goals.get(mid, ())),
                partners=frozenset(links.partners.get(mid, ())),
                search_key=fold(" ".join(filter(None, (code, de, pl, cs, lead_code)))),
            )
        )
    return rows


@dataclass(frozen=True)
class Filter:
    """What the register view shows; empty fields do not restrict. Fields combine with AND."""

    text: str = ""
    instrument: str | None = None
    section: str | None = None
    department: str | None = None  # lead or participating
    status: Status | None = None
    goal: int | None = None
    partner: str | None = None
    show_archived: bool = False
    codes: frozenset[str] | None = None  # only these measures (a part of the overview chosen)
    words: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", tuple(fold(self.text).split()))


def matching(
    rows: list[MeasureRow], flt: Filter, candidates: Iterable[int] | None = None
) -> list[int]:
    """Indexes of the rows that pass the filter, in register order (or, of ``candidates``, in
    their order). One pass per condition set, each a comprehension narrowing the last: a
    condition that is not set costs nothing, and the most selective run first."""
    found = list(range(len(rows)) if candidates is None else candidates)
    if flt.codes is not None:
        codes = flt.codes
        found = [i for i in found if rows[i].code in codes]
    if flt.instrument is not None:
        instrument = flt.instrument
        found = [i for i in found if rows[i].instrument == instrument]
    if flt.section is not None:
        section = flt.section
        found = [i for i in found if rows[i].section == section]
    if flt.status is not None:
        status = flt.status
        found = [i for i in found if rows[i].status == status]
    if flt.department is not None:
        department = flt.department
        found = [i for i in found if department in rows[i].departments]
    if flt.goal is not None:
        goal = flt.goal
        found = [i for i in found if goal in rows[i].goals]
    if flt.partner is not None:
        partner = flt.partner
        found = [i for i in found if partner in rows[i].partners]
    if not flt.show_archived:
        found = [i for i in found if not rows[i].archived]
    return with_words(rows, flt.words, found)


def with_words(
    rows: list[MeasureRow], words: Iterable[str], candidates: Iterable[int]
) -> list[int]:
    """Of the ``candidates`` (indexes into ``rows``), in their order, those whose search key
    holds every one of ``words`` (folded); a new list, also without words."""
    found = list(candidates)
    for word in words:
        found = [i for i in found if word in rows[i].search_key]
    return found


def narrowed(rows: list[MeasureRow], new: Filter, old: Filter, shown: Iterable[int]) -> list[int]:
    """What ``new`` shows, from the rows ``old`` shows (``shown``) when ``new`` narrows it (see
    :func:`narrows`): the choices are the same and every row shown holds the old words, so only
    the words ``old`` has not tested are tested (a letter typed on: one word, on the rows
    shown)."""
    tested = set(old.words)
    return with_words(rows, [word for word in new.words if word not in tested], shown)


def narrows(new: Filter, old: Filter) -> bool:
    """Whether ``new`` shows a subset of what ``old`` shows: the same choices, and every word
    of the old search inside a word of the new one (a letter typed on), so that only the rows
    shown need testing."""
    return replace(new, text="") == replace(old, text="") and all(
        any(word in longer for longer in new.words) for word in old.words
    )


@dataclass(frozen=True)
class Named:
    """An entry of a vocabulary (instrument, section, department, goal, partner) by language."""

    key: str
    de: str
    pl: str | None = None
    cs: str | None = None
    parent: str | None = None  # the instrument of a section
    retired: bool = False

    def name(self, lang: str) -> str:
        return {"pl": self.pl, "cs": self.cs}.get(lang) or self.de


@dataclass(frozen=True)
class Vocabulary:
    instruments: list[Named]
    sections: list[Named]
    departments: list[Named]
    goals: list[Named]
    partners: list[Named]
