"""A language's formatting after CLDR: dates, times, numbers, percentages, money and the order
of words (collation). The one place for it: :class:`app.i18n.Translator` has these methods, so
the window, the command line and the reports format through the reader's translator.

Dates and numbers come from Babel's CLDR data. Babel has no collation, so sort keys come from
ICU (PyICU), loaded on the first sort only: Czech sorts "č" after "c" and "ch" after "h",
Polish "ł" after "l", German "ä" with "a".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from babel import Locale

T = TypeVar("T")

LOCALES = {"de": "de_DE", "pl": "pl_PL", "cs": "cs_CZ", "en": "en"}
"""The CLDR locale of each language of the application (``en``: the untranslated source)."""
MISSING = "–"
"""What a date or number that is not there is shown as."""
NBSP = "\u00a0"
SHORT_DATES = {"cs": "d. M. y"}
"""Numeric dates where CLDR's own short pattern does not fit: Czech writes "4. 12. 2026"
(ČSN 01 6910; CLDR's short Czech date has a two-digit year)."""
LONG_DATE_SUFFIX = {"pl": " r."}
"""Polish documents write "4 grudnia 2026 r." (:meth:`LanguageFormat.typeset` keeps "r." with
the year in running text)."""
SINGLE_LETTER_WORDS = {"pl": "aiouwzAIOUWZ", "cs": "aikosuvzAIKOSUVZ"}
"""One-letter prepositions and conjunctions that must not end a line (Polish and Czech
typography): the space after them is made non-breaking in running text."""
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC_DAY = re.compile(r"(\d{1,2}) ?[./] ?(\d{1,2}) ?[./] ?(\d{4})")
_NAMED_DAY = re.compile(r"(\d{1,2})\.? ([^\W\d_]+\.?) (\d{4})")
_UNITS = r"%|‰|EUR|€|Kč|zł|MB|KB|GB|km|kg|t|h|r\.|Mio\.|mln|tys\.|tis\."


class LanguageFormat:
    """The formatting of one language (``lang``); a base class of the translator."""

    lang: str

    @cached_property
    def locale(self) -> Locale:
        from babel import Locale  # Babel and ICU load when first needed, not at start-up

        return Locale.parse(LOCALES[self.lang])

    @property
    def tag(self) -> str:
        """The language's BCP 47 tag (``de-DE``), as a PDF's or an e-mail's language."""
        return LOCALES[self.lang].replace("_", "-")

    def date(self, value: dt.date | None, style: str = "medium") -> str:
        """A day in the language's ``short`` (numeric, always with a four-digit year),
        ``medium`` (default) or ``long`` format ("4 grudnia 2026 r." in Polish)."""
        from babel.dates import format_date

        if not value:
            return MISSING
        if style == "short":
            return format_date(value, format=self.short_date_pattern, locale=self.locale)
        text = format_date(value, format=style, locale=self.locale)
        return text + LONG_DATE_SUFFIX.get(self.lang, "") if style == "long" else text

    @cached_property
    def short_date_pattern(self) -> str:
        """CLDR's short date pattern with the full year ("dd.MM.y", never "dd.MM.yy")."""
        pattern = SHORT_DATES.get(self.lang) or self.locale.date_formats["short"].pattern
        return re.sub(r"(?<!y)yy(?!y)", "y", pattern)

    def parse_date(self, text: str) -> dt.date | None:
        """A day as typed: the language's numeric date ("30.06.2027", "30. 6. 2027"), its
        date with the month's name as :meth:`date` writes it ("30 cze 2027", "30 czerwca
        2027 r.", "30. Juni 2027"), or ISO 8601 ("2027-06-30"); empty: ``None``. Anything else
        raises :class:`ValueError`."""
        text = " ".join(text.replace(NBSP, " ").split())
        if not text:
            return None
        suffix = LONG_DATE_SUFFIX.get(self.lang)
        if suffix:
            text = text.removesuffix(suffix).strip()
        if iso := _ISO_DAY.fullmatch(text):
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if numeric := _NUMERIC_DAY.fullmatch(text):
            return dt.date(int(numeric[3]), int(numeric[2]), int(numeric[1]))
        if named := _NAMED_DAY.fullmatch(text):
            month = self._month_numbers.get(named[2].casefold().rstrip("."))
            if month is not None:
                return dt.date(int(named[3]), month, int(named[1]))
        raise ValueError(text)

    @cached_property
    def _month_numbers(self) -> dict[str, int]:
        """Every name and abbreviation of a month in the language (casefolded, no final dot)."""
        names: dict[str, int] = {}
        for context in ("format", "stand-alone"):
            for width in ("abbreviated", "wide"):
                for number, name in self.locale.months[context][width].items():
                    names[name.casefold().rstrip(".")] = number
        return names

    def timestamp(self, iso: str, *, local: bool = False) -> str:
        """A moment of the audit trail or a package (ISO 8601, UTC) as short date and time: in
        UTC (the reports), or with ``local`` in the computer's time zone (the window)."""
        from babel.dates import format_time

        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
        zone: dt.tzinfo | None = dt.UTC
        if local:
            moment = moment.astimezone()
            zone = moment.tzinfo
        time = format_time(moment, format="short", tzinfo=zone, locale=self.locale)
        day = moment.astimezone(zone).date()
        pattern = str(self.locale.datetime_formats["short"])
        return pattern.replace("{1}", self.date(day, "short")).replace("{0}", time)

    def typeset(self, text: str) -> str:
        """Running text with the non-breaking spaces the language needs: between a number and
        its unit ("42 %", "1 200 EUR") and, in Polish and Czech, after a one-letter word
        ("w Saksonii", "v Sasku"), so that no line ends with it."""
        text = re.sub(rf"(?<=\d) (?=(?:{_UNITS})(?!\w))", NBSP, text)
        letters = SINGLE_LETTER_WORDS.get(self.lang)
        if letters:
            text = re.sub(rf"(?<![\w.-])([{letters}]) ", rf"\1{NBSP}", text)
        return text

    def number(self, value: float | None, pattern: str | None = None) -> str:
        """A number in the language's format, or by a CLDR ``pattern`` (``"0.00"``)."""
        from babel.numbers import format_decimal

        if value is None:
            return MISSING
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, value: float | None) -> str:
        """A percentage (``value`` in per cent: 42 → "42 %")."""
        from babel.numbers import format_percent

        return MISSING if value is None else format_percent(value / 100, locale=self.locale)

    def money(self, cents: int | None) -> str:
        """An amount in euro, given in cents."""
        from babel.numbers import format_currency

        return MISSING if cents is None else format_currency(cents / 100, "EUR", locale=self.locale)

    @cached_property
    def _collator(self) -> Any:
        import icu  # CLDR collation (Babel has none)

        return icu.Collator.createInstance(icu.Locale(LOCALES[self.lang]))

    def sort_key(self, text: str) -> bytes:
        """A key that sorts ``text`` as the language's alphabet does (compare keys as bytes)."""
        return bytes(self._collator.getSortKey(text))

    def sorted(self, items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
        """``items`` in the language's alphabetical order of ``key(item)`` (or of the items)."""
        text: Callable[[Any], str] = key or str
        return sorted(items, key=lambda item: self.sort_key(text(item)))
