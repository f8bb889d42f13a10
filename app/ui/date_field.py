"""A date typed as the language writes it (see :meth:`~app.i18n_format.LanguageFormat.parse_date`)
or picked from a calendar: a line edit (it may stay empty) with a calendar button at its end;
Alt+Down or F4 opens the calendar from the keyboard, Enter takes the day, Escape closes it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QAction, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
    QWidgetAction,
)

from app.i18n import N_, Message, Translator
from app.i18n_format import LOCALES


class DateField(QLineEdit):
    def __init__(self, tr: Translator, day: dt.date | None, parent: QWidget | None = None) -> None:
        super().__init__("" if day is None else tr.date(day, "short"), parent)
        self._tr = tr
        _ = tr.gettext
        self.setPlaceholderText(tr.date(dt.date(2026, 3, 31), "short"))
        fallback = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        icon = QIcon.fromTheme("x-office-calendar", fallback)
        self.picker = QAction(icon, _("Choose the day in a calendar (Alt+Down)"), self)
        self.picker.setToolTip(self.picker.text())
        self.picker.triggered.connect(self.show_calendar)
        self.addAction(self.picker, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(QLocale(LOCALES[tr.lang]))
        self.calendar.setGridVisible(True)
        self.calendar.setAccessibleName(_("Calendar"))
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self._menu = QMenu(self)
        holder = QWidgetAction(self._menu)
        holder.setDefaultWidget(self.calendar)
        self._menu.addAction(holder)
        self.calendar.activated.connect(self._take)
        self.calendar.clicked.connect(self._take)

    def day(self) -> dt.date | None:
        """The day typed, ``None`` if empty or unreadable."""
        try:
            return self._tr.parse_date(self.text())
        except ValueError:
            return None

    def show_calendar(self) -> None:
        day = self.day() or dt.date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self._menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.setFocus()

    def _take(self, date: QDate) -> None:
        self.setText(self._tr.date(dt.date(date.year(), date.month(), date.day()), "short"))
        self._menu.close()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and (
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.show_calendar()
            return
        super().keyPressEvent(event)


def day_field(tr: Translator, day: dt.date | None, name: str) -> DateField:
    """A :class:`DateField` named ``name`` for screen readers, as wide as a date (not the row)."""
    field = DateField(tr, day)
    field.setAccessibleName(name)
    field.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return field


def not_a_date(tr: Translator, field: DateField) -> str | None:
    """What is wrong with the day typed into ``field`` (named as screen readers name it), or
    ``None`` when it is empty or a date."""
    text = field.text().strip()
    if not text or field.day() is not None:
        return None
    what = field.accessibleName()
    return tr.render(Message(N_("{what}: {value} is not a date."), what=what, value=text))


class DateDelegate(QStyledItemDelegate):
    """A table's date column edited in a :class:`DateField` (typed as the language writes a
    date, or picked from its calendar with Alt+Down); the cell keeps the text as typed."""

    def __init__(self, tr: Translator, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr, self._name = tr, name

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,  # noqa: ARG002 (Qt's signature)
        index: QModelIndex | QPersistentModelIndex,  # noqa: ARG002
    ) -> QWidget:
        field = DateField(self._tr, None, parent)
        field.setAccessibleName(self._name)
        field.setFrame(False)
        return field

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, DateField)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, DateField)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
