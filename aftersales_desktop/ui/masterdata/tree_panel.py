"""A parent/child tree beside a record editor: departments and positions, regions.

The panel shows the nodes the page gives it, a name box, the page's buttons, "Move
under..." and a one-line result (green when done, red when refused). Its writes run
as the page's operations: when one succeeds, the page hears of the change, reloads its
choices and gives the panel the new tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..forms import ERROR_STYLE, OK_STYLE, set_choices
from ..i18n import tr
from ..messages import error_text
from ..operations import Changes
from ..record_editor import RecordEditor

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Node:
    """One tree entry: `kind` tells departments from positions; `texts` are its columns."""

    kind: str
    id: int
    parent: tuple[str, int] | None
    texts: tuple[str, ...]
    active: bool = True
    colour: QColor | None = None


def paths(nodes: Iterable[tuple[int, int | None, str]]) -> list[tuple[int, str]]:
    """Each (id, parent_id, name) as (id, "City / District / Area"), in path order."""
    return [(node_id, " / ".join(names)) for node_id, names in _ancestry(nodes)]


def outline(nodes: Iterable[tuple[int, int | None, str]]) -> list[tuple[int, str, str]]:
    """Each node as (id, its name indented by its depth, its whole path), in path order:
    a short list entry whose tooltip tells the rest."""
    return [(node_id, "\u3000" * (len(names) - 1) + names[-1], " / ".join(names))
            for node_id, names in _ancestry(nodes)]


def _ancestry(nodes: Iterable[tuple[int, int | None, str]]) -> list[tuple[int, list[str]]]:
    by_id = {node_id: (parent, name) for node_id, parent, name in nodes}

    def names(node_id: int) -> list[str]:
        found: list[str] = []
        seen: set[int] = set()
        current: int | None = node_id
        while current is not None and current in by_id and current not in seen:
            seen.add(current)
            parent, name = by_id[current]
            found.append(name)
            current = parent
        return found[::-1]

    return sorted(((node_id, names(node_id)) for node_id in by_id), key=lambda pair: pair[1])


class _Tree(QTreeWidget):
    """Dropping a node on another asks the page to move it (the tree is then rebuilt)."""

    def __init__(self, dropped: Callable[[int, int | None], None] | None) -> None:
        super().__init__()
        self._dropped = dropped
        if dropped is not None:
            self.setDragDropMode(QTreeWidget.DragDropMode.InternalMove)

    def dropEvent(self, event: Any) -> None:
        moving = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        event.ignore()  # the database decides; the tree is rebuilt after the move
        if self._dropped is None or moving is None or target is moving:
            return
        self._dropped(int(moving.data(0, ID_ROLE)),
                      int(target.data(0, ID_ROLE)) if target is not None else None)


class TreePanel(QWidget):
    """The tree, its name box and buttons, "Move under..." and the result line."""

    def __init__(self, editor: RecordEditor, headers: list[str], *, placeholder: str,
                 dropped: Callable[[int, int | None], None] | None = None) -> None:
        super().__init__()
        self._editor = editor
        self.tree = _Tree(dropped)
        self.tree.setHeaderLabels(headers)
        # the names take the width; the other columns (a region's level) what they need
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(placeholder)
        self.move_combo = QComboBox()
        self.move_button = QPushButton(tr("Move under..."))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self._buttons = QGridLayout()  # two a row: the panel stays narrow beside the list
        move_row = QHBoxLayout()
        move_row.addWidget(self.move_combo, 1)
        move_row.addWidget(self.move_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.name_edit)
        layout.addLayout(self._buttons)
        layout.addLayout(move_row)
        layout.addWidget(self.message)

    def add_button(self, label: str, clicked: Callable[[], None]) -> QPushButton:
        button = QPushButton(tr(label))
        button.clicked.connect(lambda _checked=False: clicked())
        placed = self._buttons.count()
        self._buttons.addWidget(button, placed // 2, placed % 2)
        return button

    # -- the tree ---------------------------------------------------------------------------
    def fill(self, nodes: list[Node], move_targets: list[tuple[int, str]]) -> None:
        """Rebuild the tree (keeping the selection) and the "Move under..." targets."""
        selected = self.current()
        self.tree.clear()
        items: dict[tuple[str, int], QTreeWidgetItem] = {}
        for node in nodes:
            texts = list(node.texts)
            if not node.active:
                texts[0] += tr(" (inactive)")
            item = QTreeWidgetItem(texts)
            item.setData(0, KIND_ROLE, node.kind)
            item.setData(0, ID_ROLE, node.id)
            colour = node.colour if node.active else QColor(Qt.GlobalColor.gray)
            if colour is not None:
                item.setForeground(0, colour)
            items[(node.kind, node.id)] = item
        for node in nodes:
            item = items[(node.kind, node.id)]
            parent = items.get(node.parent) if node.parent is not None else None
            if parent is not None:
                parent.addChild(item)
            elif node.parent is None or node.parent[0] == node.kind:
                self.tree.addTopLevelItem(item)  # a node whose parent is not listed stays in view
        self.tree.expandAll()
        if selected in items:
            self.tree.setCurrentItem(items[selected])
        set_choices(self.move_combo, move_targets, none_label=tr("(top level)"))

    def current(self) -> tuple[str, int] | None:
        """(kind, id) of the selected node."""
        item = self.tree.currentItem()
        return None if item is None else (str(item.data(0, KIND_ROLE)),
                                           int(item.data(0, ID_ROLE)))

    def selected(self, kind: str) -> int | None:
        """The selected node of `kind`, or the nearest one above the selection."""
        item = self.tree.currentItem()
        while item is not None and item.data(0, KIND_ROLE) != kind:
            item = item.parent()
        return int(item.data(0, ID_ROLE)) if item is not None else None

    def select(self, kind: str, node_id: int) -> None:
        for item in self.tree.findItems("*", Qt.MatchFlag.MatchWildcard
                                        | Qt.MatchFlag.MatchRecursive):
            if item.data(0, KIND_ROLE) == kind and item.data(0, ID_ROLE) == node_id:
                self.tree.setCurrentItem(item)
                return

    def move_target(self) -> int | None:
        target = self.move_combo.currentData()
        return int(target) if target is not None else None

    # -- writes -----------------------------------------------------------------------------
    def change(self, op: Callable[[Any], Any], changes: Changes, done_message: str) -> None:
        """Run a tree write for the page; the result shows in the message line."""
        self.message.hide()

        def done(_result: Any) -> None:
            self.say(done_message, ok=True)
            self.name_edit.clear()

        self._editor.write(op, changes, done, lambda exc: self.say(error_text(exc), ok=False))

    def say(self, text: str, *, ok: bool) -> None:
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)
        self.message.show()
