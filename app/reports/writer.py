"""Write a report: check the request, read the register, lay out the PDF, make it PDF/A-2b."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.errors import InvalidInput, NotFound
from app.fileio import write_atomically
from app.i18n import N_, Message
from app.models import Department, Measure, Round
from app.reports import rounds
from app.reports.formatting import ReportLanguage
from app.reports.request import KIND_LABELS, ReportKind, ReportRequest, ReportResult
from app.rounds import editorial, snapshot
from app.rounds.kinds import kind_of, reported_in
from app.storage.register import Register

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from app.reports.content import ReportContent
    from app.reports.document import ReportDocument
    from app.reports.tagging import Tree

AUTHOR = N_("Interministerial working group “Internationales” (IMAG)")


def write(
    register: Register,
    request: ReportRequest,
    target: Path,
    *,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReportResult:
    from app.reports.content import load_content
    from app.reports.document import PageDecor, ReportDocument, build
    from app.reports.pdfa import DocumentInfo

    language = ReportLanguage.for_lang(request.lang)
    _ = language.tr.gettext
    with register.session() as session, contextlib.ExitStack() as stack:
        reader, demo, reporting_date = session, register.is_demo, request.reporting_date
        round_ = _round(session, request)
        round_info = rounds.RoundInfo.of(round_) if round_ is not None else None
        if round_ is not None and round_info is not None and round_info.closed_on is not None:
            # a closed round is reported as it was frozen: the same bytes, whatever changed
            frozen = stack.enter_context(snapshot.opened(session, round_))
            reader = stack.enter_context(frozen.session())
            demo = frozen.is_demo
            reporting_date = reporting_date or round_info.closed_on
        slim = request.kind == ReportKind.CABINET  # the report listing every measure
        content = load_content(
            reader, language, demo=demo, reporting_date=reporting_date, slim=slim
        )
        content.round = round_info
        content.file_reference = request.file_reference or None
        subject = content.strategy_title
        title, story = _story(session, reader, request, content, round_)
        if round_info is not None:
            title = f"{title} – {round_info.name}"
        if progress is not None:
            progress(0.02)
        output = _Output()
        decor = PageDecor(
            title=title,
            classification=request.classification or None,
            draft=request.draft,
            demo=demo,
            provisional=round_info is not None and round_info.closed_on is None,
        )
        document = ReportDocument(
            output,
            language,
            decor,
            progress=progress,
            cancelled=cancelled,
            expected_flowables=len(story),
        )
        document.author = _(AUTHOR)
        document.subject = subject
        pages = build(document, story)
        # the story and the measures freed before pikepdf reads the PDF (a large report's peak)
        story.clear()
        content.measures = ()
        _refuse_missing_glyphs(document, language)
        fallbacks = len(language.fallbacks)
        tree = _released(document)
    buffer = io.BytesIO(output.take())  # the bytes ReportLab made, not a copy
    info = DocumentInfo(
        title=title,
        author=_(AUTHOR),
        subject=_strip_markup(subject),
        keywords=", ".join(
            part
            for part in ("IMAG", request.kind.value, language.tag, "Demo" if decor.demo else "")
            if part
        ),
        creator=f"IMAG register {__version__}",
        lang_tag=language.tag,
        created=content.reporting_date,
        structure=tree,
    )
    _write_atomically(target, buffer, info)
    if progress is not None:
        progress(1.0)
    return ReportResult(path=target, pages=pages, fallbacks=fallbacks)


def _story(
    session: Session,
    reader: Session,
    request: ReportRequest,
    content: ReportContent,
    round_: Round | None,
) -> tuple[str, list[Flowable]]:
    """The report's title and story; ``reader`` is the register it reads (a closed round's
    snapshot), ``session`` the live one (for the previous closed round)."""
    from app.partnerships.results import results as partnership_results
    from app.reports import cabinet, detailed, partnerships

    _ = content.language.tr.gettext
    title = _(KIND_LABELS[request.kind])
    story: list[Flowable]
    if request.kind == ReportKind.CABINET:
        _round_context(reader, content, round_)
        content.previous = rounds.previous_round(session, round_)
        # the register the report reads (a closed round's snapshot: the partnership rounds
        # closed before it) decides which partnership round is summarized
        latest = partnerships.latest_closed_round(reader)
        if latest is not None:
            content.partnership_results = partnership_results(reader, latest.name)
        title = _(cabinet.TITLE)
        story = cabinet.story(content, since=request.since)
    elif request.kind == ReportKind.PARTNERSHIPS:
        assert content.round is not None
        title = _(partnerships.TITLE)
        story = partnerships.story(content, partnership_results(reader, content.round.name))
    elif request.kind == ReportKind.DEPARTMENT:
        department = _department(reader, request.department)
        _round_context(reader, content, round_)
        if content.completeness is not None:  # the department's return only
            content.completeness = rounds.of_department(content.completeness, department.code)
        title = f"{title} {department.code}"
        story = detailed.department_story(content, department)
    else:
        measure = _measure(content.full_measures(), request.measure)
        title = f"{title} {measure.code}"
        story = detailed.fact_sheet_story(content, measure)
    return title, story


class _Output:
    """Where ReportLab writes the finished PDF (whole, once): the bytes kept as they are
    (a BytesIO would copy them, tens of MB for a large report)."""

    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> int:
        self.data = data
        return len(data)

    def take(self) -> bytes:
        data, self.data = self.data, b""
        return data


def _round_context(reader: Session, content: ReportContent, round_: Round | None) -> None:
    """The returns of the report's round (without a round: of the latest) and the
    secretariat's texts on it, from the register the report reads (a closed round's texts and
    returns are frozen with it)."""
    content.completeness = rounds.returns_completeness(
        reader, content.round.name if content.round else None, today=content.reporting_date
    )
    if round_ is not None:
        content.round_texts = editorial.versions(reader, rounds.find_round(reader, round_.name))


def _refuse_missing_glyphs(document: object, language: ReportLanguage) -> None:
    """The last guard: a character drawn with a font that lacks it (a text that did not pass
    through the report's markup) refuses the report instead of printing a box."""
    from app.reports import fonts

    missing = fonts.missing_glyphs(document.canv._doc)  # type: ignore[attr-defined]
    if missing:
        where = language.tr.gettext(fonts.SOME_TEXT)
        raise fonts.refusal(fonts.UNPRINTABLE, where, missing[0])


def _released(document: ReportDocument) -> Tree:
    """The structure tree of ``document``, its ReportLab document (every page's objects) freed
    before pikepdf reads the file."""
    document.canv._doc = None  # type: ignore[attr-defined]
    return document.tagger.tree


def _strip_markup(markup: str) -> str:
    import re
    from xml.sax.saxutils import unescape

    return unescape(re.sub(r"<[^>]+>", "", markup))


def _round(session: Session, request: ReportRequest) -> Round | None:
    """The round the report is about, which must be one of a kind the report can be about; a
    partnership evaluation report needs a partnership round (without a name: the latest one)."""
    round_: Round | None
    if request.round:
        round_ = rounds.find_round(session, request.round)
    elif request.kind != ReportKind.PARTNERSHIPS:
        return None
    else:
        round_ = session.scalar(
            select(Round)
            .where(Round.kind.in_(reported_in(ReportKind.PARTNERSHIPS.value)))
            .order_by(Round.created_at.desc(), Round.id.desc())
            .limit(1)
        )
        if round_ is None:
            raise NotFound(
                Message(N_("There is no partnership round in the register yet to report on."))
            )
    kind = kind_of(round_)
    if request.kind.value not in kind.reports:
        raise InvalidInput(Message(kind.report_refusal, name=round_.name))
    return round_


def _department(session: object, code: str | None) -> Department:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    if not code:
        raise InvalidInput(Message(N_("A department report needs a department code.")))
    department = session.scalar(select(Department).where(Department.code == code.upper()))
    if department is None:
        raise NotFound(Message(N_("There is no department with the code {code}."), code=code))
    return department


def _measure(measures: list[Measure], code: str | None) -> Measure:
    if not code:
        raise InvalidInput(Message(N_("A measure fact sheet needs a measure code.")))
    for measure in measures:
        if measure.code == code:
            return measure
    raise NotFound(Message(N_("There is no measure with the code {code}."), code=code))


def _write_atomically(target: Path, pdf: io.BytesIO, info: object) -> None:
    """``pdf`` (ReportLab's file) made PDF/A and written to ``target``; ``pdf`` is closed."""
    from app.reports.pdfa import DocumentInfo, write_pdfa

    assert isinstance(info, DocumentInfo)
    write_atomically(target, lambda temporary: write_pdfa(pdf, temporary, info))
