"""Translations as objects, not a global: the interface has one, every report may have another.

Source strings are English and marked in the code with ``_``/``N_``/``ngettext``/``pgettext`` for
extraction with Babel. The catalogs live in ``translations/<lang>/LC_MESSAGES/imag.po``; a build
compiles them to ``.mo`` next to the ``.po`` files. Where no ``.mo`` has been built (a source
checkout), the ``.po`` file is compiled on first use and the result kept in the cache folder
under the ``.po``'s hash, so that later starts read the compiled catalog.

Messages that the core produces for the user (errors, results) are kept as a message id plus
named parameters (:class:`Message`) and rendered in the language of whoever shows them.

The translator also formats dates, numbers and money and sorts words as its language does
(:class:`app.i18n_format.LanguageFormat`).
"""

from __future__ import annotations

import datetime as dt
import gettext
import hashlib
import io
import locale
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from app.i18n_format import LanguageFormat
from app.resources import translations_dir

DOMAIN = "imag"
LANGUAGES: tuple[str, ...] = ("de", "pl", "cs")
"""The languages the application is translated into, German first (it is the default)."""
SOURCE_LANGUAGE = "en"
DEFAULT_LANGUAGE = "de"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for extraction as one entry: ``Message(*NP_(a, b), n=2)``."""
    return singular, plural


class Translator(LanguageFormat):
    """One language's catalog: ``gettext``, ``ngettext`` (with the language's plural rules);
    and its formatting: ``date``, ``timestamp``, ``number``, ``percent``, ``money``,
    ``sort_key`` and ``sorted`` (after CLDR)."""

    def __init__(self, lang: str, catalog: gettext.NullTranslations) -> None:
        self.lang = lang
        self._catalog = catalog

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._catalog.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._catalog.npgettext(context, singular, plural, n)

    def __call__(self, message: str) -> str:
        return self.gettext(message)

    def render(self, message: Message | str) -> str:
        if isinstance(message, str):
            return self.gettext(message)
        return message.render(self)


@dataclass(frozen=True)
class Message:
    """A translatable message with named parameters, rendered late in the reader's language.

    ``Message(N_("Register {path} is damaged."), path=p)`` or, for plurals (``n`` chooses the
    form by the language's rules), ``Message(*NP_("{n} measure", "{n} measures"), n=3)``.
    """

    text: str
    plural: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, text: str, plural: str | None = None, /, **params: Any) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "plural", plural)
        object.__setattr__(self, "params", dict(params))

    def render(self, tr: Translator) -> str:
        if self.plural is not None:
            template = tr.ngettext(self.text, self.plural, int(self.params.get("n", 0)))
        else:
            template = tr.gettext(self.text)
        params: dict[str, Any] = {}
        for key, value in self.params.items():
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                params[key] = tr.date(value, "short")  # a day as its reader writes it
                continue
            if not isinstance(value, Message):
                params[key] = value
                continue
            text = tr.render(value)
            # a sentence given as a reason ("…: {reason}. Nothing was changed.") brings its own
            # full stop: one is enough
            if f"{{{key}}}." in template and text.endswith(".") and not text.endswith(".."):
                text = text[:-1]
            params[key] = text
        return template.format(**params)

    def __str__(self) -> str:  # English, for logs and tracebacks
        return self.render(translator(SOURCE_LANGUAGE))


def _load_catalog(lang: str) -> gettext.NullTranslations:
    folder = translations_dir() / lang / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.is_file():
        return gettext.GNUTranslations(io.BytesIO(_compiled(lang, po.read_bytes())))
    return gettext.NullTranslations()


def _compiled(lang: str, source: bytes) -> bytes:
    """The ``.mo`` of the catalog ``source`` (a ``.po`` file's bytes): compiled once and kept in
    the cache folder under the source's hash, so that no start but the first parses a ``.po``
    (a source checkout or a development install; a build ships its ``.mo`` files)."""
    from app.paths import cache_dir

    digest = hashlib.sha256(source).hexdigest()[:20]
    cached = cache_dir() / "catalogs" / f"{DOMAIN}-{lang}-{digest}.mo"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    data = buffer.getvalue()
    try:  # a cache that cannot be written costs the next start its time, nothing else
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, cached)
    except OSError:
        pass
    return data


@cache
def translator(lang: str) -> Translator:
    """The translator for ``lang`` (``de``, ``pl``, ``cs``; ``en`` is the untranslated source)."""
    if lang == SOURCE_LANGUAGE:
        return Translator(lang, gettext.NullTranslations())
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang!r}")
    return Translator(lang, _load_catalog(lang))


def normalize(tag: str | None) -> str | None:
    """``'pl_PL.UTF-8'`` → ``'pl'``; ``None`` for a language the application does not have."""
    if not tag:
        return None
    code = tag.replace("-", "_").split("_")[0].split(".")[0].lower()
    if code in LANGUAGES or code == SOURCE_LANGUAGE:
        return code
    return None


def build_default_language() -> str | None:
    """The default language a localized build was made with (``resources/build-language.txt``,
    written by ``packaging/build.py --lang``); ``None`` in a source checkout."""
    from app.resources import resource

    marker = resource("build-language.txt")
    if marker.is_file():
        return normalize(marker.read_text(encoding="utf-8").strip())
    return None


def system_language() -> str | None:
    """The operating system's interface language, if it is one the application has."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            for part in value.split(":"):
                code = normalize(part)
                if code in LANGUAGES:
                    return code
            break
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()
        return normalize(locale.windows_locale.get(lang_id))
    return None


def resolve_language(setting: str | None = None) -> str:
    """The interface language: the user's setting, the build's default, the system's, German.

    ``IMAG_LANG`` in the environment overrides them all, as ``--lang`` does on the command line.
    """
    forced = normalize(os.environ.get("IMAG_LANG"))
    for candidate in (forced, normalize(setting), build_default_language(), system_language()):
        if candidate:
            return candidate
    return DEFAULT_LANGUAGE
