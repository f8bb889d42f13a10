"""The window's start shows the register's first screenful before the whole register is read
(issue 18: start-up): the first rows (register order) are painted while the rest is still to
be read, the count says more are loading, and the rest replaces them keeping the selection and
the filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert, select

from app.models import Instrument, Measure
from app.operations.register_view import FIRST_ROWS

pytestmark = pytest.mark.gui

ADDED = FIRST_ROWS * 2 + 50


def grow(folder: Path, added: int) -> int:
    """Add ``added`` numbered measures after those there; the number of measures then."""
    from app.paths import resolve
    from app.storage.register import open_register

    with (
        open_register(resolve(folder)) as register,
        register.session() as session,
        session.begin(),
    ):
        instrument = session.scalars(select(Instrument.id)).first()
        existing = len(session.scalars(select(Measure.id)).all())
        session.execute(
            insert(Measure),
            [
                {
                    "code": f"X.{n:04d}",
                    "instrument_id": instrument,
                    "position": existing + n,
                    "title_de": f"Maßnahme {n}" + (" Quokka" if n % 2 else ""),
                    "created_at": "2026-01-01T00:00:00Z",
                    "updated_at": "2026-01-01T00:00:00Z",
                }
                for n in range(added)
            ],
        )
    return existing + added


def test_the_first_rows_are_shown_before_the_rest_is_read(
    qtbot, fresh_register: Path, monkeypatch
) -> None:
    from app.i18n import translator
    from app.operations import register_view
    from app.paths import resolve
    from app.profile import Profile
    from app.storage.register import open_register
    from app.ui import main_window
    from app.ui.main_window import MainWindow

    total = grow(fresh_register, ADDED)
    reads: list[int | None] = []  # what each read of the rows asked for, in order
    first_shown: list[tuple[int, int, int, str]] = []
    chosen: list[str] = []  # the measure selected among the first rows

    def counted(session, codes=None, *, first=None):
        reads.append(first)
        return load_rows(session, codes, first=first)

    load_rows = register_view.load_rows
    monkeypatch.setattr(register_view, "load_rows", counted)
    monkeypatch.setattr(main_window, "load_rows", counted)
    paths = resolve(fresh_register)
    with open_register(paths) as register:
        window = MainWindow(translator("en"), register, paths, Profile(name="Erika Muster"))
        qtbot.addWidget(window)
        screen = window.register_screen

        def on_shown() -> None:
            if not first_shown:
                screen.table.viewport().repaint()  # painted now, the rest not read yet
                first_shown.append(
                    (
                        len(reads),
                        screen.model.rowCount(),
                        screen.model.total,
                        screen.count_label.text(),
                    )
                )
                chosen.append(next(r.code for r in screen.model.rows if "Quokka" in r.title_de))
                screen.select(chosen[0])
                screen.search.setText("Quokka")  # typed before the rest arrives

        window.shown.connect(on_shown)
        window.show()
        window.show_page(main_window.REGISTER_PAGE)
        with qtbot.waitSignal(window.loaded, timeout=20000):
            pass
        assert first_shown[0] == (
            1,
            FIRST_ROWS,
            FIRST_ROWS,
            f"{FIRST_ROWS} of {FIRST_ROWS} measures, loading more…",
        )
        assert reads == [FIRST_ROWS, None]  # the first rows, then the whole register
        qtbot.waitUntil(lambda: window.worker.idle)
        assert screen.model.total == total
        hits = sum("Quokka" in row.title_de for row in screen.model.rows)
        assert hits >= ADDED // 2
        assert screen.model.rowCount() == hits  # the filter typed meanwhile holds
        assert screen.count_label.text() == f"{hits} of {total} measures"
        assert screen.selected_code() == chosen[0]  # the selection, too
        window.close()
