"""A page's push button with its own key: the key works anywhere on the page, and only
while the button is shown and enabled (so Ctrl+P does nothing where printing is not
installed, and a disabled Approve is not approved by its key)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget


def page_button(page: QWidget, name: str, label: str, keys: str,
                slot: Callable[[], Any]) -> QPushButton:
    button = QPushButton(label)
    button.setObjectName(name)
    button.clicked.connect(lambda _checked=False: slot())
    if keys:
        action = QAction(page)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(
            lambda _checked=False, b=button: not b.isHidden() and b.isEnabled() and b.click())
        page.addAction(action)
    return button
