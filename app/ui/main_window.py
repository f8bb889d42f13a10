"""The main window: navigation, the pages, a status bar naming the register's file. Every change
goes through the core's operations on the database worker; the window shows their results."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMainWindow, QWidget
from sqlalchemy.orm import Session

from app import profile as profiles
from app.errors import EditConflict, UserError
from app.i18n import Translator
from app.operations import measures
from app.operations.changes import OpChanges
from app.operations.context import Actor
from app.operations.measures import MeasureHistory, MeasureInput
from app.operations.register_view import MeasureRow, Vocabulary, load_rows, load_start
from app.paths import AppPaths
from app.profile import Profile
from app.storage.register import Register
from app.ui.change_watch import ChangeWatcher
from app.ui.file_drop import FileDrop
from app.ui.navigation import Navigation
from app.ui.pages import MENUS, PAGES, REGISTER_PAGE, saved_page
from app.ui.profile_dialog import ProfileDialog, ask_restart
from app.ui.register.reference_screen import ReferenceScreen
from app.ui.register.register_actions import RegisterActions
from app.ui.register.register_screen import RegisterScreen
from app.ui.role_limits import hide_changes, limit_window
from app.ui.rounds.rounds_page import RoundsPage
from app.ui.safety.window_parts import install_safety
from app.ui.sizing import PageStack, first_control, fit_to_screen, scrolled
from app.ui.status_line import show_register
from app.ui.widgets import ScreenContext, ask
from app.ui.worker import DbWorker

__all__ = ["PAGES", "REGISTER_PAGE", "MainWindow"]  # the pages' list is kept in app.ui.pages

if TYPE_CHECKING:  # pages and dialogs whose code is imported when first wanted
    from app.ui.overview.overview_page import Chosen, OverviewPage
    from app.ui.partnerships.partnerships_screen import PartnershipsScreen
    from app.ui.reports.reports_screen import ReportsScreen
    from app.ui.safety.weekly import WeeklyCheck


class MainWindow(QMainWindow):
    loaded = Signal()  # the whole register read and shown
    shown = Signal()  # rows shown: the first screenful at the start, then the whole register

    def __init__(self, tr: Translator, register: Register, paths: AppPaths, user: Profile) -> None:
        super().__init__()
        self.tr_ = tr
        self.register = register
        self.paths = paths
        self.user = user
        self.vocabulary: Vocabulary | None = None
        self._reports_stale = True
        self.restart_requested = False  # the user chose to restart (a new language): run again
        _ = tr.gettext
        title = _("IMAG register")
        self.setWindowTitle(f"{title} – {_('Demo')}" if register.is_demo else title)
        self.worker = DbWorker(register, tr, self)
        self.settings = QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)

        self.nav = Navigation(_("Navigation"))
        self.stack = PageStack()
        self.pages: dict[str, QWidget] = {}
        self.register_screen = RegisterScreen(tr, self)
        self._overview: OverviewPage | None = None  # made when first shown
        self.reference = ReferenceScreen(tr, self.worker, self.actor, self.reload, self)
        built: dict[str, QWidget] = {"register": self.register_screen, "reference": self.reference}
        for key, caption in PAGES:
            page: QWidget | None = built.get(key)
            if page is None:
                page = QLabel(_("This part of the program comes in a later version."))
                page.setAlignment(Qt.AlignmentFlag.AlignCenter)
                page.setAccessibleName(_(caption))
            self.pages[key] = page
            self.stack.addWidget(page)
            self.nav.add_page(_(caption))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.currentRowChanged.connect(lambda _row: self.stack.updateGeometry())
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(scrolled(self.stack), 1)
        self.setCentralWidget(central)
        self._reports: ReportsScreen | None = None  # made when first shown
        context = ScreenContext(tr, self.worker, self.actor, self.settings)
        self.rounds = RoundsPage(context, on_changed=self.reload, role=user.role)
        self.set_page_widget("rounds", self.rounds)
        self._context = context
        self._partnerships: PartnershipsScreen | None = None  # made when first shown
        self.nav.currentRowChanged.connect(self._page_chosen)
        self.register_actions = RegisterActions(
            context, self.register_screen, lambda: self.vocabulary, self.apply_changes, self
        )
        self._make_actions()
        self.banner = install_safety(self)  # File › Backups…, Help; read-only: the banner
        self.file_drop = FileDrop(self, self)  # package and spreadsheet files dropped on it
        self.weekly: WeeklyCheck | None = None  # the weekly deep check, once the rows are in
        self.loaded.connect(self._check_weekly, type=Qt.ConnectionType.SingleShotConnection)

        self.file_label = show_register(self.statusBar(), register, tr)
        changing = [self.new_action, self.edit_action, self.archive_action, self.delete_action]
        changing += [self.register_actions.bulk_action, self.register_actions.import_action]
        self.role_note = limit_window(self, register.capabilities, changing, register.user)

        if register.server is not None:  # others change a shared register: look now and then
            self.watcher = ChangeWatcher(self.worker, self.reload, self, self.apply_changes)
        self.register_screen.selection_changed.connect(self._load_details)
        if register.capabilities.writes:  # Enter or a double click on a measure
            self.register_screen.edit_requested.connect(self.edit_measure)
        self.register_screen.new_button.clicked.connect(self.new_measure)
        self.register_screen.edit_button.clicked.connect(self.edit_measure)
        self.register_screen.archive_button.clicked.connect(self.archive_measure)
        self.register_screen.delete_button.clicked.connect(self.delete_measure)
        self.register_screen.selection_changed.connect(lambda _code: self._update_actions())
        self.nav.setCurrentRow(saved_page(self.settings))  # where the window was closed
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1340, 720)
            self.register_screen.splitter.setSizes([860, 400])
        self.register_screen.restore_state(self.settings)
        self._restore_filters = True
        self.reload()

    # -- pages and actions -------------------------------------------------------------------
    def set_page_widget(self, key: str, widget: QWidget) -> None:
        """Put a screen into a navigation slot (e.g. the reports screen, once it exists)."""
        index = [k for k, _c in PAGES].index(key)
        old = self.pages[key]
        current = self.stack.currentWidget() is old
        self.stack.insertWidget(index, widget)
        self.stack.removeWidget(old)
        old.deleteLater()
        self.pages[key] = widget
        if current:
            self.stack.setCurrentWidget(widget)

    @property
    def overview(self) -> OverviewPage:
        """The Overview page: built (and its code imported) when first wanted."""
        if self._overview is None:
            from app.ui.overview.overview_page import OverviewPage

            self._overview = OverviewPage(self.tr_, self.worker, self)
            self._overview.show_in_register.connect(self.show_in_register)
            self.set_page_widget("overview", self._overview)
        return self._overview

    @property
    def partnerships(self) -> PartnershipsScreen:
        """The Partnerships page: built (and its code imported) when first wanted."""
        if self._partnerships is None:
            from app.ui.partnerships.partnerships_screen import PartnershipsScreen

            self._partnerships = PartnershipsScreen(self._context)
            self.set_page_widget("partnerships", self._partnerships)
        return self._partnerships

    @property
    def reports(self) -> ReportsScreen:
        """The Reports page: built (and its code imported) when first wanted."""
        if self._reports is None:
            from app.ui.reports.reports_screen import ReportsScreen

            self._reports = ReportsScreen(
                self.tr_, self.paths, self.settings, demo=self.register.is_demo
            )
            self.set_page_widget("reports", self._reports)
        return self._reports

    def _action(self, text: str, shortcut: QKeySequence | str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        _ = self.tr_.gettext
        key = QKeySequence.StandardKey
        menu = self.menuBar().addMenu(_(MENUS[0]))
        menu.addAction(self.register_actions.import_action)
        menu.addAction(self.register_actions.export_action)
        menu.addSeparator()
        menu.addAction(self._action(_("&Settings…"), "Ctrl+,", self.open_settings))
        menu.addSeparator()
        menu.addAction(self._action(_("&Quit"), "Ctrl+Q", self.close))
        menu = self.menuBar().addMenu(_(MENUS[1]))
        self.new_action = self._action(_("&New…"), "Ctrl+N", self.new_measure)
        self.edit_action = self._action(_("&Edit…"), "Ctrl+E", self.edit_measure)
        self.archive_action = self._action(
            _("&Archive or restore"), "Ctrl+Shift+A", self.archive_measure
        )
        self.delete_action = self._action(
            _("&Delete…"), QKeySequence(key.Delete), self.delete_measure
        )
        bulk = self.register_actions.bulk_action
        for action in (
            self.new_action, self.edit_action, bulk, self.archive_action, self.delete_action
        ):  # fmt: skip
            menu.addAction(action)
        # the same actions on the table's context menu
        self.register_screen.table.addActions(
            [self.new_action, self.edit_action, bulk, self.archive_action, self.delete_action]
        )
        menu.addSeparator()
        self.translate_action = self._action(
            _("&Translate free texts…"), "Ctrl+T", self.translate_texts
        )
        menu.addAction(self.translate_action)
        menu = self.menuBar().addMenu(_(MENUS[2]))
        menu.addAction(self._action(_("&Find"), "Ctrl+F", self.focus_search))
        menu.addSeparator()
        for n, (_key, caption) in enumerate(PAGES):
            menu.addAction(
                self._action(_(caption), f"Ctrl+{n + 1}", lambda _c=False, n=n: self.show_page(n))
            )
        self._update_actions()

    def _update_actions(self) -> None:
        selected = self.register_screen.selected_code() is not None
        for action in (self.edit_action, self.archive_action, self.delete_action):
            action.setEnabled(selected)

    def _page_chosen(self, index: int) -> None:
        key = PAGES[index][0]
        if key == "overview":
            self.overview  # noqa: B018 - built when first shown (it counts when shown)
        elif key == "partnerships":
            self.partnerships.activate()
        elif key == "reports":
            from app.ui.reports.round_choice import report_rounds

            self.worker.run(report_rounds, self.reports.set_rounds)  # read each time it is shown
            self._fill_report_choices()
        hide_changes(self.pages[key], self.register.capabilities)  # the page is built by now

    def translate_texts(self) -> None:
        from app.ui.translations.translation_dialog import TranslationDialog

        self.translation_dialog = TranslationDialog(self._context, self)
        self.translation_dialog.show()

    def show_page(self, index: int) -> None:
        """Show a page with the focus on its first control (a screen reader names it)."""
        self.nav.setCurrentRow(index)
        page = self.stack.currentWidget()
        if page is not None:
            first_control(page).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_in_register(self, chosen: Chosen) -> None:
        """The measures a part of the overview counted, in the register."""
        self.show_page(REGISTER_PAGE)
        self.register_screen.show_filtered(chosen.choices, chosen.codes, chosen.text, chosen.select)

    def focus_search(self) -> None:
        self.show_page(REGISTER_PAGE)
        self.register_screen.search.setFocus()
        self.register_screen.search.selectAll()

    def actor(self) -> Actor:
        return Actor(self.user.actor(), "app", self.user.answers_for())

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        job = functools.partial(load_start, first=self.register_screen.model.total == 0)
        self.worker.run(job, self._show_rows, progress=self.tr_.gettext("Loading the register…"))
        if self._overview is not None:
            self._overview.invalidate()
        self.reference.invalidate()  # read when shown (not at every start)
        if self._partnerships is not None:
            self._partnerships.invalidate()

    def apply_changes(
        self, changes: OpChanges, select: str | None = None, rows: list[MeasureRow] | None = None
    ) -> None:
        """Bring the views up to date with what an operation changed: the changed measures' rows
        alone (``rows`` if the operation's job read them, else read on the worker), or all."""
        if changes.everything:
            self.reload()
        else:
            codes = changes.measures

            def show(rows: list[MeasureRow]) -> None:
                self.register_screen.model.update_rows(rows, changes.removed)
                self._reports_stale = True
                if self.stack.currentWidget() is self._reports:  # built and shown
                    self._fill_report_choices()
                selected = self.register_screen.selected_code()
                if selected in codes:  # its details, too (the row kept its selection)
                    self._load_details(selected)

            if rows is not None:
                show(rows)
            else:
                self.worker.run(lambda session: load_rows(session, codes), show)
            self.reference.invalidate()
            if self._partnerships is not None:
                self._partnerships.invalidate()
            if self._overview is not None:
                self._overview.invalidate()
        if changes.removed or (
            select is not None and select != self.register_screen.selected_code()
        ):  # a new measure, or the selection gone with a deleted one (an edited row keeps it)
            self.worker.run(lambda _s: None, lambda _r: self.register_screen.select(select))

    def _fill_report_choices(self) -> None:
        """The reports' pickers list the register's measures: filled when the page is shown."""
        if self._reports_stale and self.vocabulary is not None:
            self._reports_stale = False
            self.reports.set_choices(self.vocabulary.departments, self.register_screen.model.rows)

    def _show_rows(self, result: tuple[list[MeasureRow], Vocabulary, bool]) -> None:
        rows, vocabulary, partial = result
        self.vocabulary = vocabulary
        self.register_screen.model.set_rows(rows, loading=partial)
        self.register_screen.set_vocabulary(vocabulary)
        self._reports_stale = True
        if self.stack.currentWidget() is self._reports:  # built and shown
            self._fill_report_choices()
        self.rounds.set_vocabulary(vocabulary)
        if self._restore_filters:
            self._restore_filters = False
            self.register_screen.restore_filters(self.settings)
        self.shown.emit()
        if partial:  # the rest (all rows again: an edit meanwhile is in them) replaces them
            self.worker.run(load_rows, lambda rows: self._show_rows((rows, vocabulary, False)))
        else:
            self.loaded.emit()  # the register screen keeps its selection (by code) itself

    def _load_details(self, code: str) -> None:
        if not code:
            self.register_screen.show_details("", None, ([], {}))
            return

        def job(session: Session) -> tuple[MeasureInput, MeasureHistory]:
            return measures.measure_input(session, code)[0], measures.history_of(session, code)

        def show(result: tuple[MeasureInput, MeasureHistory]) -> None:
            if self.register_screen.selected_code() == code:
                self.register_screen.show_details(code, *result)

        self.worker.run(job, show)

    # -- editing -------------------------------------------------------------------------------
    def new_measure(self) -> None:
        self._open_editor(None)

    def edit_measure(self) -> None:
        code = self.register_screen.selected_code()
        if code is not None:
            self.worker.run(
                lambda s: (*measures.measure_input(s, code), measures.history_of(s, code)),
                lambda result: self._open_editor(code, *result),
            )

    def _open_editor(
        self,
        code: str | None,
        data: MeasureInput | None = None,
        revision: int | None = None,
        history: MeasureHistory | None = None,
    ) -> None:
        if self.vocabulary is None:
            return
        actor = self.actor()
        based_on = {"revision": revision}  # a merge is saved on the other person's revision

        def save(values: MeasureInput, done: object, failed: Callable[[UserError], None]) -> None:
            def job(session: Session) -> str:
                if code is None:
                    return measures.create_measure(session, actor, values)
                measures.update_measure(session, actor, code, values, revision=based_on["revision"])
                return code

            def refused(error: UserError) -> None:
                if not isinstance(error, EditConflict) or code is None or data is None:
                    failed(error)
                    return
                from app.ui.register.conflict_dialog import settle

                outcome = settle(self.tr_, error, code, (data, values), parent=self.editor)
                if outcome is None:
                    failed(error)
                elif isinstance(outcome, MeasureInput):  # mine or merged, on their revision
                    based_on["revision"] = error.revision
                    save(outcome, done, failed)
                else:  # keep the other person's (THEIRS): nothing to save
                    self.editor.discard()
                    self.apply_changes(OpChanges.of_measures([code]), select=code)

            self.worker.run(job, done, on_error=refused)  # type: ignore[arg-type]

        from app.ui.register.measure_editor import MeasureEditor

        self.editor = MeasureEditor(
            self.tr_, self.vocabulary, data, save, code=code, history=history, parent=self
        )
        self.editor.accepted.connect(lambda: self._saved(code, self.editor.saved_code))
        self.editor.open()

    def _saved(self, old: str | None, new: str | None) -> None:
        """The editor saved measure ``new`` (``old`` its code before, ``None`` for a new one)."""
        removed = frozenset(code for code in (old,) if code and code != new)
        self.apply_changes(OpChanges(OpChanges.of_measures([new]).measures, removed), select=new)

    def archive_measure(self) -> None:
        code = self.register_screen.selected_code()
        if code is None:
            return
        row = self.register_screen.model.row_of(code)
        archived = row is not None and self.register_screen.model.row_at(row).archived
        actor = self.actor()

        def job(session: Session) -> list[MeasureRow]:
            measures.archive_measure(session, actor, code, archived=not archived)
            return load_rows(session, [code])  # in the same job: one trip to the worker

        self.worker.run(
            job,
            lambda rows: self.apply_changes(OpChanges.of_measures([code]), select=code, rows=rows),
        )

    def confirm_delete(self, code: str) -> bool:
        _ = self.tr_.gettext
        return ask(
            self,
            _("Delete measure"),
            _(
                "Delete the measure {code} for good? Its history stays in the audit trail. "
                "Archiving keeps it in the register instead."
            ).format(code=code),
        )

    def delete_measure(self) -> None:
        code = self.register_screen.selected_code()
        if code is None or not self.confirm_delete(code):
            return
        actor = self.actor()
        self.worker.run(
            lambda s: measures.delete_measure(s, actor, code),
            lambda _r: self.apply_changes(OpChanges.deleted(code)),
        )

    # -- settings and closing -------------------------------------------------------------------
    def open_settings(self) -> None:
        departments = self.vocabulary.departments if self.vocabulary else []
        dialog = ProfileDialog(self.tr_, self.user, departments, first_start=False, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_profile(dialog.profile())

    def apply_profile(self, user: Profile) -> None:
        """Keep the profile chosen (in Settings or at first start): the role shows at once (the
        rounds page changes); a new language after a restart, offered in that language."""
        role = self.user.role
        self.user = replace(user)
        profiles.save(self.paths.profile_file, self.user)
        if self.user.role != role:
            self.rounds.set_role(self.user.role)
        self.offer_restart_for_language()

    def offer_restart_for_language(self) -> None:
        """A new language shows after a restart: offer one (nothing is lost: every change is
        saved when made, the window's state when it closes), asked in the language chosen."""
        if (self.user.language or self.tr_.lang) == self.tr_.lang:
            return
        if ask_restart(self, self.user.language or self.tr_.lang):
            self.restart()

    def _check_weekly(self) -> None:
        from app.ui.safety.weekly import WeeklyCheck  # once the rows are in: not at the start

        self.weekly = WeeklyCheck(self)

    def restart(self) -> None:
        """Close the window and have the program start again (after a report being written)."""
        if self._reports is not None and self._reports.running:
            self.reports.finished.connect(self.restart, type=Qt.ConnectionType.SingleShotConnection)
            return
        self.restart_requested = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/page", self.nav.currentRow())
        self.register_screen.save_state(self.settings)
        self.settings.sync()
        if self._reports is not None:
            self._reports.shutdown()
        self.rounds.shutdown()  # drafts typed in the last half second are saved, too
        self.worker.shutdown()
        super().closeEvent(event)
