"""Language of a report: its translator, and dates, numbers and money formatted by Babel for it.

Measure texts come in the report's language where the register has them; otherwise the German
text is shown, visibly marked, and counted (see :attr:`ReportLanguage.fallbacks`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

from app.i18n import N_, Translator, translator

LOCALES = {"de": "de_DE", "pl": "pl_PL", "cs": "cs_CZ"}
LANGUAGE_TAGS = {"de": "de-DE", "pl": "pl-PL", "cs": "cs-CZ"}
LANGUAGE_NAMES = {"de": N_("German"), "pl": N_("Polish"), "cs": N_("Czech")}
FALLBACK_MARK = N_("(German)")
"""Appended, in grey, to a text shown in German in a Polish or Czech report."""


@dataclass
class ReportLanguage:
    lang: str
    tr: Translator
    locale: Locale
    fallbacks: set[str] = field(default_factory=set)
    """Keys of the texts shown in German because no translation exists (``"I.01 title"``)."""

    @classmethod
    def for_lang(cls, lang: str) -> ReportLanguage:
        if lang not in LOCALES:
            raise ValueError(f"unsupported report language: {lang!r}")
        return cls(lang, translator(lang), Locale.parse(LOCALES[lang]))

    @property
    def tag(self) -> str:
        return LANGUAGE_TAGS[self.lang]

    def date(self, value: dt.date | None, *, style: str = "medium") -> str:
        return format_date(value, format=style, locale=self.locale) if value else "–"

    def timestamp(self, iso: str) -> str:
        """An audit trail time (UTC, ISO 8601) as date and time."""
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
        return format_datetime(moment, format="short", tzinfo=dt.UTC, locale=self.locale)

    def number(self, value: float | None) -> str:
        return format_decimal(value, locale=self.locale) if value is not None else "–"

    def percent(self, value: int | None) -> str:
        return format_percent(value / 100, locale=self.locale) if value is not None else "–"

    def money(self, cents: int | None) -> str:
        if cents is None:
            return "–"
        return format_currency(cents / 100, "EUR", locale=self.locale)

    def text(self, key: str, translations: dict[str, str | None]) -> str:
        """Paragraph markup of a register text in this language, or of the marked German one.

        ``translations`` maps ``de``/``pl``/``cs`` to the texts the register has.
        """
        own = translations.get(self.lang)
        if own:
            return escape(own)
        german = translations.get("de") or ""
        if self.lang == "de" or not german:
            return escape(german)
        self.fallbacks.add(key)
        return f'{escape(german)} <font color="#5f6368">{escape(self.mark)}</font>'

    @property
    def mark(self) -> str:
        return self.tr.gettext(FALLBACK_MARK)

    def german_only(self, key: str, value: str | None) -> str:
        """A free text the register keeps in German only (comments, next steps)."""
        return self.text(key, {"de": value}) if value else "–"
