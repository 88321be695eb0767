"""The catalogue of what the main window can open, each behind a capability.

Menus and the toolbar are built from this list and the operator's
capabilities, so an operator sees only what they may do. Each later module
adds its entries here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.services.callbacks import complaints

if TYPE_CHECKING:
    from .main_window import MainWindow

# (key, English label): the menu bar order of UI.md.
MENUS: list[tuple[str, str]] = [
    ("file", QT_TR_NOOP("&File")),
    ("front", QT_TR_NOOP("Front &desk")),
    ("dispatch", QT_TR_NOOP("D&ispatch")),
    ("stock", QT_TR_NOOP("&Warehouse")),
    ("callback", QT_TR_NOOP("&Callbacks")),
    ("commission", QT_TR_NOOP("C&ommissions")),
    ("reports", QT_TR_NOOP("&Reports")),
    ("system", QT_TR_NOOP("&System")),
    ("help", QT_TR_NOOP("&Help")),
]


@dataclass(frozen=True)
class Module:
    """One thing an operator can open in a tab."""

    key: str
    menu: str
    label: str
    capabilities: tuple[str, ...]  # any one of them is enough
    open: Callable[[MainWindow], QWidget]
    shortcut: str = ""
    toolbar: bool | tuple[str, ...] = False  # a tuple: on it for these capabilities only
    home: bool = False  # opened at login for an operator without the front desk


    def allowed(self, capabilities: frozenset[str]) -> bool:
        return any(c in capabilities for c in self.capabilities)

    def on_toolbar(self, capabilities: frozenset[str]) -> bool:
        if isinstance(self.toolbar, tuple):
            return any(c in capabilities for c in self.toolbar)
        return self.toolbar


def _operators(window: MainWindow) -> QWidget:
    from .admin.operators import OperatorsPage

    return OperatorsPage(window.database, own_code=window.session.code, parent=window)


def _change_log(window: MainWindow) -> QWidget:
    from .admin.change_log import ChangeLogPage

    page = ChangeLogPage(window.database, exportable=window.session.can("data.export"),
                         parent=window)
    page.open_record.connect(window.open_record)
    return page


def _login_history(window: MainWindow) -> QWidget:
    from aftersales_desktop.data.lists import LOGIN_HISTORY

    return window.make_list(LOGIN_HISTORY)


def _page(module: str, name: str) -> Callable[[MainWindow], QWidget]:
    """Open a master-data page class `name` from ui.masterdata.<module> (imported lazily)."""

    def open_page(window: MainWindow) -> QWidget:
        import importlib

        page_class = getattr(importlib.import_module(f"{__package__}.masterdata.{module}"), name)
        page: QWidget = page_class(window.database, window.session, parent=window)
        return page

    return open_page


MASTERDATA_EDITORS = ("masterdata.edit",)
FRONT_DESK = ("intake.create", "intake.edit", "settlement.collect", "notice.send",
              "reports.view")


def _intake(window: MainWindow) -> QWidget:
    from .frontdesk.intake import IntakePage

    return IntakePage(window.database, window.session, parent=window)


def _tickets(window: MainWindow) -> QWidget:
    from aftersales_desktop.data.ticket_lists import TICKETS

    view = window.make_list(TICKETS)
    view.activated.connect(lambda key: window.open_ticket(int(key)))
    return view


def _front_desk_settings(window: MainWindow) -> QWidget:
    from .frontdesk.settings_page import FrontDeskSettingsPage

    return FrontDeskSettingsPage(window.database, window.session, parent=window)


def _preorders(window: MainWindow) -> QWidget:
    from aftersales_desktop.data.ticket_lists import PREORDERS

    from .frontdesk.preorders import PreordersPage

    return PreordersPage(window.database, window.session, list_view=window.make_list(PREORDERS),
                         parent=window)

def _dispatch_board(window: MainWindow) -> QWidget:
    from .dispatch.board import DispatchBoardPage

    page = DispatchBoardPage(window.database, window.session, parent=window)
    page.open_ticket.connect(window.open_ticket)
    return page


def _stock(name: str) -> Callable[[MainWindow], QWidget]:
    """Open a stock screen made by ui.stock.tabs.<name>(window) (imported lazily)."""

    def open_page(window: MainWindow) -> QWidget:
        from .stock import tabs

        page: QWidget = getattr(tabs, name)(window)
        return page

    return open_page


# Who may look at stock (balances, cards, documents); costs need costs.view on top.
STOCK_READERS = ("stock.post", "stock.edit_posted", "costs.view", "requisition.create",
                 "masterdata.edit")


def _requisitions(window: MainWindow) -> QWidget:
    from .stock.requisitions import RequisitionsPage

    return RequisitionsPage(window.database, window.session, parent=window)


def _stocktake(window: MainWindow) -> QWidget:
    from .stock.stocktake import StocktakePage

    return StocktakePage(window.database, window.session, parent=window)


def _opening_stock(window: MainWindow) -> QWidget:
    from .stock.opening_stock import OpeningStockPage

    return OpeningStockPage(window.database, parent=window)


def _dispatch_list(name: str) -> Callable[[MainWindow], QWidget]:
    """Open the list data.dispatch_lists.<name> (its rows are jobs; Enter opens the ticket)."""

    def open_page(window: MainWindow) -> QWidget:
        from aftersales_desktop.data import dispatch_lists

        from .dispatch.lists import DispatchListPage

        page = DispatchListPage(window.database,
                                window.make_list(getattr(dispatch_lists, name)), parent=window)
        page.open_ticket.connect(window.open_ticket)
        return page

    return open_page


# Who reads the dispatch lists (the rows are what the operator's row security shows).
DISPATCH_LISTS = ("dispatch.assign", "review.approve", "reports.view")


def _my_jobs(window: MainWindow) -> QWidget:
    from .dispatch.my_jobs import MyJobsPage

    page = MyJobsPage(window.database, window.session, parent=window)
    page.ticket_requested.connect(window.open_ticket)
    page.set_sensitive_hidden(window.sensitive_hidden)
    return page


def _dealer_import(window: MainWindow) -> QWidget:
    from .callbacks.dealer_import import DealerImportPage

    return DealerImportPage(window.database, parent=window)
def _callback_stats(window: MainWindow) -> QWidget:
    from .callbacks.stats import open_stats_page

    return open_stats_page(window)


def _review_queue(window: MainWindow) -> QWidget:
    from .dispatch.review import ReviewQueuePage

    page = ReviewQueuePage(window.database, window.session, parent=window)
    page.ticket_requested.connect(window.open_ticket)
    return page


def _complaints(window: MainWindow) -> QWidget:
    from .callbacks.complaints import ComplaintQueuePage

    page = ComplaintQueuePage(window.database, window.session, parent=window)
    page.ticket_requested.connect(window.open_ticket)
    page.set_sensitive_hidden(window.sensitive_hidden)
    return page


def _complaint_by_phone(window: MainWindow) -> QWidget:
    from .callbacks.complaint_open_dialog import ComplaintPhonePage

    return ComplaintPhonePage(window.database, window.session, parent=window)

# ---- callbacks (回访, issue 13): the due list, surveys and their settings (cb-ui-due) ----
CALLBACK_READERS = ("callback.record", "complaint.handle", "reports.view")


def _open_complaint_of(window: MainWindow) -> Callable[[int], object]:
    """The main window's complaint tab (cb-ui-complaints), when it has one."""
    opener = getattr(window, "open_complaint", None)
    return opener if callable(opener) else (lambda _complaint_id: None)


