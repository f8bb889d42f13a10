"""What every report on the register shares: the contents page, a paragraph of a message, the
note on texts shown in German, the cover's closing lines.

Import this module only when a report is written: it loads ReportLab.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, PageBreak, Paragraph

from app.i18n import N_, NP_, Message
from app.reports import fonts
from app.reports.content import ReportContent
from app.reports.document import table_of_contents
from app.reports.formatting import LANGUAGE_NAMES, PROPOSAL_MARK

FILE_REFERENCE_TEXT = N_("the file reference")


def contents_page(content: ReportContent) -> list[Flowable]:
    _ = content.language.tr.gettext
    return [
        content.heading(escape(_("Contents")), listed=False),
        table_of_contents(content.styles),
        PageBreak(),
    ]


def para(content: ReportContent, message: Message | str) -> Paragraph:
    tr = content.language.tr
    return Paragraph(escape(tr.typeset(tr.render(message))), content.styles.body)


def fallback_note(content: ReportContent) -> list[Flowable]:
    """The note on translations: how many proposed translations (marked) and how many texts
    shown in German the report holds. Call it last: every text is turned into markup (and
    counted) when the story is put together, before layout."""
    language = content.language
    _ = language.tr.gettext
    if language.lang == "de":
        return []  # the register's texts are German: nothing to fall back from
    story: list[Flowable] = [content.heading(escape(_("Translations")), 1)]
    if language.shown_proposals:
        proposals = Message(
            N_("{mark} Proposed translations that no liaison office has reviewed yet: {n}."),
            n=len(language.shown_proposals),
            mark=PROPOSAL_MARK,
        )
        story.append(para(content, proposals))
    message = Message(
        *NP_(
            "{n} text has no translation into this language yet and is shown in German, "
            "marked “{mark}”.",
            "{n} texts have no translation into this language yet and are shown in German, "
            "marked “{mark}”.",
        ),
        n=len(language.fallbacks),
        mark=language.mark,
    )
    return [*story, para(content, message)]


def cover_closing_lines(content: ReportContent) -> list[str]:
    """The cover's last lines, the same in every report on a round: the round closed (the
    report shows its snapshot) or open until its deadline, the reporting date, the language and
    the IMAG."""
    language = content.language
    _ = language.tr.gettext
    lines: list[str] = []
    info = content.round
    if info is not None and info.closed_on is not None:
        lines.append(
            escape(
                _("Closed on {date}; this report shows the register as it was then.").format(
                    date=language.date(info.closed_on, style="long")
                )
            )
        )
    elif info is not None:
        lines.append(
            escape(
                _("Open; the returns are due on {date}.").format(
                    date=language.date(info.deadline, style="long")
                )
            )
        )
    lines += [
        escape(
            _("Reporting date: {date}").format(
                date=language.date(content.reporting_date, style="long")
            )
        ),
        escape(_("Language: {language}").format(language=_(LANGUAGE_NAMES[language.lang]))),
        *issuer_lines(content),
    ]
    return lines


def issuer_lines(content: ReportContent) -> list[str]:
    """Who issues the report (the Saxon State Chancellery for the IMAG) and, if given, its
    file reference: the cover's last lines."""
    _ = content.language.tr.gettext
    lines = [
        escape(_("Saxon State Chancellery")),
        escape(_("Interministerial working group “Internationales” (IMAG)")),
    ]
    if content.file_reference:
        reference = fonts.markup(content.file_reference, _(FILE_REFERENCE_TEXT))
        lines.append(escape(_("File reference: {reference}")).format(reference=reference))
    return lines
