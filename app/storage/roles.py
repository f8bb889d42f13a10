"""The database roles of a shared register, enforced by the server.

Three group roles (``NOLOGIN``); people log in as their own users, made members of one of them
(``imag db grant --role ROLE USER``):

``imag_secretariat``
    reads and writes everything, except that the audit trail and the closed rounds' snapshots
    only grow (no UPDATE, DELETE or TRUNCATE on them, besides the triggers) and the schema is
    the owner's (``imag db upgrade``).
``imag_department``
    a department member: reads everything but the keys a register still holds (a department
    laptop's return key of a round issued in exchange format 1; the signing key and the round
    secrets live in the secretariat's profile, never in the register).
``imag_liaison``
    a liaison office: reads like a department member, and edits the Polish and Czech texts of
    measures, departments, partners and partnerships (each change in the audit trail).

:func:`statements` is the SQL (idempotent: run again after an upgrade, it grants the new
tables too); README "A shared register" shows it in use.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from app.models import Base

SECRETARIAT, DEPARTMENT, LIAISON = "imag_secretariat", "imag_department", "imag_liaison"
ROLES = {"secretariat": SECRETARIAT, "department": DEPARTMENT, "liaison": LIAISON}
APPEND_ONLY = ("audit_event", "audit_chain", "round_snapshot")
SECRET_COLUMNS = {"ws_round": ("return_key",)}
SIGNING_KEY_ROW = "package_signing_key"  # only in registers older than schema 5
TRANSLATED = ("measure", "department", "partner", "partnership", "criteria_set", "criterion")
"""Where a liaison office may change the Polish and Czech texts (``*_pl``, ``*_cs``), with the
revision that counts the change and a measure's time of change."""


def statements() -> list[str]:
    readers = f"{DEPARTMENT}, {LIAISON}"
    sql = [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
        f"CREATE ROLE {role} NOLOGIN; END IF; END $$"
        for role in ROLES.values()
    ]
    sql += [
        f"GRANT USAGE ON SCHEMA public TO {SECRETARIAT}, {readers}",
        f"GRANT SELECT ON alembic_version TO {SECRETARIAT}, {readers}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {SECRETARIAT}, {LIAISON}",
    ]
    for table in Base.metadata.sorted_tables:
        name = table.name
        if name in APPEND_ONLY:
            sql.append(f"GRANT SELECT, INSERT ON {name} TO {SECRETARIAT}")
        else:
            sql.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {name} TO {SECRETARIAT}")
        if name in SECRET_COLUMNS:
            public = [c.name for c in table.columns if c.name not in SECRET_COLUMNS[name]]
            sql.append(f"GRANT SELECT ({', '.join(public)}) ON {name} TO {readers}")
        else:
            sql.append(f"GRANT SELECT ON {name} TO {readers}")
        if name in TRANSLATED:
            texts = [
                c.name
                for c in table.columns
                if c.name.endswith(("_pl", "_cs"))
                or c.name in ("revision", "updated_at", "scale_labels")
            ]
            sql.append(f"GRANT UPDATE ({', '.join(texts)}) ON {name} TO {LIAISON}")
    sql += [
        f"GRANT INSERT ON audit_event TO {LIAISON}",
        # the free texts' translations are rows of their own (app.free_text)
        f"GRANT INSERT, UPDATE ON text_translation TO {LIAISON}",
        # and so are the criteria texts' states and the rounds' texts (app.free_text)
        f"GRANT INSERT, UPDATE ON criteria_translation, round_text TO {LIAISON}",
        "ALTER TABLE register_meta ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS imag_secretariat_all ON register_meta",
        f"CREATE POLICY imag_secretariat_all ON register_meta TO {SECRETARIAT} "
        "USING (true) WITH CHECK (true)",
        "DROP POLICY IF EXISTS imag_readers_no_key ON register_meta",
        f"CREATE POLICY imag_readers_no_key ON register_meta FOR SELECT TO {readers} "
        f"USING (key <> '{SIGNING_KEY_ROW}')",
    ]
    return sql


def grant(connection: Connection, role: str | None = None, user: str | None = None) -> None:
    """Create or refresh the three roles and their rights; with ``user``, make that existing
    login a member of ``role`` (``secretariat``, ``department`` or ``liaison``) only."""
    for statement in statements():
        connection.exec_driver_sql(statement)
    if user is None or role is None:
        return
    quoted = connection.execute(text("SELECT quote_ident(:user)"), {"user": user}).scalar_one()
    for other in ROLES.values():
        connection.exec_driver_sql(f"REVOKE {other} FROM {quoted}")
    connection.exec_driver_sql(f"GRANT {ROLES[role]} TO {quoted}")