def _callback_due(window: MainWindow) -> QWidget:
    from .callbacks.due_list import CallbackDuePage

    page = CallbackDuePage(window.database, window.session, parent=window)
    page.open_ticket.connect(window.open_ticket)
    page.complaint_requested.connect(_open_complaint_of(window))
    page.set_sensitive_hidden(window.sensitive_hidden)
    return page


def _callback_list(name: str) -> Callable[[MainWindow], QWidget]:
    """A list of data.callback_lists (the tasks' phone column needs contacts.view)."""

    def open_page(window: MainWindow) -> QWidget:
        from aftersales_desktop.data import callback_lists

        if name == "CALLBACK_TASKS" and not window.session.can("contacts.view"):
            return window.make_list(callback_lists.CALLBACK_TASKS_NO_PHONE)
        return window.make_list(getattr(callback_lists, name))

    return open_page


def _callback_settings(window: MainWindow) -> QWidget:
    from .callbacks.callback_settings import CallbackSettingsPage

    return CallbackSettingsPage(window.database, window.session, parent=window)


# Who logs inquiries (咨询): the counter and callback staff (app.inquiry_log).
INQUIRY_LOGGERS = ("intake.create", "callback.record")


def _inquiry(window: MainWindow) -> QWidget:
    from .callbacks.inquiry_dialog import InquiryPage

    return InquiryPage(window.database, window.session, parent=window)


