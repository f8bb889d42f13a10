"""The register as rows for browsing: loaded in a few plain queries, filtered and sorted fast.

Each row carries a folded search key (case and diacritics removed: "wroclaw" finds "Wrocław",
"usti" finds "Ústí") computed once when the rows are loaded, so that a keystroke in the search
box costs one substring test per row.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Department,
    DepartmentRole,
    Goal,
    Instrument,
    Measure,
    MeasureDepartment,
    MeasureGoal,
    MeasurePartner,
    Partner,
    Section,
    Status,
    TrafficLight,
)
from app.operations.queries import restricted

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


def chosen_ids(
    session: Session, codes: Collection[str] | None, first: int | None
) -> list[int] | None:
    """The ids of the measures ``codes``, or of the ``first`` in register order (``None``:
    all measures)."""
    if codes is not None:
        return list(session.scalars(select(Measure.id).where(Measure.code.in_(list(codes)))))
    if first is not None:
        order = (Measure.position, Measure.id)
        return list(session.scalars(select(Measure.id).order_by(*order).limit(first)))
    return None


def load_rows(
    session: Session, codes: Collection[str] | None = None, *, first: int | None = None
) -> list[MeasureRow]:
    """All measures (or those of ``codes``, or the ``first`` in register order: a screenful to
    show before the rest is read), register order, with their links, in a few plain queries."""
    ids = chosen_ids(session, codes, first)
    instruments = dict(session.execute(select(Instrument.id, Instrument.numeral)).all())
    sections = dict(session.execute(select(Section.id, Section.code)).all())
    departments = dict(session.execute(select(Department.id, Department.code)).all())
    goals = dict(session.execute(select(Goal.id, Goal.number)).all())
    partners = dict(session.execute(select(Partner.id, Partner.code)).all())
    lead: dict[int, str] = {}
    linked: dict[int, set[str]] = defaultdict(set)
    for measure_id, department_id, role in session.execute(
        restricted(
            select(
                MeasureDepartment.measure_id,
                MeasureDepartment.department_id,
                MeasureDepartment.role,
            ),
            MeasureDepartment.measure_id,
            ids,
        )
    ):
        code = departments[department_id]
        linked[measure_id].add(code)
        if role == DepartmentRole.LEAD:
            lead[measure_id] = code
    goal_links: dict[int, set[int]] = defaultdict(set)
    for measure_id, goal_id in session.execute(
        restricted(select(MeasureGoal.measure_id, MeasureGoal.goal_id), MeasureGoal.measure_id, ids)
    ):
        goal_links[measure_id].add(goals[goal_id])
    partner_links: dict[int, set[str]] = defaultdict(set)
    for measure_id, partner_id in session.execute(
        restricted(
            select(MeasurePartner.measure_id, MeasurePartner.partner_id),
            MeasurePartner.measure_id,
            ids,
        )
    ):
        partner_links[measure_id].add(partners[partner_id])
    table = Measure.__table__.c  # the table's columns: plain rows, not the ORM's (a quarter less)
    columns = (
        table.id, table.code, table.position, table.instrument_id, table.section_id,
        table.title_de, table.title_pl, table.title_cs, table.status,
        table.traffic_light, table.progress, table.updated_at, table.archived,
    )  # fmt: skip
    rows = []
    for (mid, code, position, instrument_id, section_id, de, pl, cs, status, light, progress,
         updated, archived) in session.execute(
        restricted(select(*columns), table.id, ids).order_by(table.position, table.id)
    ):  # fmt: skip
        lead_code = lead.get(mid)
        rows.append(
            MeasureRow(
                code=code,
                position=position,
                instrument=instruments[instrument_id],
                section=sections.get(section_id) if section_id is not None else None,
                title_de=de,
                title_pl=pl,
                title_cs=cs,
                status=status,
                traffic_light=light,
                progress=progress,
                updated_at=updated,
                archived=archived,
                lead_department=lead_code,
                departments=frozenset(linked.get(mid, ())),
                goals=frozenset(goal_links.get(mid, ())),
                partners=frozenset(partner_links.get(mid, ())),
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
    for word in flt.words:
        found = [i for i in found if word in rows[i].search_key]
    if not flt.show_archived:
        found = [i for i in found if not rows[i].archived]
    return found


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


def load_start(session: Session, first: bool) -> tuple[list[MeasureRow], Vocabulary, bool]:
    """What the register view shows: its rows (only the first :data:`FIRST_ROWS` if ``first``,
    the window's start: a screenful painted at once, the rest read after it), the vocabulary,
    and whether rows are still to be read."""
    rows = load_rows(session, first=FIRST_ROWS if first else None)
    return rows, load_vocabulary(session), first and len(rows) == FIRST_ROWS


def load_vocabulary(session: Session) -> Vocabulary:
    """The lists the filters and the editor offer, with their names in every language."""
    numerals = dict(session.execute(select(Instrument.id, Instrument.numeral)).all())
    return Vocabulary(
        instruments=[
            Named(i.numeral, i.title_de, i.title_pl, i.title_cs)
            for i in session.scalars(select(Instrument).order_by(Instrument.position))
        ],
        sections=[
            Named(s.code, s.title_de, s.title_pl, s.title_cs, parent=numerals[s.instrument_id])
            for s in session.scalars(select(Section).order_by(Section.position))
        ],
        departments=[
            Named(d.code, d.name_de, d.name_pl, d.name_cs, retired=d.retired)
            for d in session.scalars(select(Department).order_by(Department.position))
        ],
        goals=[
            Named(str(g.number), g.text_de, g.text_pl, g.text_cs)
            for g in session.scalars(select(Goal).order_by(Goal.number))
        ],
        partners=[
            Named(p.code, p.name_de, p.name_pl, p.name_cs)
            for p in session.scalars(select(Partner).order_by(Partner.name_de))
        ],
    )
