"""The main window: menus and toolbar from capabilities, documents and lists in tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabBar,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop import __version__
from aftersales_desktop.core import work
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import UserError
from aftersales_desktop.data.listing import ListSource
from aftersales_desktop.domain.tickets import STATUSES, looks_like_ticket_number
from aftersales_desktop.services.frontdesk.queries import find_ticket
from aftersales_desktop.services.session import OperatorSession, log_denied

from .connection import ConnectionMonitor
from .field_limits import limit_search
from .frontdesk.board import StatusBoard
from .frontdesk.ticket import TicketPage
from .i18n import tr
from .listview.widget import ListView
from .modules import FRONT_DESK, MENUS, Module, modules_for
from .operations import QueryOp
from .settings_dialog import SettingsDialog


class MainWindow(QMainWindow):
    """One window per logged-in operator; closing it (or logging out) ends the session."""

    logout_requested = Signal()
    closed = Signal()  # closed for good (not a logout): the client should exit

    def __init__(self, database: Database, session: OperatorSession, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session
        self.sensitive_hidden = False
        self._logging_out = False
        self.setWindowTitle(tr("After-sales Desktop - {name}").format(name=session.name))
        self.resize(1280, 800)

        self.connection_bar = QLabel()
        self.connection_bar.setObjectName("connectionBar")
        self.connection_bar.setStyleSheet(
            "#connectionBar { background: #fff1f0; color: #a8071a; padding: 6px;"
            " border-bottom: 1px solid #ffa39e; }")
        self.connection_bar.hide()
        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.welcome = self._welcome_page()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.connection_bar)
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)

        self.module_actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self.toolbar = QToolBar(tr("Main toolbar"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self._build_menus()
        self._build_status_bar()
        self.tabs.addTab(self.welcome, tr("Start"))
        self.tabs.tabBar().setTabButton(0, QTabBar.ButtonPosition.RightSide, None)

        self.board: StatusBoard | None = None
        if any(session.can(c) for c in FRONT_DESK):
            self._build_front_desk()
        else:
            self._open_home()

        work.denial_reporter = self._record_denial
        self.monitor = ConnectionMonitor(database, parent=self)
        self.monitor.state_changed.connect(self._connection_changed)

    # -- construction ----------------------------------------------------------
    def _build_front_desk(self) -> None:
        """The live status board on the left and the global search in the toolbar."""
        self.board = StatusBoard(self.database, parent=self)
        self.board.open_status.connect(self.open_tickets_with_status)
        dock = QDockWidget(tr("Status board"), self)
        dock.setObjectName("statusBoardDock")
        dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        dock.setWidget(self.board)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.search_box = limit_search(QLineEdit())
        self.search_box.setObjectName("global_search")
        self.search_box.setPlaceholderText(tr("Ticket no., phone, name or serial"))
        self.search_box.setMaximumWidth(260)
        self.search_box.returnPressed.connect(self.global_search)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.search_box)
        self.toolbar.show()

    def _open_home(self) -> None:
        """An operator without the front desk starts on their home screen (a technician
        on their jobs), if they have one."""
        home = next((m for m in modules_for(self.session.capabilities) if m.home), None)
        if home is not None:
            self.open_module(home)

    def global_search(self) -> None:
        """A ticket number (typed or scanned) opens the ticket; anything else filters the
        ticket list."""
        text = self.search_box.text().strip()
        if not text:
            return
        self.search_box.clear()
        if looks_like_ticket_number(text):
            def found(ticket_id: int | None) -> None:
                if ticket_id is None:
                    self.statusBar().showMessage(
                        tr("No ticket {number}.").format(number=text.upper()), 5000)
                else:
                    self.open_ticket(ticket_id)

            QueryOp(parent=self, database=self.database,
                    op=lambda conn: find_ticket(conn, text),
                    success=found).with_progress().run_in_background()
            return
        view = self._ticket_list()
        if view is not None:
            # a search looks through every ticket: the status a board click chose goes
            view.header.clear_filters()
            view.filter_edit.setText(text)
            view.header.apply_now()

    def _ticket_list(self) -> ListView | None:
        module = next((m for m in modules_for(self.session.capabilities)
                       if m.key == "tickets"), None)
        if module is None:
            return None
        view = self.open_module(module)
        return view if isinstance(view, ListView) else None

    def open_tickets_with_status(self, code: str) -> None:
        view = self._ticket_list()
        if view is None:
            return
        # the filter box shows what the operator reads (待取), the list filters by the code
        view.filter_edit.clear()
        if code in STATUSES:
            view.set_column_filter("status", tr(STATUSES[code]))
        elif code == "overdue":
            view.set_column_filter("overdue", tr("Yes"))
        else:
            view.header.clear_filters()
            view.header.apply_now()

    def open_ticket(self, ticket_id: int) -> TicketPage:
        key = f"ticket:{ticket_id}"
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if widget is not None and widget.property("module_key") == key:
                self.tabs.setCurrentIndex(index)
                assert isinstance(widget, TicketPage)
                widget.refresh()
                return widget
        page = TicketPage(self.database, self.session, parent=self)
        page.setProperty("module_key", key)
        index = self.tabs.addTab(page, tr("Ticket"))
        page.loaded.connect(lambda number, p=page: self.tabs.setTabText(
            self.tabs.indexOf(p), number))
        self.tabs.setCurrentIndex(index)
        page.load(ticket_id)
        return page

    def open_complaint(self, complaint_id: int) -> QWidget:
        """Show complaint `complaint_id` in its dialog (beside the tabs, not modal); any
        page may call it. The dialog's ticket button opens the ticket here."""
        from .callbacks.complaint_dialog import open_complaint

        dialog = open_complaint(self, self.database, self.session, complaint_id)
        dialog.ticket_requested.connect(self.open_ticket)
        return dialog

    def _welcome_page(self) -> QWidget:
        page = QLabel()
        page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        page.setWordWrap(True)
        page.setText(tr("Welcome, {name}.\nOpen a function from the menu or the toolbar.").format(
            name=self.session.name))
        page.setStyleSheet("font-size: 16px; color: palette(mid);")
        return page

    def _build_menus(self) -> None:
        allowed = modules_for(self.session.capabilities)
        bar = self.menuBar()
        for key, label in MENUS:
            entries = [m for m in allowed if m.menu == key]
            if key not in ("file", "help") and not entries:
                continue  # nothing shown disabled "for show"
            menu = bar.addMenu(tr(label))
            menu.setObjectName(f"menu_{key}")
            self.menus[key] = menu
            for module in entries:
                action = self._module_action(module)
                menu.addAction(action)
                if module.on_toolbar(self.session.capabilities):
                    self.toolbar.addAction(action)
            if key == "file":
                self._fill_file_menu(menu)
            elif key == "help":
                menu.addAction(tr("&About"), self.show_about)
        if not self.toolbar.actions():
            self.toolbar.hide()

        # Window-wide keys (UI.md): they act on the current tab.
        self.refresh_action = QAction(tr("Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.triggered.connect(self.refresh_current)
        self.sensitive_action = QAction(tr("Hide sensitive data"), self)
        self.sensitive_action.setCheckable(True)
        self.sensitive_action.setShortcut(QKeySequence("Ctrl+H"))
        self.sensitive_action.toggled.connect(self.set_sensitive_hidden)
        self.close_tab_action = QAction(tr("Close tab"), self)
        self.close_tab_action.setShortcuts([QKeySequence("Ctrl+W")])
        self.close_tab_action.triggered.connect(lambda: self.close_tab(self.tabs.currentIndex()))
        view = self.menus["file"]
        view.insertActions(view.actions()[0], [self.refresh_action, self.sensitive_action,
                                               self.close_tab_action])
        view.insertSeparator(view.actions()[3])

    def _fill_file_menu(self, menu: QMenu) -> None:
        menu.addAction(tr("&Settings..."), self.show_settings)
        password = menu.addAction(tr("Change my &password..."), self.change_password)
        password.setObjectName("change_password")
        menu.addSeparator()
        logout = menu.addAction(tr("&Log out"), self.log_out)
        logout.setObjectName("logout")
        quit_action = menu.addAction(tr("E&xit"), self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)

    def _module_action(self, module: Module) -> QAction:
        action = QAction(tr(module.label), self)
        action.setObjectName(f"module_{module.key}")
        if module.shortcut:
            action.setShortcut(QKeySequence(module.shortcut))
        action.triggered.connect(lambda _checked=False, m=module: self.open_module(m))
        self.module_actions[module.key] = action
        return action

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.operator_label = QLabel(tr("Operator: {name} ({code})").format(
            name=self.session.name, code=self.session.code))
        profile = self.session.profile
        if profile.embedded:
            server_text = tr("Server: this computer (built-in database)")
        else:
            security = tr("encrypted") if self.session.encrypted else tr("NOT encrypted")
            server_text = tr("Server: {server} ({security})").format(
                server=profile.server_label, security=security)
        self.server_label = QLabel(server_text)
        self.link_label = QLabel(tr("Connected"))
        self.sensitive_label = QLabel()
        for widget in (self.operator_label, self.server_label, self.link_label,
                       self.sensitive_label):
            status.addPermanentWidget(widget)
        self._update_sensitive_label()

    # -- tabs --------------------------------------------------------------------
    def open_module(self, module: Module) -> QWidget:
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if widget is not None and widget.property("module_key") == module.key:
                self.tabs.setCurrentIndex(index)
                return widget
        opened = module.open(self)
        opened.setProperty("module_key", module.key)
        index = self.tabs.addTab(opened, tr(module.label))
        self.tabs.setCurrentIndex(index)
        return opened

    def open_record(self, module_key: str, record_key: str) -> None:
        """Open the screen a record belongs to and show that record, if allowed."""
        module = next((m for m in modules_for(self.session.capabilities)
                       if m.key == module_key), None)
        if module is None:
            self.statusBar().showMessage(tr("You cannot open this record."), 5000)
            return
        page = self.open_module(module)
        load = getattr(page, "load", None)
        if callable(load) and record_key:
            load(record_key)

    def _record_denial(self, exc: UserError) -> None:
        action = str(exc.arguments.get("action", "?"))
        QueryOp(parent=self, database=self.database,
                op=lambda conn: log_denied(conn, action)).failure(
                    lambda _e: None).run_in_background()

    def make_list(self, source: ListSource) -> ListView:
        # Export follows data.export; the rows themselves are guarded by the database.
        view = ListView(source, self.database, exportable=self.session.can("data.export"),
                        parent=self)
        view.set_sensitive_hidden(self.sensitive_hidden)
        return view

    def close_tab(self, index: int) -> bool:
        widget = self.tabs.widget(index)
        if widget is None or widget is self.welcome:
            return False
        unsaved = getattr(widget, "has_unsaved_changes", None)
        if callable(unsaved) and unsaved():
            answer = QMessageBox.question(
                self, tr("Unsaved changes"),
                tr("This tab has unsaved changes. Close it and discard them?"))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.tabs.removeTab(index)
        widget.deleteLater()
        return True

    def refresh_current(self) -> None:
        refresh = getattr(self.tabs.currentWidget(), "refresh", None)
        if callable(refresh):
            refresh()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.sensitive_hidden = hidden
        if self.sensitive_action.isChecked() != hidden:
            self.sensitive_action.setChecked(hidden)
        for index in range(self.tabs.count()):
            setter = getattr(self.tabs.widget(index), "set_sensitive_hidden", None)
            if callable(setter):
                setter(hidden)
        self._update_sensitive_label()

    def _update_sensitive_label(self) -> None:
        self.sensitive_label.setText(
            tr("Sensitive data hidden (Ctrl+H)") if self.sensitive_hidden
            else tr("Sensitive data shown (Ctrl+H)"))

    # -- connection ----------------------------------------------------------
    def _connection_changed(self, connected: bool) -> None:
        if connected:
            self.connection_bar.hide()
            self.link_label.setText(tr("Connected"))
            self.statusBar().showMessage(tr("The connection to the server is back."), 5000)
        else:
            self.connection_bar.setText(tr("The connection to the server was lost. Retrying... "
                                           "Open forms stay as they are."))
            self.connection_bar.show()
            self.link_label.setText(tr("Disconnected"))

    # -- session -------------------------------------------------------------
    def show_settings(self) -> None:
        SettingsDialog(parent=self).exec()

    def change_password(self) -> None:
        from .password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.database, parent=self)
        if dialog.exec():
            self.statusBar().showMessage(tr("Your password has been changed."), 5000)

    def show_about(self) -> None:
        QMessageBox.about(self, tr("About After-sales Desktop"),
                          tr("After-sales Desktop {version}\nService management for repair "
                             "shops.").format(version=__version__))

    def log_out(self) -> None:
        if self._close_all_tabs():
            self._logging_out = True
            self.monitor.stop()
            self.logout_requested.emit()
            self.close()

    def _close_all_tabs(self) -> bool:
        for index in reversed(range(self.tabs.count())):
            if self.tabs.widget(index) is not self.welcome and not self.close_tab(index):
                return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._logging_out and not self._close_all_tabs():
            event.ignore()
            return
        self.monitor.stop()
        if self.board is not None:
            self.board.shutdown()
        if work.denial_reporter == self._record_denial:
            work.denial_reporter = None
        event.accept()
        if not self._logging_out:
            self.closed.emit()
