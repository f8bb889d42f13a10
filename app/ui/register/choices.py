"""The choices the measure editor and the bulk dialog offer: departments, goals, partners and
statuses, each as (key, text) in the interface language."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtWidgets import QComboBox

from app.i18n import Translator
from app.models import Status, labels
from app.operations.register_view import Vocabulary


def departments(
    vocabulary: Vocabulary, lang: str, keep: Collection[str] = ()
) -> list[tuple[str, str]]:
    """The departments that can be assigned: the active ones, and the retired ones of ``keep``
    (already assigned)."""
    return [
        (d.key, f"{d.key} – {d.name(lang)}")
        for d in vocabulary.departments
        if not d.retired or d.key in keep
    ]


def goals(vocabulary: Vocabulary, lang: str) -> list[tuple[str, str]]:
    return [(g.key, f"{g.key} – {g.name(lang)}") for g in vocabulary.goals]


def partners(tr: Translator, vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """The partners in the language's alphabetical order."""
    lang = tr.lang
    return [
        (p.key, p.name(lang)) for p in tr.sorted(vocabulary.partners, key=lambda p: p.name(lang))
    ]


def status_combo(tr: Translator, current: Status | None = None) -> QComboBox:
    """A list of the statuses, ``current`` chosen."""
    combo = QComboBox()
    for status in Status:
        combo.addItem(labels.status(tr, status), status.value)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current.value))
    return combo