def _inquiries(window: MainWindow) -> QWidget:
    from aftersales_desktop.data.inquiry_lists import INQUIRIES

    from .callbacks.inquiries_list import InquiriesPage

    page = InquiriesPage(window.database, window.make_list(INQUIRIES), parent=window)
    log = window.module_actions.get("inquiry")  # absent for a reader of reports only
    page.new_button.setVisible(log is not None)
    if log is not None:
        page.new_requested.connect(log.trigger)
    return page


# ---- commissions (提成, issue 14): rewards and penalties by hand (cm-ui-own) ----
def _commission_adjustments(window: MainWindow) -> QWidget:
    from .commissions.adjustments import CommissionAdjustmentsPage

    page = CommissionAdjustmentsPage(window.database, window.session, parent=window)
    page.ticket_requested.connect(window.open_ticket)
    return page


# ---- commissions (提成, issue 14): the month's statements, one's own (cm-ui-month) ----
def _commission_month(window: MainWindow) -> QWidget:
    from .commissions.month_page import CommissionMonthPage

    page = CommissionMonthPage(window.database, window.session, parent=window)
    page.ticket_requested.connect(window.open_ticket)
    return page


def _my_commission(window: MainWindow) -> QWidget:
    from .commissions.my_commission import MyCommissionPage

    page = MyCommissionPage(window.database, window.session, parent=window)
    page.ticket_requested.connect(window.open_ticket)
    return page


# ---- commissions (提成, issue 14): the commission settings (cm-ui-rules) ----
def _commission_settings(window: MainWindow) -> QWidget:
    from .commissions.settings_page import CommissionSettingsPage

    return CommissionSettingsPage(window.database, window.session, parent=window)


