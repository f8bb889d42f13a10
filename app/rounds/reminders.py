"""Reminders for departments whose return is missing or incomplete (no Qt): a text in German,
Polish or Czech that names the round, its deadline and the measures still without an answer,
to copy into a message, or an unsent e-mail draft (``.eml``) to open in the mail program.

The draft is addressed to the department's e-mail address where the register has one (else its
recipient is left empty) and may carry the department's round package as an attachment
(:mod:`app.rounds.reminder_drafts` writes one for every department that needs one).
``X-Unsent: 1`` makes mail programs (Outlook, Thunderbird) open it as a draft to send; nothing
is ever sent.
"""

from __future__ import annotations

import datetime as dt
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotFound
from app.fileio import write_atomically
from app.i18n import N_, Message, Translator, translator
from app.models import Department, Measure
from app.rounds import secretariat
from app.rounds.lookup import slug

GERMAN_MARK = N_("(German)")
REMINDABLE = ("missing", "overdue", "partial")
"""The completeness states a reminder is for: nothing returned yet, or not everything."""


@dataclass(frozen=True)
class Attachment:
    """A file sent with a reminder: the department's round package."""

    file_name: str
    data: bytes


@dataclass(frozen=True)
class Reminder:
    round_name: str
    department: str
    lang: str
    subject: str
    body: str
    to: str | None = None  # the department's e-mail address, if the register has one
    attachment: Attachment | None = None

    @property
    def text(self) -> str:
        """Subject and body, as copied to the clipboard."""
        return f"{self.subject}\n\n{self.body}"

    def email(self) -> EmailMessage:
        message = EmailMessage(policy=email.policy.SMTP)
        message["Subject"] = self.subject
        message["To"] = self.to or ""
        message["X-Unsent"] = "1"
        message.set_content(self.body, charset="utf-8", cte="quoted-printable")
        if self.attachment is not None:
            message.add_attachment(
                self.attachment.data,
                maintype="application",
                subtype="octet-stream",
                filename=self.attachment.file_name,
            )
        message["Content-Language"] = self.lang  # after the parts: a mixed message keeps it
        return message

    def eml_bytes(self) -> bytes:
        return self.email().as_bytes()

    def default_file_name(self) -> str:
        return f"{slug(self.round_name)}_{self.department}.eml"


def reminder(
    session: Session,
    round_name: str,
    department: str,
    lang: str | None = None,
    *,
    sender: str = "",
    today: dt.date | None = None,
) -> Reminder:
    """The reminder for ``department`` in ``round_name``, written in ``lang`` (default: the
    department's language), addressed to the department's e-mail address if it has one."""
    progress = secretariat.progress(session, round_name, today=today or dt.date.today())
    row = _remindable(progress, department)
    found = session.scalar(select(Department).where(Department.code == row.code))
    assert found is not None  # a department of the round
    return compose(session, progress, row, lang or found.language, sender=sender, to=found.email)


def compose(
    session: Session,
    progress: secretariat.RoundProgress,
    row: secretariat.DepartmentProgress,
    lang: str,
    *,
    sender: str = "",
    to: str | None = None,
) -> Reminder:
    """The reminder for the department ``row`` of the round ``progress``, in ``lang``."""
    tr = translator(lang)
    department_name = row.names.get(lang) or row.names.get("de") or row.code
    deadline = tr.date(progress.deadline, "long")
    # A title not translated yet is given in German, marked as such (as the reports do).
    german = f" {tr.gettext(GERMAN_MARK)}" if lang != "de" else ""
    titles = _titles(session, row.missing_codes, lang, german)
    params = {"round": progress.name, "code": row.code, "deadline": deadline}
    subject = tr.gettext(
        "Reminder: return for the evaluation round “{round}” – {code} (deadline {deadline})"
    ).format(**params)
    lines = [tr.gettext("Dear colleagues,"), "", _opening(tr, row.state).format(**params), ""]
    lines.append(
        tr.gettext("Department: {name} ({code})").format(name=department_name, code=row.code)
    )
    if progress.period_start and progress.period_end:
        lines.append(
            tr.gettext("Reporting period: {start} to {end}").format(
                start=tr.date(progress.period_start, "long"),
                end=tr.date(progress.period_end, "long"),
            )
        )
    lines += [tr.gettext("Deadline: {deadline}").format(deadline=deadline), ""]
    count = len(row.missing_codes)
    lines.append(
        tr.ngettext(
            "{n} measure still needs an answer:",
            "{n} measures still need an answer:",
            count,
        ).format(n=count)
    )
    lines += [
        f"- {code} {titles[code]}" if code in titles else f"- {code}" for code in row.missing_codes
    ]
    lines += _closing(tr, sender)
    return Reminder(
        round_name=progress.name,
        department=row.code,
        lang=lang,
        subject=subject,
        body="\n".join(lines) + "\n",
        to=to,
    )


def _opening(tr: Translator, state: str) -> str:
    """The reminder's first sentence for a department in ``state``, with ``{round}`` open."""
    if state == "partial":
        return tr.gettext(
            "thank you for your return for the evaluation round “{round}” of the Interministerial "
            "Working Group “Internationales”. It does not yet answer for every measure."
        )
    if state == "overdue":
        return tr.gettext(
            "your return for the evaluation round “{round}” of the Interministerial Working "
            "Group “Internationales” has not reached us yet."
        )
    return tr.gettext(
        "we would like to remind you of your return for the evaluation round “{round}” of "
        "the Interministerial Working Group “Internationales”."
    )


def _remindable(
    progress: secretariat.RoundProgress, department: str
) -> secretariat.DepartmentProgress:
    """The row of ``department`` in ``progress``, refused if it needs no reminder."""
    found = next((d for d in progress.departments if d.code == department.strip().upper()), None)
    if found is None:
        raise NotFound(
            Message(
                N_("The department {code} is not asked in the round “{name}”."),
                code=department,
                name=progress.name,
            )
        )
    if found.state not in REMINDABLE:
        raise InvalidInput(
            Message(
                N_("The department {code} needs no reminder: {reason}."),
                code=found.code,
                reason=Message(
                    N_("its package has not been issued yet")
                    if found.state == "not_issued"
                    else N_("its return is complete")
                ),
            )
        )
    return found


def _titles(session: Session, codes: list[str], lang: str, german: str) -> dict[str, str]:
    """The measures' titles in ``lang``; one not translated yet in German, marked ``german``."""
    return {
        code: {"pl": pl, "cs": cs}.get(lang) or f"{de}{german}"
        for code, de, pl, cs in session.execute(
            select(Measure.code, Measure.title_de, Measure.title_pl, Measure.title_cs).where(
                Measure.code.in_(codes)
            )
        )
    }


def _closing(tr: Translator, sender: str) -> list[str]:
    """The reminder's last lines: what to do, the greeting, who sends it."""
    lines = [
        "",
        tr.gettext(
            "Please open the round package in the IMAG register, answer for these measures, "
            "export the return and send the return file to the secretariat. If the package has "
            "gone missing, we will gladly send it again."
        ),
        "",
        tr.gettext("Kind regards"),
    ]
    if sender.strip():
        lines.append(sender.strip())
    lines.append(tr.gettext("Secretariat of the IMAG"))
    return lines


def save_eml(reminder: Reminder, target: Path) -> Path:
    """Write the reminder as an unsent e-mail draft (atomically)."""
    data = reminder.eml_bytes()
    write_atomically(target, lambda temporary: temporary.write_bytes(data))
    return target
