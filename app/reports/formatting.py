"""Language of a report: its translator, which formats its dates, numbers and money (CLDR).

Measure texts come in the report's language where the register has them; otherwise the German
text is shown, visibly marked, and counted (see :attr:`ReportLanguage.fallbacks`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from app.i18n import LANGUAGES, N_, Translator, translator
from app.reports import fonts
from app.reports.tagging import LANG_BEGIN, LANG_END

LANGUAGE_NAMES = {"de": N_("German"), "pl": N_("Polish"), "cs": N_("Czech")}
FALLBACK_MARK = N_("(German)")
"""Appended, in grey, to a text shown in German in a Polish or Czech report."""
PROPOSAL_MARK = "*"
"""Raised after a proposed translation that no liaison office has reviewed yet; the note on
translations at the end of the report explains it (one short mark, not a word on every line)."""


FREE_TEXT_KEYS = {"comment": "comment", "next_steps": "next", "status_reason": "reason"}
"""A measure's free text's key in a report's sets of texts (``"I.01 next"``)."""


def shorten(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[:limit].rstrip() + " …"


@dataclass
class ReportLanguage:
    lang: str
    tr: Translator
    fallbacks: set[str] = field(default_factory=set)
    """Keys of the texts shown in German because no translation exists (``"I.01 title"``)."""
    proposed: set[str] = field(default_factory=set)
    """Keys of the texts whose translation into this language is a proposal, not reviewed."""
    shown_proposals: set[str] = field(default_factory=set)
    """Keys of the proposed translations the report has shown (and marked)."""
    free_texts: dict[tuple[str, str], str] = field(default_factory=dict)
    """(code, field) → the up-to-date translation of a measure's comment, next steps or reason
    into this language (see :mod:`app.free_text`)."""
    _percents: dict[int | None, str] = field(default_factory=dict, repr=False)

    @classmethod
    def for_lang(cls, lang: str) -> ReportLanguage:
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported report language: {lang!r}")
        return cls(lang, translator(lang))

    @property
    def tag(self) -> str:
        return self.tr.tag

    # Dates, numbers and money as the translator formats them (after CLDR), "–" where missing.
    def date(self, value: dt.date | None, *, style: str = "medium") -> str:
        return self.tr.date(value, style)

    def timestamp(self, iso: str) -> str:
        """An audit trail time (UTC, ISO 8601) as date and time, in UTC, saying so."""
        return f"{self.tr.timestamp(iso)} UTC"

    def number(self, value: float | None) -> str:
        return self.tr.number(value)

    def percent(self, value: int | None) -> str:
        # a few values in every row of a table of thousands: each formatted once (CLDR is slow)
        shown = self._percents.get(value)
        if shown is None:
            shown = self._percents[value] = self.tr.percent(value)
        return shown

    def money(self, cents: int | None) -> str:
        return self.tr.money(cents)

    def text(self, key: str, translations: dict[str, str | None]) -> str:
        """Paragraph markup of a register text in this language, or of the marked German one.

        ``translations`` maps ``de``/``pl``/``cs`` to the texts the register has.
        """
        own = self.tr.typeset(translations.get(self.lang) or "")
        if own and self.lang != "de" and key in self.proposed:
            self.shown_proposals.add(key)
            mark = f'<super><font color="#5f6368">{PROPOSAL_MARK}</font></super>'
            return fonts.markup(own, key) + mark
        if own:
            return fonts.markup(own, key)
        german = self.tr.typeset(translations.get("de") or "")
        if self.lang == "de" or not german:
            return fonts.markup(german, key)
        self.fallbacks.add(key)
        # the German passage is marked as German for screen readers (app.reports.tagging)
        return (
            f'<onDraw name="{LANG_BEGIN}"/>{fonts.markup(german, key)}<onDraw name="{LANG_END}"/>'
            f' <font color="#5f6368">{escape(self.mark)}</font>'
        )

    @property
    def mark(self) -> str:
        return self.tr.gettext(FALLBACK_MARK)

    def free_text(self, code: str, name: str, value: str | None, limit: int | None = None) -> str:
        """A measure's free text ``name`` (comment, next_steps, status_reason) in this language
        where the register has an up-to-date translation (marked if a proposal), else the
        marked German; ``limit``: shortened to that many characters."""
        if not value:
            return "–"
        texts: dict[str, str | None] = {"de": shorten(value, limit)}
        own = self.free_texts.get((code, name))
        if own and self.lang != "de":
            texts[self.lang] = shorten(own, limit)
        return self.text(f"{code} {FREE_TEXT_KEYS[name]}", texts)

    def german_only(self, key: str, value: str | None) -> str:
        """A free text the register keeps in German only (comments, next steps)."""
        return self.text(key, {"de": value}) if value else "–"
