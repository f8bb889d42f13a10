"""The criteria sets' texts and the rounds' texts are translated like the measures' free texts:
the same states (a German change makes a translation "needs update"), the same memory, the same
translation packages with the same checks, all or nothing, audited."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from sqlalchemy import select

from app.free_text import segments, view
from app.free_text.segments import Edit
from app.models import AuditEvent, TranslationState
from app.operations.context import Actor
from app.partnerships import criteria
from app.paths import resolve
from app.rounds import editorial
from app.storage.register import Register, open_register
from tests.support.rounds_kit import session_of, start_round, table_dump

ACTOR = Actor("Erika Muster")
SET = "criteria:IMAG-2026"
GOALS = "Beitrag zu den sechs Zielen der Leitlinien"
GOALS_NEW = "Beitrag zu den sechs Zielen der Leitlinien und zum Grenzraum"
GOALS_PL = "Wkład w sześć celów Strategii i w obszar przygraniczny"


@pytest.fixture
def register(fresh: Register) -> Register:
    return fresh


def _segment(reg: Register, code: str, field: str, lang: str = "pl") -> segments.Segment:
    with reg.session() as session:
        return {s.key: s for s in segments.segments(session, lang)}[(code, field)]


def _change_german(reg: Register, name_de: str) -> None:
    with reg.session() as session:
        document = criteria.as_document(criteria.find_set(session, None))
    document["criteria"][0]["name_de"] = name_de
    with reg.session() as session:
        criteria.save_set(session, ACTOR, document)


def test_a_criteria_text_has_states_memory_and_audit(register: Register) -> None:
    shipped = _segment(register, SET, "GOALS.name")
    assert (shipped.source, shipped.state) == (GOALS, TranslationState.PROPOSAL)
    assert _segment(register, SET, "scale.4", "cs").text == "velmi vysoký"
    assert _segment(register, SET, "GOALS.description").text

    _change_german(register, GOALS_NEW)  # the secretariat changes the German in the editor
    outdated = _segment(register, SET, "GOALS.name")
    assert outdated.state == TranslationState.NEEDS_UPDATE
    assert outdated.previous_source == GOALS
    assert _segment(register, SET, "WORKING_GROUP.name").state == TranslationState.PROPOSAL

    with register.session() as session:
        rows = view.apply(
            session, ACTOR, "pl", [Edit(SET, "GOALS.name", GOALS_PL, GOALS_NEW)], reviewed=True
        )
    assert rows.suggestions[GOALS_NEW] == GOALS_PL  # the memory knows it now
    done = _segment(register, SET, "GOALS.name")
    assert (done.text, done.state) == (GOALS_PL, TranslationState.TRANSLATED)
    with register.session() as session:
        kept = criteria.find_set(session, None)
        assert kept.criteria[0].name_pl == GOALS_PL  # where the reports and rounds read it
        assert kept.revision == 3  # an editor holding the set must read it again
        fields = set(
            session.scalars(
                select(AuditEvent.field).where(
                    AuditEvent.entity == "criteria_set", AuditEvent.action == "update"
                )
            )
        )
    assert {"GOALS.name_pl", "GOALS.name_state_pl"} <= fields

    # the secretariat edits the reviewed Polish text in the editor: a proposal again
    with register.session() as session:
        document = criteria.as_document(criteria.find_set(session, None))
    document["criteria"][0]["name_pl"] = GOALS_PL + "."
    with register.session() as session:
        criteria.save_set(session, ACTOR, document)
    assert _segment(register, SET, "GOALS.name").state == TranslationState.PROPOSAL


def test_a_round_text_is_translated_with_its_states(demo_dir: Path, tmp_path: Path) -> None:
    cycle = start_round(demo_dir, tmp_path, open_packages=False)
    code = f"round:{cycle.name}"
    with session_of(cycle.secretariat_dir) as session:
        editorial.set_text(session, ACTOR, cycle.name, part="intro", lang="de", text="Im Plan.")
    with session_of(cycle.secretariat_dir) as session:
        found = {s.key: s for s in segments.segments(session, "cs")}
        assert found[(code, "intro")].state == TranslationState.MISSING
        assert (code, "assessment") not in found  # no German text: nothing to translate
        view.apply(session, ACTOR, "cs", [Edit(code, "intro", "Podle plánu.", "Im Plan.")],
                   reviewed=False)  # fmt: skip
    with session_of(cycle.secretariat_dir) as session:
        texts = editorial.round_texts(session, cycle.name)
        assert (texts[("intro", "cs")].text, texts[("intro", "cs")].state) == (
            "Podle plánu.",
            "proposal",
        )
        editorial.set_text(session, ACTOR, cycle.name, part="intro", lang="de", text="Verzögert.")
    with session_of(cycle.secretariat_dir) as session:
        assert editorial.round_texts(session, cycle.name)[("intro", "cs")].state == "needs_update"
        outdated = {s.key: s for s in segments.segments(session, "cs")}[(code, "intro")]
        events = session.scalars(
            select(AuditEvent.field).where(
                AuditEvent.entity == "round", AuditEvent.action == "text"
            )
        ).all()
    assert outdated.state == TranslationState.NEEDS_UPDATE
    assert outdated.previous_source == "Im Plan."
    assert events == ["intro:de", "intro:cs", "intro:de"]


def test_a_round_text_is_written_alike_from_both_views(demo_dir: Path, tmp_path: Path) -> None:
    """The translation view and the round's texts tab write a translation the same way (one
    place does both): the same row and the same audit event, but for the text's part."""
    cycle = start_round(demo_dir, tmp_path, open_packages=False)
    with session_of(cycle.secretariat_dir) as session:
        for part, german in (("intro", "Im Plan."), ("assessment", "Alles im Plan.")):
            editorial.set_text(session, ACTOR, cycle.name, part=part, lang="de", text=german)
        view.apply(session, ACTOR, "pl", [Edit(f"round:{cycle.name}", "intro", "Zgodnie z planem.",
                                               "Im Plan.")], reviewed=True)  # fmt: skip
        editorial.set_text(session, ACTOR, cycle.name, part="assessment", lang="pl",
                           text="Zgodnie z planem.", state="reviewed")  # fmt: skip
    with session_of(cycle.secretariat_dir) as session:
        rows = {
            part: (text.text, text.state)
            for (part, lang), text in editorial.round_texts(session, cycle.name).items()
            if lang == "pl"
        }
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.field.in_(("intro:pl", "assessment:pl")))
        ).all()
        audited = [(e.action, e.entity, e.entity_code, e.old_value, e.new_value) for e in events]
    assert rows["intro"] == rows["assessment"] == ("Zgodnie z planem.", "reviewed")
    assert len(audited) == 2
    assert audited[0] == audited[1]


