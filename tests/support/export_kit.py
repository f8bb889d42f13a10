"""A register with every field of a measure filled, in every shape (texts to strip, control
characters, floats, dates, free-text translations in every state, archived measures and
successors, lists of links and items): what the exports are compared on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from app.models import (
    Department,
    Goal,
    Indicator,
    Instrument,
    Measure,
    MeasureDepartment,
    MeasureGoal,
    MeasurePartner,
    Milestone,
    Partner,
    Section,
    TextTranslation,
)
from app.paths import resolve
from app.storage.register import open_register

TEXTS = (
    None,
    "",
    "   ",
    "Schlicht",
    "  Rand mit Leerzeichen \n",
    'Łódź – Ústí „Zitat“ "quoted" \\ tab\t line\n end \u2028 \x01 % %s 100 %',
    "\u00a0nbsp\u3000",
)
FLOATS = (None, 0.0, 0.1, 1 / 3, 2.5, 1e20, -7.0, 123456789.125)


def pick(values: tuple[Any, ...], n: int) -> Any:
    return values[n % len(values)]


def fill(folder: Path, total: int, database: str | None = None) -> None:
    """``total`` measures with every field filled, in every shape, and their links."""
    with (
        open_register(resolve(folder, database=database)) as register,
        register.session() as session,
        session.begin(),
    ):
        instruments = list(session.scalars(select(Instrument.id)))
        sections = list(session.scalars(select(Section.id)))
        departments = list(session.scalars(select(Department.id)))
        goals = list(session.scalars(select(Goal.id)))
        partners = list(session.scalars(select(Partner.id)))
        base = dt.date(2026, 1, 1)
        rows = [
            {
                "code": f"X.{n:04d}",
                "instrument_id": pick(tuple(instruments), n),
                "section_id": pick((None, *sections), n),
                "position": 1000 + n // 3,  # ties: ordered by id
                "title_de": pick(TEXTS[3:], n) + f" {n}",
                "title_pl": pick(TEXTS, n + 1),
                "title_cs": pick(TEXTS, n + 2),
                "state_pl": pick(("missing", "proposal", "translated", "needs_update"), n),
                "state_cs": pick(("translated", "missing", "proposal"), n),
                "description_de": pick(TEXTS, n + 3),
                "description_pl": pick(TEXTS, n + 4),
                "description_cs": pick(TEXTS, n + 5),
                "lead_in_de": pick(TEXTS, n + 6),
                "modality": pick((None, "could", "shall", "continue"), n),
                "source_first_line": pick((None, 10, 200), n),
                "source_last_line": pick((None, 12, 230), n),
                "status": pick(
                    ("planned", "in_progress", "continuous", "completed", "suspended", "dropped"),
                    n,
                ),
                "status_reason": pick(TEXTS[3:], n + 1) if n % 6 == 5 else pick(TEXTS, n),
                "traffic_light": pick((None, "green", "amber", "red"), n),
                "progress": pick((None, 0, 50, 100, 7), n),
                "start_date": pick((None, base, base + dt.timedelta(days=40)), n),
                "end_date": pick((None, None, base + dt.timedelta(days=400)), n),
                "comment": pick(TEXTS, n + 2),
                "next_steps": pick(TEXTS, n // 7),
                "budget_reservation": n % 2 == 0,
                "budget_planned_cents": pick((None, 0, 123456, 2_000_000_000), n),
                "budget_committed_cents": pick((None, 5, 99), n),
                "contact_name": pick(TEXTS, n + 3),
                "contact_email": pick((None, "", " a@b.de ", "x@example.org"), n),
                "contact_phone": pick((None, "+49 351 1234", "  "), n),
                "archived": n % 9 == 4,
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": f"2026-02-{1 + n % 28:02d}T10:00:00Z",
            }
            for n in range(total)
        ]
        session.execute(insert(Measure), rows)
        ids = list(session.scalars(select(Measure.id).where(Measure.code.like("X.%"))))
        session.execute(
            update(Measure).where(Measure.id.in_(ids[1::5])).values(successor_id=ids[0])
        )
        _links(session, ids, departments, goals, partners)
        _items(session, ids, base)
        _translations(session, ids, rows)


def _links(session: Any, ids: list[int], departments: list[int], goals: list[int],
           partners: list[int]) -> None:  # fmt: skip
    session.execute(
        insert(MeasureDepartment),
        [
            {"measure_id": m, "department_id": departments[(m + k) % len(departments)],
             "role": "lead" if k == 0 else "participating"}
            for n, m in enumerate(ids)
            for k in range(n % 4)
        ],
    )  # fmt: skip
    session.execute(
        insert(MeasureGoal),
        [{"measure_id": m, "goal_id": goals[(m * 5 + k) % 6]}
         for n, m in enumerate(ids) for k in range(n % 4)],
    )  # fmt: skip
    session.execute(
        insert(MeasurePartner),
        [{"measure_id": m, "partner_id": partners[(m * 3 + k) % len(partners)]}
         for n, m in enumerate(ids) for k in range(n % 3)],
    )  # fmt: skip


def _items(session: Any, ids: list[int], base: dt.date) -> None:
    session.execute(
        insert(Indicator),
        [
            {"measure_id": m, "position": 3 - k, "name": pick(TEXTS[3:], n + k),
             "unit": pick((None, "", " EUR ", "Personen"), n + k),
             "baseline": pick(FLOATS, n), "target": pick(FLOATS, n + k + 1),
             "actual": pick(FLOATS, n + 2), "actual_date": pick((None, base), n + k)}
            for n, m in enumerate(ids)
            for k in range(n % 3)
        ],
    )  # fmt: skip
    session.execute(
        insert(Milestone),
        [
            {"measure_id": m, "position": k, "title": pick(TEXTS[3:], n + k),
             "due_date": pick((None, base + dt.timedelta(days=k)), n),
             "done_date": pick((None, None, base), n + k)}
            for n, m in enumerate(ids)
            for k in range(n % 4 // 2 * 2)
        ],
    )  # fmt: skip


def _translations(session: Any, ids: list[int], rows: list[dict[str, Any]]) -> None:
    """Translations of the free texts: up to date (a proposal or reviewed), made from another
    German text (needs an update), of texts without German words, of archived measures."""
    session.execute(
        insert(TextTranslation),
        [
            {"measure_id": m, "field": field, "lang": lang,
             "text": f"{lang} {field} {n}", "state": pick(("proposal", "translated"), n),
             "source_de": (row[field] or "") + ("" if n % 5 else " (alt)"),
             "updated_at": "2026-03-01T00:00:00Z"}
            for n, (m, row) in enumerate(zip(ids, rows, strict=True))
            for field in ("comment", "next_steps", "status_reason")
            for lang in ("pl", "cs")
            if (n + len(field) + len(lang)) % 3
        ],
    )  # fmt: skip
