"""What a report is made of, read from the register once: measures, departments, instruments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.free_text import segments as free_text
from app.models import AuditEvent, Department, Instrument, Measure, Strategy, TranslationState
from app.operations.queries import load_measures
from app.reports.document import Heading, Styles, reporting_day
from app.reports.formatting import FREE_TEXT_KEYS, ReportLanguage
from app.reports.records import MeasureLike, load_records

if TYPE_CHECKING:
    from app.partnerships.results import RoundResults
    from app.reports.rounds import PreviousRound, ReturnsCompleteness, RoundInfo
    from app.rounds.editorial import TextVersion


@dataclass
class ReportContent:
    session: Session
    language: ReportLanguage
    styles: Styles
    strategy: Strategy | None
    instruments: list[Instrument]
    departments: list[Department]
    measures: Sequence[MeasureLike]
    """The measures not archived: slim records for the cabinet report, else ORM objects."""
    reporting_date: dt.date
    demo: bool
    round: RoundInfo | None = None
    """The evaluation round the report is about (``--round``), if any."""
    completeness: ReturnsCompleteness | None = None
    """Its returns' completeness (without a round: the latest round's); ``None``: no rounds."""
    previous: PreviousRound | None = None
    """The measures' values at the previous closed round, to show what changed since."""
    partnership_results: RoundResults | None = None
    """The results of the latest closed partnership round, summarized in the cabinet report."""
    file_reference: str | None = None
    """The file reference the cover prints (the request's)."""
    round_texts: dict[tuple[str, str], TextVersion] = field(default_factory=dict)
    """The secretariat's texts on the round: (part, lang) → the version written."""

    def __post_init__(self) -> None:
        self._keys = count(1)

    def full_measures(self) -> list[Measure]:
        """The measures as the register's objects (the reports on one department or measure
        print every field)."""
        measures = [m for m in self.measures if isinstance(m, Measure)]
        assert len(measures) == len(self.measures), "loaded as slim records"
        return measures

    def heading(self, markup: str, level: int = 0, *, listed: bool = True) -> Heading:
        style = self.styles.h1 if level == 0 else self.styles.h2
        return Heading(markup, style, level=level, key=f"s{next(self._keys)}", listed=listed)

    @property
    def strategy_title(self) -> str:
        strategy = self.strategy
        if strategy is None:
            return ""
        return self.language.text(
            "strategy title",
            {"de": strategy.title_de, "pl": strategy.title_pl, "cs": strategy.title_cs},
        )

    def measure_events(
        self, code: str | None = None, since: dt.date | None = None
    ) -> list[AuditEvent]:
        statement = select(AuditEvent).where(AuditEvent.entity == "measure")
        if code is not None:
            statement = statement.where(AuditEvent.entity_code == code)
        if since is not None:
            statement = statement.where(AuditEvent.at >= since.isoformat())
        end = self.reporting_date + dt.timedelta(days=1)
        statement = statement.where(AuditEvent.at < end.isoformat())
        return list(self.session.scalars(statement.order_by(AuditEvent.at, AuditEvent.id)))


def load_content(
    session: Session,
    language: ReportLanguage,
    *,
    demo: bool,
    reporting_date: dt.date | None,
    slim: bool = False,
) -> ReportContent:
    """What the report prints; ``slim``: the measures as records (enough for the cabinet
    report, a fraction of the memory)."""
    measures: Sequence[MeasureLike]
    if slim:
        measures = load_records(session, language.lang)
    else:
        measures = load_measures(session, include_archived=False)
    instruments = list(session.scalars(select(Instrument).order_by(Instrument.position)))
    departments = list(
        session.scalars(select(Department).order_by(Department.position, Department.code))
    )
    strategy = session.scalars(select(Strategy).order_by(Strategy.id)).first()
    if language.lang != "de":
        state = getattr(Measure, f"state_{language.lang}")
        proposed = session.scalars(select(Measure.code).where(state == TranslationState.PROPOSAL))
        language.proposed = {f"{code} title" for code in proposed}
        translated = free_text.usable(session, language.lang)
        language.free_texts = {key: segment.text or "" for key, segment in translated.items()}
        language.proposed |= {
            f"{code} {FREE_TEXT_KEYS[name]}"
            for (code, name), segment in translated.items()
            if segment.state == TranslationState.PROPOSAL
        }
    if reporting_date is None:
        latest_event = session.scalar(select(AuditEvent.at).order_by(AuditEvent.at.desc()))
        reporting_date = reporting_day([latest_event, *(m.updated_at for m in measures)])
    return ReportContent(
        session=session,
        language=language,
        styles=Styles(),
        strategy=strategy,
        instruments=instruments,
        departments=departments,
        measures=measures,
        reporting_date=reporting_date,
        demo=demo,
    )