MODULES: list[Module] = [
    Module("intake", "front", QT_TR_NOOP("New intake"), ("intake.create",), _intake,
           shortcut="F2", toolbar=True),
    Module("tickets", "front", QT_TR_NOOP("Ticket search"), FRONT_DESK, _tickets,
           shortcut="F3", toolbar=True),
    Module("preorders", "front", QT_TR_NOOP("Parts pre-orders"), FRONT_DESK, _preorders),
    Module("customers", "front", QT_TR_NOOP("Customers"),
           ("intake.create", "intake.edit", "masterdata.edit", "contacts.view"),
           _page("customers", "CustomersPage"), toolbar=True),
    Module("dispatch_board", "dispatch", QT_TR_NOOP("Dispatch board"),
           ("dispatch.assign", "review.approve"), _dispatch_board, shortcut="F4",
           toolbar=True),
    Module("dispatches", "dispatch", QT_TR_NOOP("Dispatches"), DISPATCH_LISTS,
           _dispatch_list("DISPATCHES")),
    Module("work_reports", "dispatch", QT_TR_NOOP("Work reports"), DISPATCH_LISTS,
           _dispatch_list("WORK_REPORTS")),
    # the technician's home: their own jobs (row security in the database decides which)
    Module("my_jobs", "dispatch", QT_TR_NOOP("My jobs"), ("requisition.create",), _my_jobs,
           toolbar=True, home=True),
    Module("review_queue", "dispatch", QT_TR_NOOP("Review queue"), ("review.approve",),
           _review_queue, toolbar=True),
    # ---- callbacks (回访, issue 13): the due list, surveys, complaints, statistics ----
    Module("callback_due", "callback", QT_TR_NOOP("Callback tasks"), CALLBACK_READERS,
           _callback_due, shortcut="F6", toolbar=True, home=True),
    Module("surveys", "callback", QT_TR_NOOP("Survey records"), CALLBACK_READERS,
           _callback_list("SURVEYS")),
    Module("callback_task_list", "callback", QT_TR_NOOP("All callback tasks"),
           CALLBACK_READERS, _callback_list("CALLBACK_TASKS")),
    # the queue: complaint.handle acts (and has it on the toolbar), callback staff and
    # report readers read it
    Module("complaints", "callback", QT_TR_NOOP("Complaint handling"),
           complaints.QUEUE_CAPABILITIES, _complaints, toolbar=(complaints.HANDLE,)),
    Module("complaint_phone", "front", QT_TR_NOOP("Register a complaint"),
           complaints.OPEN_CAPABILITIES, _complaint_by_phone),
    Module("callback_settings", "callback", QT_TR_NOOP("Callback settings"),
           ("masterdata.edit", "settings.admin"), _callback_settings),
    Module("dealer_import", "callback", QT_TR_NOOP("Import a dealer's customer list"),
           ("callback.record",), _dealer_import),
    Module("callback_stats", "callback", QT_TR_NOOP("Callback statistics"),
           ("reports.view", "complaint.handle"), _callback_stats),
    # ---- inquiries (咨询) -------------------------------------------------------------
    Module("inquiry", "front", QT_TR_NOOP("Log an inquiry"), INQUIRY_LOGGERS, _inquiry,
           shortcut="F7"),
    Module("inquiries", "front", QT_TR_NOOP("Inquiries"), (*INQUIRY_LOGGERS, "reports.view"),
           _inquiries),
    # ---- commissions (提成, issue 14): rewards and penalties by hand (cm-ui-own) ----
    Module("commission_adjustments", "commission",
           QT_TR_NOOP("Rewards and penalties", "commission page"),
           ("commission.settle", "commission.view_all", "review.approve"),
           _commission_adjustments),
    # ---- commissions (提成, issue 14): the month (cm-ui-month) ----
    Module("commission_month", "commission", QT_TR_NOOP("Monthly settlement"),
           ("commission.view_all", "commission.settle"), _commission_month,
           toolbar=("commission.settle",)),
    Module("my_commission", "commission", QT_TR_NOOP("My commission"),
           ("commission.view_own",), _my_commission),
    # ---- commissions (提成, issue 14): the commission settings (cm-ui-rules) ----
    Module("commission_settings", "commission", QT_TR_NOOP("Commission settings"),
           ("commission.rules",), _commission_settings),
    Module("catalogue", "stock", QT_TR_NOOP("Products and parts"),
           ("masterdata.edit", "stock.post", "costs.view", "requisition.create"),
           _page("catalogue", "CataloguePage"), toolbar=True),
    Module("warehouses", "stock", QT_TR_NOOP("Warehouses"), ("masterdata.edit", "stock.post"),
           _page("warehouses", "WarehousesPage")),
    Module("stock_balances", "stock", QT_TR_NOOP("Stock balances"), STOCK_READERS,
           _stock("balances_page"), toolbar=True),
    Module("stock_documents", "stock", QT_TR_NOOP("Stock documents"),
           ("stock.post", "stock.edit_posted", "costs.view"), _stock("documents_page"),
           toolbar=True),
    Module("requisitions", "stock", QT_TR_NOOP("Requisitions"),
           ("requisition.create", "requisition.edit"), _requisitions),
    Module("stocktake", "stock", QT_TR_NOOP("Stocktake"), ("stocktake",), _stocktake),
    Module("opening_stock", "stock", QT_TR_NOOP("Opening stock from Excel"), ("stock.post",),
           _opening_stock),
    Module("stock_valuation", "stock", QT_TR_NOOP("Stock valuation"), ("costs.view",),
           _stock("valuation_page")),
    Module("staff", "system", QT_TR_NOOP("Departments and staff"), MASTERDATA_EDITORS,
           _page("staff", "StaffPage")),
    Module("regions", "system", QT_TR_NOOP("Regions and service outlets"), MASTERDATA_EDITORS,
           _page("regions", "RegionsPage")),
    Module("service_settings", "system", QT_TR_NOOP("Service settings"), MASTERDATA_EDITORS,
           _page("service_settings", "ServiceSettingsPage")),
    Module("front_desk_settings", "system", QT_TR_NOOP("Front desk settings"),
           ("settings.admin",), _front_desk_settings),
    Module("dictionaries", "system", QT_TR_NOOP("Dictionaries"), MASTERDATA_EDITORS,
           _page("dictionaries", "DictionaryEditorPage")),
    Module("operators", "system", QT_TR_NOOP("Operators"), ("operators.admin",), _operators,
           toolbar=True),
    Module("change_log", "system", QT_TR_NOOP("Change log"), ("log.view",), _change_log,
           toolbar=True),
    Module("login_history", "system", QT_TR_NOOP("Login history"),
           ("log.view", "operators.admin"), _login_history, toolbar=True),
]


def modules_for(capabilities: frozenset[str]) -> list[Module]:
    return [m for m in MODULES if m.allowed(capabilities)]