def _fill(po_text: str, wanted: dict[str, str]) -> str:
    catalog = read_po(io.StringIO(po_text), locale="pl")
    for message in catalog:
        if message.id in wanted:
            message.string = wanted[message.id]
            message.flags.discard("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog, include_previous=True)
    return buffer.getvalue().decode("utf-8")


def test_a_package_carries_criteria_and_round_texts(demo_dir: Path, tmp_path: Path, cli) -> None:
    cycle = start_round(demo_dir, tmp_path, open_packages=False)
    folder = cycle.secretariat_dir
    with open_register(resolve(folder)) as reg:
        _change_german(reg, GOALS_NEW)
        with reg.session() as session:
            editorial.set_text(
                session,
                ACTOR,
                cycle.name,
                part="assessment",
                lang="de",
                text="Die Maßnahmen laufen.",
            )
    package, back, po_file = (tmp_path / name for name in ("p", "r", "pl.po"))
    result = cli("--data-dir", folder, "translations", "export", "--language", "pl",
                 "--out", package)  # fmt: skip
    assert result.code == 0, result.err
    po_text = cli("translations", "extract", package).out
    assert f'msgctxt "{SET} GOALS.name"' in po_text
    assert f'#| msgid "{GOALS}"' in po_text  # the German it was translated from
    assert f'msgctxt "round:{cycle.name} assessment"' in po_text
    assert "#. Glossary: Maßnahme → działanie" in po_text
    assessment = "Działania są realizowane."
    po_file.write_text(
        _fill(po_text, {GOALS_NEW: GOALS_PL, "Die Maßnahmen laufen.": assessment}), "utf-8"
    )
    assert cli("translations", "reply", package, po_file, "--out", back).code == 0
    before = table_dump(folder)
    result = cli("--data-dir", folder, "translations", "import", back)
    assert result.code == 0, result.err
    after = table_dump(folder)
    changed = {table for table in after if after[table] != before[table]}
    assert changed == {
        "audit_event", "criteria_set", "criterion", "criteria_translation", "round_text"
    }  # fmt: skip
    with session_of(folder) as session:
        texts = editorial.round_texts(session, cycle.name)
        assert (texts[("assessment", "pl")].text, texts[("assessment", "pl")].state) == (
            assessment,
            "reviewed",
        )
        assert criteria.find_set(session, None).criteria[0].name_pl == GOALS_PL

    # the same return again: the German is no longer "missing or needs update" as exported
    # but it is the same text: refused only when the German changed since
    with session_of(folder) as session:
        editorial.set_text(session, ACTOR, cycle.name, part="assessment", lang="de", text="Neu.")
    stale = table_dump(folder)
    result = cli("--data-dir", folder, "translations", "import", back)
    assert result.code != 0
    assert "seit dem Export geändert" in result.err
    assert table_dump(folder) == stale
