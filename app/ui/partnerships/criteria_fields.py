"""The parts of the criteria-set editor that are not the dialog itself: a free code for a copy,
weights as the file writes them, the fields in the three languages side by side, the table of
the scale values' labels, a criterion as the file format has it, and what the editor says about
the rounds using the set."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
)

from app.i18n import LANGUAGES, Translator
from app.partnerships import criteria
from app.rounds.labels import ROUND_STATUS

NAME_LENGTH = 500  # what the file format allows (criteria.SCHEMA)
CODE_LENGTH = 32


def free_code(code: str, taken: set[str]) -> str:
    """A code for a copy of the set ``code`` that no set has yet: ``IMAG-2026-2``, ``-3``, …"""
    used = {t.casefold() for t in taken}
    for number in range(2, 1000):
        suffix = f"-{number}"
        candidate = code[: CODE_LENGTH - len(suffix)] + suffix
        if candidate.casefold() not in used:
            return candidate
    return ""


def as_weight(value: float) -> int | float:
    """A whole weight as an ``int`` (as the shipped file writes it), any other as a float."""
    return int(value) if float(value).is_integer() else round(value, 2)


def plain(edit: QPlainTextEdit | QLineEdit) -> str | None:
    """What ``edit`` holds, without surrounding spaces; ``None`` for nothing."""
    text = edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()
    return text.strip() or None


class WeightBox(QDoubleSpinBox):
    """A weight as the reader writes it: ``3`` or ``1,5``, not ``3,00``."""

    def textFromValue(self, value: float) -> str:
        text = self.locale().toString(value, "f", self.decimals())
        point = self.locale().decimalPoint()
        return text.rstrip("0").rstrip(point) if point in text else text


def language_columns(
    grid: QGridLayout,
    languages: dict[str, str],
    name: str,
    text: str,
    min_height: int = 0,
) -> tuple[dict[str, QLineEdit], dict[str, QPlainTextEdit]]:
    """A column per language in ``grid`` (its heading in row 1): a one-line field (row 2) and
    a text (row 3, at least ``min_height`` high), named ``name`` and ``text`` with the language
    put in."""
    line_edits: dict[str, QLineEdit] = {}
    texts: dict[str, QPlainTextEdit] = {}
    for column, (lang, language) in enumerate(languages.items(), start=1):
        grid.addWidget(QLabel(f"<b>{language[:1].upper()}{language[1:]}</b>"), 1, column)
        line = QLineEdit()
        line.setMaxLength(NAME_LENGTH)
        line.setAccessibleName(name.format(language=language))
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setAccessibleName(text.format(language=language))
        if min_height:
            edit.setMinimumHeight(min_height)
        line_edits[lang], texts[lang] = line, edit
        grid.addWidget(line, 2, column)
        grid.addWidget(edit, 3, column)
        grid.setColumnStretch(column, 1)
    return line_edits, texts


class ScaleLabels(QTableWidget):
    """The labels of the scale's values, a row per value and a column per language; labels
    typed for a value are kept while the scale is narrowed and widened again."""

    def __init__(self, tr: Translator, document: dict[str, Any], languages: dict[str, str]) -> None:
        super().__init__(0, 1 + len(languages))
        _ = tr.gettext
        self.texts: dict[int, dict[str, str]] = {
            int(label["value"]): {lang: str(label.get(lang) or "") for lang in LANGUAGES}
            for label in document.get("scale_labels") or []
        }
        self.setAccessibleName(_("Labels of the scale values"))
        self.setHorizontalHeaderLabels(
            [_("Value"), *(_("Label ({language})").format(language=n) for n in languages.values())]
        )
        self.verticalHeader().setVisible(False)
        self.setTabKeyNavigation(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, 1 + len(languages)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.itemChanged.connect(self._changed)

    def fill(self, low: int, high: int) -> None:
        """A row for each value from ``low`` to ``high``."""
        values = list(range(low, high + 1))
        self.blockSignals(True)
        self.setRowCount(len(values))
        for row, value in enumerate(values):
            number = QTableWidgetItem(str(value))
            number.setFlags(number.flags() & ~Qt.ItemFlag.ItemIsEditable)
            number.setData(Qt.ItemDataRole.UserRole, value)
            number.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setItem(row, 0, number)
            for column, lang in enumerate(LANGUAGES, start=1):
                self.setItem(row, column, QTableWidgetItem(self.texts.get(value, {}).get(lang, "")))
        self.blockSignals(False)
        shown = max(1, min(len(values), criteria.MAX_SCALE_POINTS))  # all, up to the most allowed
        self.setFixedHeight(
            self.horizontalHeader().sizeHint().height()
            + shown * self.verticalHeader().defaultSectionSize()
            + 2 * self.frameWidth()
        )

    def _changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            return
        value_item = self.item(item.row(), 0)
        assert value_item is not None
        value = int(value_item.data(Qt.ItemDataRole.UserRole))
        self.texts.setdefault(value, {})[LANGUAGES[item.column() - 1]] = item.text()

    def labels(self, low: int, high: int) -> list[dict[str, Any]]:
        """The labels of the values from ``low`` to ``high``, in the file format."""
        found = []
        for value in range(low, high + 1):
            texts = {
                lang: (self.texts.get(value, {}).get(lang) or "").strip() for lang in LANGUAGES
            }
            if any(texts.values()):
                found.append({"value": value, **{k: v or None for k, v in texts.items()}})
        return found


def criterion_document(entry: dict[str, Any], code: str) -> dict[str, Any]:
    """A criterion as the editor holds it, in the file format (not checked yet)."""
    return {
        "code": code,
        "weight": as_weight(float(entry["weight"])),
        "name_de": str(entry.get("name_de") or "").strip(),
        **{
            f"name_{lang}": str(entry.get(f"name_{lang}") or "").strip() or None
            for lang in ("pl", "cs")
        },
        **{
            f"description_{lang}": str(entry.get(f"description_{lang}") or "").strip() or None
            for lang in LANGUAGES
        },
    }


def in_use_text(tr: Translator, rounds: list[tuple[str, str]]) -> str:
    """What saving means for the rounds (name, status) not closed yet that froze the set
    (empty without such rounds)."""
    _ = tr.gettext
    active = [(n, s) for n, s in rounds if s != "closed"]
    if not active:
        return ""
    return tr.ngettext(
        "In use by the round {rounds}. It keeps the copy of the criteria it froze "
        "when it was created; what you save here does not change it, nor its "
        "packages, returns or results.",
        "In use by the rounds {rounds}. They keep the copy of the criteria they froze "
        "when they were created; what you save here does not change them, nor their "
        "packages, returns or results.",
        len(active),
    ).format(
        rounds=", ".join(
            _("“{name}” ({status})").format(name=n, status=_(ROUND_STATUS.get(s, s)))
            for n, s in active
        )
    )
