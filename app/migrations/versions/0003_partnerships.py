"""Evaluating the partnerships: criteria sets and their criteria (the shipped default set is
added, marked as a proposal), the criteria a partnership round froze, which department assesses
which partnership in a round, the assessments accepted from returns, the working group's
conclusions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# The criteria set added as a proposal: ``resources/catalogue/criteria-default.json`` as it was
# shipped with this migration, kept here as data so that a later change of the shipped file (or
# of the code that reads it) does not change what an old register migrates to.
DEFAULT_SET: dict[str, Any] = {
    "format": "imag-criteria",
    "format_version": 1,
    "code": "IMAG-2026",
    "proposal": True,
    "name_de": "Kriterien zur Evaluierung der Regionalpartnerschaften (Vorschlag)",
    "name_pl": "Kryteria ewaluacji partnerstw regionalnych (propozycja)",
    "name_cs": "Kritéria hodnocení regionálních partnerství (návrh)",
    "source_de": "Abgeleitet aus den sechs Zielen der Präambel und Abschnitt II (Regionale und sektorale Partnerschaften) der Leitlinien; die Kriterien legt die Staatsregierung fest.",
    "scale": {"min": 0, "max": 4},
    "scale_labels": [
        {"value": 0, "de": "kein Beitrag", "pl": "brak wkładu", "cs": "žádný přínos"},
        {"value": 1, "de": "gering", "pl": "niski", "cs": "nízký"},
        {"value": 2, "de": "mittel", "pl": "średni", "cs": "střední"},
        {"value": 3, "de": "hoch", "pl": "wysoki", "cs": "vysoký"},
        {"value": 4, "de": "sehr hoch", "pl": "bardzo wysoki", "cs": "velmi vysoký"},
    ],
    "criteria": [
        {
            "code": "GOALS",
            "weight": 3,
            "name_de": "Beitrag zu den sechs Zielen der Leitlinien",
            "name_pl": "Wkład w sześć celów Strategii",
            "name_cs": "Přínos k šesti cílům strategie",
            "description_de": "Inwieweit trägt die Partnerschaft zu den Zielen der Präambel bei (Grenzraum, Brückenbauer MOE, Investitionen, Wirtschafts-, Innovations- und Wissenschaftsstandort, Kunst und Kultur, Globaler Süden)?",
            "description_pl": "W jakim stopniu partnerstwo przyczynia się do celów preambuły (obszar przygraniczny, pomost do państw Europy Środkowo-Wschodniej, inwestycje, gospodarka, innowacje i nauka, sztuka i kultura, Globalne Południe)?",
            "description_cs": "Do jaké míry partnerství přispívá k cílům preambule (příhraniční oblast, most ke státům střední a východní Evropy, investice, hospodářství, inovace a věda, umění a kultura, globální Jih)?",
        },
        {
            "code": "WORKING_GROUP",
            "weight": 2,
            "name_de": "Aktivität der bilateralen Arbeitsgruppe",
            "name_pl": "Aktywność dwustronnej grupy roboczej",
            "name_cs": "Aktivita bilaterální pracovní skupiny",
            "description_de": "Tagt die bilaterale Arbeitsgruppe regelmäßig, werden Vereinbarungen umgesetzt, gibt es Treffen auf Regierungsebene?",
            "description_pl": "Czy dwustronna grupa robocza spotyka się regularnie, czy ustalenia są realizowane, czy odbywają się spotkania na szczeblu rządowym?",
            "description_cs": "Schází se bilaterální pracovní skupina pravidelně, plní se dohody, konají se setkání na úrovni vlád?",
        },
        {
            "code": "SECTOR_RESULTS",
            "weight": 3,
            "name_de": "Ergebnisse in den Sektoren der Strategie",
            "name_pl": "Wyniki w sektorach Strategii",
            "name_cs": "Výsledky v odvětvích strategie",
            "description_de": "Konkrete Projekte und Ergebnisse u. a. in Mikroelektronik, Automotive, Verwaltungsdigitalisierung, Künstlicher Intelligenz, Strukturwandel, Energie, Wasser, Ernährungssicherheit und Anpassung an den Klimawandel.",
            "description_pl": "Konkretne projekty i wyniki m.in. w mikroelektronice, motoryzacji, cyfryzacji administracji, sztucznej inteligencji, transformacji strukturalnej, energetyce, gospodarce wodnej, bezpieczeństwie żywnościowym i adaptacji do zmian klimatu.",
            "description_cs": "Konkrétní projekty a výsledky mimo jiné v mikroelektronice, automobilovém průmyslu, digitalizaci veřejné správy, umělé inteligenci, strukturální změně, energetice, vodním hospodářství, potravinové bezpečnosti a adaptaci na změnu klimatu.",
        },
        {
            "code": "SECTORAL_POTENTIAL",
            "weight": 2,
            "name_de": "Potenzial für sektorale statt formalisierter Zusammenarbeit",
            "name_pl": "Potencjał współpracy sektorowej zamiast sformalizowanej",
            "name_cs": "Potenciál pro sektorovou místo formalizované spolupráce",
            "description_de": "Sektorale Kooperationen sollen grundsätzlich den Vorzug vor formalisierten Regionalpartnerschaften erhalten: Ließe sich das Ziel thematisch fokussiert besser erreichen?",
            "description_pl": "Współpraca sektorowa ma co do zasady pierwszeństwo przed sformalizowanymi partnerstwami regionalnymi: czy cel można lepiej osiągnąć w formie tematycznej?",
            "description_cs": "Sektorová spolupráce má zásadně přednost před formalizovanými regionálními partnerstvími: lze cíle lépe dosáhnout tematicky zaměřenou spoluprací?",
        },
        {
            "code": "EFFORT_BENEFIT",
            "weight": 2,
            "name_de": "Verhältnis von Aufwand und Nutzen",
            "name_pl": "Stosunek nakładów do korzyści",
            "name_cs": "Poměr nákladů a přínosů",
            "description_de": "Personal, Reisen und Haushaltsmittel im Verhältnis zum erzielten Nutzen für den Freistaat (Haushaltsvorbehalt beachten).",
            "description_pl": "Kadry, podróże i środki budżetowe w stosunku do osiągniętych korzyści dla Wolnego Państwa (z uwzględnieniem zastrzeżenia budżetowego).",
            "description_cs": "Personál, cesty a rozpočtové prostředky v poměru k dosaženému přínosu pro Svobodný stát (s ohledem na rozpočtovou výhradu).",
        },
        {
            "code": "NETWORKS",
            "weight": 1,
            "name_de": "Einbindung in Netzwerke, Kommunen und multilaterale Projekte",
            "name_pl": "Włączenie w sieci, gminy i projekty wielostronne",
            "name_cs": "Zapojení do sítí, obcí a mnohostranných projektů",
            "description_de": "Multilaterale Projekte mit mehreren Partnerregionen, gemeinsame Auftritte im Ausland, Einbindung sächsischer Kommunen und europäischer Netzwerke.",
            "description_pl": "Projekty wielostronne z kilkoma regionami partnerskimi, wspólne wystąpienia za granicą, włączenie saksońskich gmin i sieci europejskich.",
            "description_cs": "Mnohostranné projekty s více partnerskými regiony, společná vystoupení v zahraničí, zapojení saských obcí a evropských sítí.",
        },
    ],
}


def upgrade() -> None:
    op.create_table('criteria_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_de', sa.Text(), nullable=False),
    sa.Column('name_pl', sa.Text(), nullable=True),
    sa.Column('name_cs', sa.Text(), nullable=True),
    sa.Column('description_de', sa.Text(), nullable=True),
    sa.Column('description_pl', sa.Text(), nullable=True),
    sa.Column('description_cs', sa.Text(), nullable=True),
    sa.Column('scale_min', sa.Integer(), nullable=False),
    sa.Column('scale_max', sa.Integer(), nullable=False),
    sa.Column('scale_labels', sa.Text(), nullable=False),
    sa.Column('proposal', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criteria_set')),
    sa.UniqueConstraint('code', name=op.f('uq_criteria_set_code'))
    )
    op.create_table('criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Double(), nullable=False),
    sa.Column('name_de', sa.Text(), nullable=False),
    sa.Column('name_pl', sa.Text(), nullable=True),
    sa.Column('name_cs', sa.Text(), nullable=True),
    sa.Column('description_de', sa.Text(), nullable=True),
    sa.Column('description_pl', sa.Text(), nullable=True),
    sa.Column('description_cs', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['set_id'], ['criteria_set.id'], name=op.f('fk_criterion_set_id_criteria_set'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion')),
    sa.UniqueConstraint('set_id', 'code', name=op.f('uq_criterion_set_id'))
    )
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criterion_set_id'), ['set_id'], unique=False)

    op.create_table('round_criteria',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('set_code', sa.String(length=32), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_round_criteria_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', name=op.f('pk_round_criteria'))
    )
    op.create_table('partnership_assessment',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=48), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('updated_by', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_partnership_assessment_department_id_department')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_partnership_assessment_partnership_id_partnership')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_partnership_assessment_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'department_id', 'partnership_id', 'unit', name=op.f('pk_partnership_assessment'))
    )
    op.create_table('partnership_conclusion',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('recommendation', sa.Enum('continue', 'sectoral', 'rest', 'end', 'explore', name='recommendation', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.String(length=32), nullable=False),
    sa.Column('decided_by', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_partnership_conclusion_partnership_id_partnership')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_partnership_conclusion_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'partnership_id', name=op.f('pk_partnership_conclusion'))
    )
    op.create_table('round_partnership',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_round_partnership_department_id_department')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_round_partnership_partnership_id_partnership')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_round_partnership_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'partnership_id', 'department_id', name=op.f('pk_round_partnership'))
    )
    _default_set()
    _set_version(3)


def _default_set() -> None:
    """Add the default set (``DEFAULT_SET``), marked as a proposal."""
    document = DEFAULT_SET
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    connection = op.get_bind()
    result = connection.execute(
        sa.text(
            "INSERT INTO criteria_set (code, name_de, name_pl, name_cs, description_de, "
            "description_pl, description_cs, scale_min, scale_max, scale_labels, proposal, "
            "updated_at) VALUES (:code, :name_de, :name_pl, :name_cs, :source_de, :source_pl, "
            ":source_cs, :low, :high, :labels, :proposal, :now) RETURNING id"
        ),
        {
            "code": document["code"],
            "name_de": document["name_de"],
            "name_pl": document.get("name_pl"),
            "name_cs": document.get("name_cs"),
            "source_de": document.get("source_de"),
            "source_pl": document.get("source_pl"),
            "source_cs": document.get("source_cs"),
            "low": document["scale"]["min"],
            "high": document["scale"]["max"],
            "labels": json.dumps(document.get("scale_labels") or [], ensure_ascii=False),
            "proposal": bool(document.get("proposal", False)),
            "now": now,
        },
    )
    set_id = result.scalar_one()
    for position, criterion in enumerate(document["criteria"]):
        connection.execute(
            sa.text(
                "INSERT INTO criterion (set_id, code, position, weight, name_de, name_pl, "
                "name_cs, description_de, description_pl, description_cs) VALUES (:set_id, "
                ":code, :position, :weight, :name_de, :name_pl, :name_cs, :description_de, "
                ":description_pl, :description_cs)"
            ),
            {
                "set_id": set_id,
                "position": position,
                **{
                    key: criterion.get(key)
                    for key in (
                        "code", "weight", "name_de", "name_pl", "name_cs", "description_de",
                        "description_pl", "description_cs",
                    )
                },
            },
        )


def _on_sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def _set_version(version: int) -> None:
    """SQLite keeps the schema version in its header; a server has only ``alembic_version``."""
    if _on_sqlite():
        op.execute(f"PRAGMA user_version = {version}")


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
