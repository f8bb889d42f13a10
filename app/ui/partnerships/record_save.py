"""Saving a partner's or a partnership's fields from the window, several people at once: the
save names the revision the dialog started from (:mod:`app.partnerships.revisions`); when
someone else changed the record since, the conflict dialog (the same as for measures) shows
both versions and the user takes theirs, keeps the other or merges field by field, saved on the
other person's revision. The partnership dialogs call :func:`save_record`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from app.errors import EditConflict, UserError
from app.i18n import Translator
from app.models import PartnershipStatus
from app.models.labels import PARTNERSHIP_STATUS, field_label
from app.partnerships import revisions
from app.ui.register.conflict_dialog import THEIRS, Texts, Versions, settle_values
from app.ui.widgets import ScreenContext


@dataclass(frozen=True)
class Edit:
    """``entity`` ``partner`` or ``partnership``, ``code``, what the dialog started from
    (``base``, at ``revision``) and what the user saved (``mine``)."""

    entity: str
    code: str
    base: Mapping[str, Any]
    mine: Mapping[str, Any]
    revision: int


def conflict_texts(tr: Translator, edit: Edit, by: str) -> Texts:
    _ = tr.gettext
    if edit.entity == "partner":
        title = _("Partner {code} changed in the meantime")
        intro = _(
            "{actor} saved the partner {code} while you were editing it. Your changes were "
            "not saved. Choose for each field which value to keep, or take all of yours or "
            "all of theirs."
        )
    else:
        title = _("Partnership {code} changed in the meantime")
        intro = _(
            "{actor} saved the partnership {code} while you were editing it. Your changes were "
            "not saved. Choose for each field which value to keep, or take all of yours or "
            "all of theirs."
        )
    return Texts(
        title.format(code=edit.code),
        intro.format(actor=by, code=edit.code),
        lambda name: field_label(tr, name),
        lambda name, value: value_text(tr, name, value),
    )


def value_text(tr: Translator, name: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if name == "status":
        return tr.gettext(PARTNERSHIP_STATUS[PartnershipStatus(value)])
    if name == "status_since":
        return tr.date(dt.date.fromisoformat(str(value)))
    return str(value)


def save_record(
    context: ScreenContext,
    edit: Edit,
    *,
    parent: QWidget,
    done: Callable[[list[str]], None],
    failed: Callable[[UserError], None],
) -> None:
    """Save ``edit.mine`` on the worker; ``done(changed fields)`` (none: the user kept the
    other person's version), ``failed(error)`` for any other refusal or a cancelled conflict."""
    operation = revisions.edit_partner if edit.entity == "partner" else revisions.edit_partnership
    actor = context.actor()

    def job(session: Session) -> list[str]:
        return operation(session, actor, edit.code, edit.mine, revision=edit.revision)

    def refused(error: UserError) -> None:
        if not isinstance(error, EditConflict) or not isinstance(error.theirs, dict):
            failed(error)
            return
        texts = conflict_texts(context.tr, edit, error.by or "?")
        versions = Versions(edit.base, edit.mine, error.theirs)
        outcome = settle_values(context.tr, versions, texts, parent=parent)
        if outcome is None:
            failed(error)
        elif outcome == THEIRS:
            done([])
        else:
            assert isinstance(outcome, dict)
            assert error.revision is not None
            again = Edit(edit.entity, edit.code, error.theirs, outcome, error.revision)
            save_record(context, again, parent=parent, done=done, failed=failed)

    context.worker.run(job, done, on_error=refused)
