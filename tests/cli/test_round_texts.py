"""``imag round text``: the secretariat's introduction and assessment of a round, written from a
file in German, Polish and Czech with a state each, audited; refused for a closed round (its
report is frozen with its snapshot) and for bad input, with nothing stored changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import AuditEvent
from app.rounds import editorial
from tests.support.rounds_kit import session_of, start_round, table_dump


def test_write_show_and_remove_a_round_text(demo_dir: Path, tmp_path: Path, cli) -> None:
    cycle = start_round(demo_dir, tmp_path, open_packages=False)
    folder = cycle.secretariat_dir
    source = tmp_path / "intro.txt"
    source.write_text("Erster Absatz.\r\n\r\nZweiter Absatz  \nmit Zeilenumbruch.\n\n", "utf-8")
    result = cli(
        "--data-dir", folder, "round", "text", cycle.name, "--part", "intro", "--lang", "de",
        "--file", source,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "gespeichert" in result.out
    polish = tmp_path / "intro-pl.txt"
    polish.write_text("Pierwszy akapit.", "utf-8")
    result = cli(
        "--data-dir", folder, "round", "text", cycle.name, "--part", "intro", "--lang", "pl",
        "--file", polish,
    )  # fmt: skip
    assert result.code == 0, result.err
    with session_of(folder) as session:
        texts = editorial.round_texts(session, cycle.name)
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "round", AuditEvent.action == "text")
        ).all()
    assert texts[("intro", "de")].text == "Erster Absatz.\n\nZweiter Absatz\nmit Zeilenumbruch."
    assert texts[("intro", "de")].state == "reviewed"
    assert texts[("intro", "pl")].state == "proposal"  # a translation: a proposal by default
    assert texts[("intro", "cs")] == editorial.MISSING
    assert texts[("assessment", "de")] == editorial.MISSING
    assert [event.field for event in events] == ["intro:de", "intro:pl"]

    shown = cli("--data-dir", folder, "round", "text", cycle.name, "--part", "intro",
                "--lang", "pl")  # fmt: skip
    assert shown.code == 0
    assert shown.out.strip() == "Pierwszy akapit."
    assert "Vorschlag" in shown.err

    empty = tmp_path / "empty.txt"
    empty.write_text("\n", "utf-8")
    result = cli(
        "--data-dir", folder, "round", "text", cycle.name, "--part", "intro", "--lang", "pl",
        "--file", empty,
    )  # fmt: skip
    assert result.code == 0
    assert "entfernt" in result.out
    with session_of(folder) as session:
        assert editorial.round_texts(session, cycle.name)[("intro", "pl")] == editorial.MISSING


def test_bad_input_and_a_closed_round_are_refused_unchanged(
    demo_dir: Path, tmp_path: Path, cli
) -> None:
    cycle = start_round(demo_dir, tmp_path, open_packages=False)
    folder = cycle.secretariat_dir
    good = tmp_path / "good.txt"
    good.write_text("Bewertung.", "utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    long = tmp_path / "long.txt"
    long.write_text("x" * (editorial.MAX_TEXT + 1), "utf-8")
    before = table_dump(folder)

    def run(path: Path, name: str = cycle.name):
        return cli("--data-dir", folder, "round", "text", name, "--part", "assessment",
                   "--lang", "de", "--file", path)  # fmt: skip

    result = run(binary)
    assert result.code != 0
    assert "binary.txt" in result.err
    assert "UTF-8" in result.err
    result = run(long)
    assert result.code != 0
    assert str(editorial.MAX_TEXT) in result.err.replace(".", "")
    result = run(tmp_path / "missing.txt")
    assert result.code != 0
    assert "missing.txt" in result.err
    result = run(good, "Keine Runde")
    assert result.code != 0
    assert "Keine Runde" in result.err
    assert table_dump(folder) == before

    assert cli("--data-dir", folder, "round", "close", cycle.name).code == 0
    closed = table_dump(folder)
    result = run(good)
    assert result.code != 0
    assert "abgeschlossen" in result.err
    assert "imag round reopen" in result.err
    assert table_dump(folder) == closed


@pytest.mark.usefixtures("postgres")
def test_round_texts_on_a_server(postgres, demo_dir: Path, tmp_path: Path, cli) -> None:
    """The table comes with the migrations on PostgreSQL too; a text is written and shown."""
    url = postgres.new_database()
    assert cli("--data-dir", demo_dir, "db", "copy", "--to", url).code == 0
    server = ("--data-dir", str(tmp_path / "secretariat"), "--database", url)
    created = cli(*server, "round", "create", "R1", "--deadline", "2099-06-30",
                  "--departments", "SK")  # fmt: skip
    assert created.code == 0, created.err
    source = tmp_path / "t.txt"
    source.write_text("Łódź, Ústí – Einleitung.", "utf-8")
    written = cli(*server, "round", "text", "R1", "--part", "intro", "--lang", "cs",
                  "--file", source, "--state", "reviewed")  # fmt: skip
    assert written.code == 0, written.err
    shown = cli(*server, "round", "text", "R1", "--part", "intro", "--lang", "cs")
    assert shown.out.strip() == "Łódź, Ústí – Einleitung."
    assert "geprüft" in shown.err


def test_the_command_line_knows_every_round_text() -> None:
    from app.cli.round_texts import PARTS

    assert tuple(editorial.PARTS) == PARTS
