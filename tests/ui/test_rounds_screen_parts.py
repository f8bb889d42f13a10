"""The pieces under the rounds screens: reminders and their e-mail drafts, the read models
(conflicts named, returns superseded), how values and typed numbers are read and shown."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.errors import InvalidInput
from app.i18n import translator
from app.models import Indicator, Measure
from app.operations.context import Actor
from app.paths import AppPaths, resolve
from app.rounds import reminders, secretariat, view, workspace
from app.rounds.secretariat import RoundInput
from app.storage.register import Register, open_register
from app.ui.rounds.round_labels import field_text, value_text
from app.ui.workspace.answer_form import number_field, parse_number

ACTOR = Actor("Erika Muster", "app")
ROUND = "Sachstand 2026/1"


@pytest.fixture
def issued(demo_copy: AppPaths, tmp_path: Path):
    """A round for SMI and SMK, issued; the secretariat's register open; the packages' folder."""
    out = tmp_path / "out"
    with open_register(demo_copy) as register:
        with register.session() as session:
            secretariat.create_round(
                session,
                ACTOR,
                RoundInput(
                    name=ROUND,
                    deadline=dt.date(2026, 6, 30),
                    period_start=dt.date(2026, 1, 1),
                    period_end=dt.date(2026, 6, 30),
                    departments=("SMI", "SMK"),
                ),
            )
        with register.session() as session:
            secretariat.issue(session, ACTOR, ROUND, out)
        yield register, out


def answer_and_export(
    laptop: Register, package: Path, target: Path, changes: dict[str, dict[str, Any]]
) -> None:
    with laptop.session() as session:
        workspace.open_package(session, ACTOR, package)
    with laptop.session() as session:
        ws_round = workspace.find(session, None)
        for code, change in changes.items():
            workspace.set_answer(session, ws_round, code, dict(change))
        workspace.export_return(session, ACTOR, ws_round, target)


@pytest.mark.parametrize(
    ("lang", "greeting", "heading"),
    [
        ("de", "Sehr geehrte Damen und Herren,", "6 Maßnahmen brauchen noch eine Antwort:"),
        ("pl", "Szanowni Państwo,", "6 działań wymaga jeszcze odpowiedzi:"),
        ("cs", "Vážené kolegyně, vážení kolegové,", "6 opatření ještě čeká na odpověď:"),
    ],
)
def test_a_reminder_names_the_round_the_deadline_and_what_is_missing(
    issued, lang: str, greeting: str, heading: str
) -> None:
    register, _out = issued
    with register.session() as session:
        progress = secretariat.progress(session, ROUND, today=dt.date(2026, 7, 3))
        smk = next(d for d in progress.departments if d.code == "SMK")
        own = {"de": Measure.title_de, "pl": Measure.title_pl, "cs": Measure.title_cs}[lang]
        titles = dict(
            session.execute(
                select(Measure.code, own).where(Measure.code.in_(smk.missing_codes))
            ).all()
        )
        reminder = reminders.reminder(
            session, ROUND, "smk", lang, sender="Erika Muster", today=dt.date(2026, 7, 3)
        )
    assert smk.state == "overdue"
    assert len(smk.missing_codes) == 6
    assert reminder.department == "SMK"
    assert ROUND in reminder.subject
    assert "SMK" in reminder.subject
    assert {"de": "30. Juni 2026", "pl": "30 czerwca 2026", "cs": "30. června 2026"}[
        lang
    ] in reminder.subject
    lines = reminder.body.splitlines()
    assert lines[0] == greeting
    assert heading in lines
    # each with its title in the reminder's language (the catalogue's proposed translations)
    for code in smk.missing_codes:
        assert titles[code]
        assert f"- {code} {titles[code]}" in lines
    assert "Erika Muster" in lines
    assert reminder.text.startswith(reminder.subject + "\n\n")


def test_the_email_draft_is_unsent_utf8_and_has_no_recipient(issued, tmp_path: Path) -> None:
    register, _out = issued
    with register.session() as session:
        reminder = reminders.reminder(session, ROUND, "SMI", "pl")
    target = reminders.save_eml(reminder, tmp_path / reminder.default_file_name())
    assert target.name == "Sachstand-2026-1_SMI.eml"
    raw = target.read_bytes()
    assert b"\r\n" in raw  # lines end as mail wants them
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"] == ""
    assert message["Subject"] == reminder.subject
    assert message["Content-Language"] == "pl"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().replace("\r\n", "\n") == reminder.body
    assert "Szanowni Państwo" in reminder.body


def test_no_reminder_where_none_is_needed(issued, tmp_path: Path) -> None:
    register, out = issued
    laptop = open_register(resolve(tmp_path / "laptop"))
    try:
        target = tmp_path / "smi.imag-return"
        codes = ["I.03", "I.09", "III.B.03", "IV.07"]
        answer_and_export(
            laptop, next(out.glob("*_SMI.imag-round")), target, {code: {} for code in codes}
        )
    finally:
        laptop.close()
    with register.session() as session:
        [outcome] = secretariat.import_returns(session, ACTOR, [target])
    assert outcome.state == "imported"
    with register.session() as session, pytest.raises(InvalidInput) as refused:
        reminders.reminder(session, ROUND, "SMI", "de")
    assert "vollständig" in translator("de").render(refused.value.message)
    with register.session() as session, pytest.raises(Exception, match="not asked"):
        reminders.reminder(session, ROUND, "SK", "de")


def test_read_models_name_indicators_and_mark_superseded_returns(issued, tmp_path: Path) -> None:
    register, out = issued
    with register.session() as session, session.begin():
        indicator = session.scalars(
            select(Indicator).join(Measure).where(Measure.code == "IV.07")
        ).one()
        name = indicator.name
        indicator.actual = 7.0  # the secretariat changes it after issuing
    laptop = open_register(resolve(tmp_path / "laptop"))
    try:
        package = next(out.glob("*_SMI.imag-round"))
        with laptop.session() as session:
            workspace.open_package(session, ACTOR, package)
        with laptop.session() as session:
            ws_round = workspace.find(session, None)
            issued_values = workspace.items(ws_round)[3]["values"]
            identifier = issued_values["indicators"][0]["id"]
        first, second = tmp_path / "v1.imag-return", tmp_path / "v2.imag-return"
        answer_and_export(laptop, package, first, {"I.03": {"progress": 30}})
        change = {"indicators": [{"id": identifier, "actual": 12.5, "actual_date": "2026-05-31"}]}
        answer_and_export(laptop, package, second, {"IV.07": change})
        with laptop.session() as session:
            shown = view.workspace_view(session, None)
    finally:
        laptop.close()
    assert [export.version for export in shown.exports] == [1, 2]
    assert shown.department == "SMI"
    assert shown.default_file_name == "Sachstand-2026-1_SMI.imag-return"
    with register.session() as session:
        secretariat.import_returns(session, ACTOR, [first, second])
    with register.session() as session:
        returns = view.returns(session, ROUND)
        conflicts = view.conflicts(session, ROUND)
        fingerprint = view.signing_fingerprint(session)
    assert [(r.department, r.version, r.current) for r in returns] == [
        ("SMI", 2, True),
        ("SMI", 1, False),
    ]
    assert returns[0].answers == 2  # the second return carries both answers
    assert returns[0].encrypted
    [conflict] = conflicts
    assert conflict.field == f"indicator:{identifier}"
    assert conflict.indicator == name
    assert conflict.titles["de"]
    assert conflict.register == {"actual": 7.0, "actual_date": None}
    assert conflict.returned == {"actual": 12.5, "actual_date": "2026-05-31"}
    assert fingerprint == shown.fingerprint


def test_values_read_as_labels_in_the_language() -> None:
    de, pl = translator("de"), translator("pl")
    status = {"status": "dropped", "reason": "durch I.10 ersetzt"}
    assert value_text(de, "status", status) == "entfallen (durch I.10 ersetzt)"
    assert value_text(pl, "status", {"status": "in_progress", "reason": None}) == "w realizacji"
    assert value_text(de, "traffic_light", "red") == "gefährdet"
    assert value_text(de, "progress", 55) == "55 %"
    assert value_text(de, "comment", None) == "–"
    indicator = {"actual": 12.5, "actual_date": "2026-05-31"}
    assert value_text(de, "indicator:4", indicator) == "12,5 (Stand 31.05.2026)"
    assert value_text(de, "traffic_light", "purple") == "purple"  # unknown: shown as it is
    assert field_text(de, "progress") == "Fortschritt"
    assert field_text(pl, "indicator:4", "Partnerzy") == "Wskaźnik „Partnerzy”"
    assert json.dumps(status)  # the values stay plain data


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("12", 12),
        ("12,5", 12.5),
        ("12.5", 12.5),
        (" 1 000 ", 1000),
        ("", None),
        ("zwölf", "zwölf"),
        ("1,000,5", "1,000,5"),
        ("nan", "nan"),
    ],
)
def test_typed_numbers(typed: str, read: object) -> None:
    assert parse_number(typed) == read


def test_numbers_shown_for_editing() -> None:
    assert number_field(translator("de"), 1.0) == "1"
    assert number_field(translator("cs"), 12.5) == "12,5"
    assert number_field(translator("de"), None) == ""
    assert number_field(translator("de"), "zwölf") == "zwölf"  # a draft's text stays as typed


def test_a_title_not_translated_is_marked_german_where_asked() -> None:
    from app.ui.rounds.round_labels import title_in

    titles = {"de": "Sommerschule", "pl": None, "cs": "Letní škola"}
    assert title_in(translator("pl"), titles, mark_german=True) == "Sommerschule (po niemiecku)"
    assert title_in(translator("pl"), titles) == "Sommerschule"
    assert title_in(translator("cs"), titles, mark_german=True) == "Letní škola"
    assert title_in(translator("de"), titles, mark_german=True) == "Sommerschule"
