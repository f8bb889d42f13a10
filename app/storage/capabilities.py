"""What the connected user may do in an open register, found once when it is opened.

A register file is written by whoever opens it (one writer, the instance lock): everything. A
register opened read-only: nothing. On a server the server decides (its roles,
:mod:`app.storage.roles`): its table and column privileges are asked once at open
(``has_table_privilege``, ``has_column_privilege``) and the group role the login belongs to
(``pg_has_role``). The window shows only what these allow; the server refuses the rest anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from app.storage.roles import DEPARTMENT, LIAISON, SECRETARIAT


@dataclass(frozen=True)
class Capabilities:
    """``writes``: change everything (measures, rounds, reference data, partnerships);
    ``translates``: change the Polish and Czech texts (the translation view). ``role`` is the
    server's group role the login belongs to (``imag_secretariat``, ``imag_department``,
    ``imag_liaison``), ``None`` for a file or a login outside them."""

    writes: bool
    translates: bool
    role: str | None = None

    @property
    def reads_only(self) -> bool:
        return not (self.writes or self.translates)


EVERYTHING = Capabilities(writes=True, translates=True)
NOTHING = Capabilities(writes=False, translates=False)

_RIGHTS = text(
    """
    SELECT has_table_privilege('measure', 'UPDATE')
           AND has_table_privilege('round', 'INSERT')
           AND has_table_privilege('partnership', 'UPDATE')
           AND has_table_privilege('audit_event', 'INSERT') AS writes,
           has_column_privilege('measure', 'title_pl', 'UPDATE')
           AND has_column_privilege('measure', 'title_cs', 'UPDATE')
           AND has_table_privilege('text_translation', 'INSERT')
           AND has_table_privilege('audit_event', 'INSERT') AS translates,
           current_setting('transaction_read_only') = 'on' AS read_only
    """
)
_ROLES = text(
    "SELECT rolname FROM pg_roles WHERE rolname IN (:secretariat, :liaison, :department) "
    "AND pg_has_role(oid, 'MEMBER') "
    "AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"  # member of all
)


def server_capabilities(connection: Connection) -> Capabilities:
    """What the login of ``connection`` may do in the register on its server."""
    writes, translates, read_only = connection.execute(_RIGHTS).one()
    if read_only:
        return NOTHING
    groups = set(
        connection.execute(
            _ROLES, {"secretariat": SECRETARIAT, "liaison": LIAISON, "department": DEPARTMENT}
        ).scalars()
    )
    role = next((name for name in (SECRETARIAT, LIAISON, DEPARTMENT) if name in groups), None)
    return Capabilities(writes=bool(writes), translates=bool(writes or translates), role=role)
