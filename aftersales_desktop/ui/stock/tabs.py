"""Opening the stock screens in the main window's tabs (one tab per document or card)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ..i18n import tr
from .editor import StockDocumentPage
from .pages import BalancesPage, DocumentsPage, ListPage, StockCardPage
from .specs import KIND_TITLES

if TYPE_CHECKING:
    from ..main_window import MainWindow


def _find_tab(window: MainWindow, key: str) -> QWidget | None:
    for index in range(window.tabs.count()):
        widget = window.tabs.widget(index)
        if widget is not None and widget.property("module_key") == key:
            window.tabs.setCurrentIndex(index)
            return widget
    return None


def _add_tab(window: MainWindow, page: QWidget, key: str, title: str) -> None:
    page.setProperty("module_key", key)
    if hasattr(page, "set_sensitive_hidden"):
        page.set_sensitive_hidden(window.sensitive_hidden)
    window.tabs.setCurrentIndex(window.tabs.addTab(page, title))


def open_document(window: MainWindow, document_id: int | None, kind: str) -> StockDocumentPage:
    """The document's tab (an open one is brought forward), or a new document of `kind`."""
    if document_id is not None:
        found = _find_tab(window, f"stock_document:{document_id}")
        if isinstance(found, StockDocumentPage):
            found.refresh()
            return found
    page = StockDocumentPage(kind, window.database, window.session, parent=window)
    key = f"stock_document:{document_id}" if document_id is not None else (
        f"stock_document:new:{id(page)}")
    _add_tab(window, page, key, tr(KIND_TITLES[kind]))

    def shown(document: object) -> None:
        number = getattr(document, "number", None)
        doc_id = getattr(document, "id", None)
        index = window.tabs.indexOf(page)
        if index >= 0 and number:
            window.tabs.setTabText(index, str(number))
        if doc_id is not None:
            page.setProperty("module_key", f"stock_document:{doc_id}")

    page.loaded.connect(shown)
    if document_id is not None:
        page.load(document_id)
    return page


def open_card(window: MainWindow, item_id: int, warehouse_id: int, title: str) -> StockCardPage:
    key = f"stock_card:{item_id}:{warehouse_id}"
    found = _find_tab(window, key)
    if isinstance(found, StockCardPage):
        found.refresh()
        return found
    page = StockCardPage(window.database, item_id, warehouse_id, title, window.session,
                         window.make_list, parent=window)
    _add_tab(window, page, key, tr("Stock card") + " " + title.split(" ")[0])
    return page


def balances_page(window: MainWindow) -> QWidget:
    page = BalancesPage(window.database, window.session, window.make_list, parent=window)
    page.open_card.connect(lambda item, warehouse, title: open_card(
        window, item, warehouse, title))
    return page


def documents_page(window: MainWindow) -> QWidget:
    page = DocumentsPage(window.database, window.session, window.make_list, parent=window)
    page.open_document.connect(lambda doc_id, kind: open_document(window, doc_id, kind))
    return page


def valuation_page(window: MainWindow) -> QWidget:
    from aftersales_desktop.data.stock_lists import STOCK_VALUATION

    view = window.make_list(STOCK_VALUATION)
    view.set_summary_mode(True)  # what the stock is worth by warehouse and category
    return ListPage(window.database, view, parent=window)
