"""The document editor: header, line grid, totals, state badge, actions in fixed places.

One widget for every document kind (docs/document-editor.md). A module supplies a
`DocumentSpec` (pure: columns, header fields, flow) and `DocumentServices` (callables
taking a connection), and the editor does the rest:

    editor = DocumentEditor(RECEIPT_SPEC, DocumentServices(
        lookup=find_items, load=stock.load_document, save=stock.save_document,
        transitions={"post": stock.post_document, "cancel": stock.cancel_document},
        choices={"warehouse": stock.warehouse_choices},
        print_document=print_receipt), database, session)
    editor.load(document_id)        # or editor.new_document({"date": today})

Every call runs as an operation owned by the editor (QueryOp for lookups and loads,
CollectionOp for writes), so a closed editor drops late answers and a write announces
what it changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.errors import UserError, ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.documents import (
    ColumnKind,
    Document,
    DocumentSpec,
    EditMode,
    ItemLookup,
    LineItem,
    StaleDocument,
    Submission,
    Transition,
    check_document,
    format_price,
    format_quantity,
    refusal_target,
)
from aftersales_desktop.domain.masking import MASK
from aftersales_desktop.domain.refusals import refuse

from ..forms import ERROR_STYLE, OK_STYLE, FieldFeedback, confirm_discard
from ..i18n import tr, user_error_text
from ..messages import error_text
from ..operations import Changes, CollectionOp, QueryOp
from .grid import CandidatePopup, LineGrid
from .header import HeaderForm
from .model import DocumentLinesModel

if TYPE_CHECKING:
    from aftersales_desktop.core.db import Database
    from aftersales_desktop.services.session import OperatorSession

Connection = Any  # what the operation hands a callable (a SQLAlchemy Connection)

STATE_STYLES = {
    "draft": "background: #e8eef7; color: #2b4c7e;",
    "open": "background: #e8eef7; color: #2b4c7e;",
    "posted": "background: #e3f1e6; color: #2f6f3e;",
    "confirmed": "background: #fff4e0; color: #8a5a00;",
    "settled": "background: #e3f1e6; color: #2f6f3e;",
    "cancelled": "background: #f0f0f0; color: #7a7a7a;",
    "frozen": "background: #f0f0f0; color: #7a7a7a;",
}
BADGE_STYLE = "border-radius: 3px; padding: 2px 8px; font-weight: bold; "


@dataclass(frozen=True)
class DocumentServices:
    """The module's side of a document: each callable runs on a worker with a connection.

    `single_call`: every callable is one server function call, its own transaction (one
    round trip, CollectionOp(atomic=False)); otherwise each write runs in a transaction.
    """

    lookup: Callable[[Connection, str], ItemLookup]
    save: Callable[[Connection, Submission], Document] | None = None
    transitions: Mapping[str, Callable[[Connection, Submission], Document]] = field(
        default_factory=dict)
    load: Callable[[Connection, int], Document] | None = None
    choices: Mapping[str, Callable[[Connection], Sequence[tuple[Any, str]]]] = field(
        default_factory=dict)
    print_document: Callable[[Document], None] | None = None
    single_call: bool = False


def ask(parent: QWidget, question: str) -> bool:
    """Yes/No before a transition (tests replace it)."""
    answer = QMessageBox.question(parent, tr("Please confirm"), question)
    return answer == QMessageBox.StandardButton.Yes


class DocumentEditor(QWidget):
    """Edit one document: header, lines, totals; save, transitions, print."""

    saved = Signal(object)  # the Document the server returned after a save or transition
    loaded = Signal(object)  # the Document shown after load() / set_document()

    def __init__(self, spec: DocumentSpec, services: DocumentServices, database: Database,
                 session: OperatorSession, *, document: Document | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.services = services
        self.database = database
        self.session = session
        self.current = document or Document(spec.kind, {}, state=spec.flow.initial)
        self._clean: tuple[Any, ...] = ()
        self._amending = False
        self._busy = False
        self._attempt: tuple[tuple[Any, ...], str] | None = None
        self.candidates: CandidatePopup | None = None  # the list for a name fragment

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.badge = QLabel()
        self.state_info = QLabel()
        self.state_info.setStyleSheet("color: #7a7a7a;")
        self.header = HeaderForm(spec.header)
        self.lines = DocumentLinesModel(spec, self)
        self.grid = LineGrid(self.lines, parent=self)
        self.line_message = QLabel()
        self.line_message.setStyleSheet(ERROR_STYLE)
        self.totals_label = QLabel()
        self.totals_label.setAlignment(Qt.AlignmentFlag.AlignRight
                                       | Qt.AlignmentFlag.AlignVCenter)
        self.totals_label.setStyleSheet("font-weight: bold;")
        self.summary = QLabel()
        self.feedback = FieldFeedback(dict(self.header.widgets), self.summary)

        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.transition_buttons: dict[str, QPushButton] = {}
        for transition in spec.flow.transitions:
            if transition.action not in services.transitions:
                continue
            text = tr(transition.label) + (f" ({transition.shortcut})"
                                           if transition.shortcut else "")
            button = QPushButton(text)
            button.clicked.connect(self._transition_slot(transition.action))
            self.transition_buttons[transition.action] = button
        self.amend_button = QPushButton(tr("Change", "amend a posted document"))
        self.amend_button.setToolTip(tr("Change the posted document: saving posts a reversal "
                                        "and the changed document in one go."))
        self.amend_button.clicked.connect(self.begin_amend)
        self.print_button = QPushButton(tr("Print (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_current)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.badge)
        top.addWidget(self.state_info)
        top.addStretch(1)
        under_grid = QHBoxLayout()
        under_grid.addWidget(self.line_message, 1)
        under_grid.addWidget(self.totals_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.save_button, *self.transition_buttons.values(),
                       self.amend_button, self.print_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.header)
        layout.addWidget(self.grid, 1)
        layout.addLayout(under_grid)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

        self._add_action("Ctrl+S", self.save)
        self._add_action("Ctrl+P", self.print_current)
        self._add_action("Ctrl+Z", self.undo_remove, widget=self.grid)
        for transition in spec.flow.transitions:
            if transition.shortcut and transition.action in services.transitions:
                self._add_action(transition.shortcut,
                                 self._transition_slot(transition.action))

        self.lines.code_entered.connect(self._look_up)
        self.lines.lines_changed.connect(self._update_totals)
        self.grid.remove_requested.connect(self.remove_line)
        self.grid.leave_backwards.connect(self.header.focus_last)
        self.header.finished.connect(self._enter_lines)
        self.header.changed.connect(self._header_changed)

        self.set_document(self.current)
        self._load_choices()

    def _transition_slot(self, action: str) -> Callable[..., None]:
        return lambda *_args: self.run_transition(action)

    def _add_action(self, keys: str, slot: Callable[[], object],
                    widget: QWidget | None = None) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _=False: slot())
        (widget or self).addAction(action)

    # -- showing a document --------------------------------------------------------------
    def new_document(self, header: Mapping[str, Any] | None = None) -> bool:
        """Start an empty document (asks first when there are unsaved changes)."""
        if not self._may_discard():
            return False
        self.set_document(Document(self.spec.kind, dict(header or {}),
                                   state=self.spec.flow.initial))
        return True

    def load(self, document_id: int) -> None:
        """Load a document through the module's `load` (asks first if unsaved changes)."""
        if self.services.load is None or not self._may_discard():
            return
        loader = self.services.load
        QueryOp(parent=self, database=self.database,
                op=lambda conn: loader(conn, document_id),
                success=self.set_document).failure(
            self.feedback.show_failure).with_progress().run_in_background()

    def refresh(self) -> None:
        if self.current.id is not None:
            self.load(self.current.id)

    def set_document(self, document: Document) -> None:
        """Show `document` as the server has it: nothing unsaved afterwards."""
        self.current = document
        self._amending = False
        self._attempt = None
        self.header.set_values(document.header)
        self.lines.set_lines(document.lines, editable=self.edit_mode() is EditMode.EDIT)
        self.feedback.clear()
        self.line_message.clear()
        self._apply_mode()
        self._clean = self._snapshot()
        self.loaded.emit(document)

    def edit_mode(self) -> EditMode:
        try:
            state = self.spec.flow.state(self.current.state)
        except KeyError:
            return EditMode.READ_ONLY
        if state.editable or self._amending:
            return EditMode.EDIT
        capability = self.spec.edit_posted_capability
        if state.amendable and capability and self.session.can(capability) and (
                self.services.save is not None):
            return EditMode.AMEND
        return EditMode.READ_ONLY

    def _apply_mode(self) -> None:
        mode = self.edit_mode()
        editing = mode is EditMode.EDIT
        self.lines.set_editable(editing)
        self.header.set_read_only(not editing)
        number = self.current.number or tr("New document")
        self.title.setText(f"{tr(self.spec.title)}  {number}")
        try:
            state = self.spec.flow.state(self.current.state)
            label = tr(state.label)
        except KeyError:
            label = self.current.state
        if self._amending:
            label = tr("Being changed")
        self.badge.setText(label)
        self.badge.setStyleSheet(BADGE_STYLE + STATE_STYLES.get(self.current.state, ""))
        info = self.current.state_by
        if self.current.state_at is not None:
            info = f"{info} {shop_time.format_datetime(self.current.state_at)}".strip()
        self.state_info.setText(info)
        available = {t.action for t in self.spec.flow.available(
            self.current.state, self.session.capabilities)}
        for action, button in self.transition_buttons.items():
            button.setVisible(action in available and not self._amending)
        self.save_button.setVisible(editing and self.services.save is not None)
        self.amend_button.setVisible(mode is EditMode.AMEND)
        self.print_button.setVisible(self.services.print_document is not None)
        self._set_busy(self._busy)
        self._update_totals()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (self.save_button, *self.transition_buttons.values(),
                       self.amend_button):
            button.setEnabled(not busy)

    def begin_amend(self) -> None:
        """A posted document becomes editable for an operator who may change it."""
        if self.edit_mode() is not EditMode.AMEND:
            return
        self._amending = True
        self._apply_mode()
        self.grid.go_to_new_line()
        self.grid.setFocus()

    # -- what is on screen ---------------------------------------------------------------
    def document(self) -> Document:
        """The document as shown: header and lines as typed (the blank line left out)."""
        return Document(self.spec.kind, self.header.values(), tuple(self.lines.lines()),
                        state=self.current.state, id=self.current.id,
                        number=self.current.number, version=self.current.version,
                        state_by=self.current.state_by, state_at=self.current.state_at)

    def _snapshot(self) -> tuple[Any, ...]:
        header = tuple(sorted(((k, repr(v)) for k, v in self.header.values().items())))
        return header, self.lines.snapshot()

    def has_unsaved_changes(self) -> bool:
        return self._snapshot() != self._clean

    def _may_discard(self) -> bool:
        return confirm_discard(self, self.has_unsaved_changes(), tr(
            "This document has unsaved changes. Discard them?"))

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.lines.set_sensitive_hidden(hidden)
        self._update_totals()

    def _header_changed(self) -> None:
        self._update_totals()

    def _update_totals(self) -> None:
        totals = self.lines.totals()
        parts = [tr("Total: {count} lines").format(count=totals.lines)]
        for key, value in totals.sums.items():
            column = self.spec.column(key)
            if column.kind is ColumnKind.MONEY:
                text = MASK if column.sensitive and self.lines.sensitive_hidden else (
                    format_price(value, column.decimals))
            else:
                text = format_quantity(value)
            parts.append(f"{tr(column.title)} {text}")
        self.totals_label.setText("    ".join(parts))

    def _enter_lines(self) -> None:
        self.grid.setFocus()
        if not self.grid.currentIndex().isValid():
            self.grid.go_to_new_line()

    # -- lines ---------------------------------------------------------------------------
    def remove_line(self, row: int) -> None:
        if self.lines.remove(row):
            self.line_message.setStyleSheet(OK_STYLE)
            self.line_message.setText(tr("Line removed. Ctrl+Z brings it back."))

    def undo_remove(self) -> None:
        row = self.lines.undo_remove()
        if row is not None:
            self.line_message.clear()
            code = self.lines.column_of(self.spec.code_column) or 0
            self.grid.go_to(self.lines.index(row, code))

    def _look_up(self, key: int, code: str) -> None:
        lookup = self.services.lookup
        QueryOp(parent=self, database=self.database,
                op=lambda conn: lookup(conn, code),
                success=lambda answer: self._looked_up(key, code, answer)).failure(
            lambda exc: self._lookup_failed(key, exc)).run_in_background()

    def _looked_up(self, key: int, code: str, answer: ItemLookup) -> None:
        if answer.exact is not None:
            self._place(key, answer.exact)
        elif answer.candidates:
            self._offer(key, answer.candidates)
        else:
            self._unknown(key, refuse("item_code_unknown", field=self.spec.code_column,
                                      code=code))

    def _lookup_failed(self, key: int, exc: BaseException) -> None:
        error = exc if isinstance(exc, UserError) else UserError(QT_TR_NOOP(
            "The item could not be looked up: {reason}"), reason=error_text(exc))
        self._unknown(key, error)

    def _place(self, key: int, item: LineItem) -> None:
        row_before = self.lines.row_of(key)
        cursor_on_it = row_before is not None and self.grid.currentIndex().row() == row_before
        row, merged = self.lines.resolve(key, item)
        if row is None:
            return
        self.line_message.clear()
        errors = self.lines.rows[row].errors
        if errors:
            self._say_on_line(row, next(iter(errors.values())))
        elif merged:
            self.line_message.setStyleSheet(OK_STYLE)
            self.line_message.setText(tr("Line {line}: {code} quantity {quantity}").format(
                line=row + 1, code=item.code, quantity=format_quantity(
                    self.lines.rows[row].values.get(self.spec.quantity_column or ""))))
            if cursor_on_it or not self.grid.currentIndex().isValid():
                self.grid.go_to_new_line()

    def _offer(self, key: int, candidates: Sequence[LineItem]) -> None:
        row = self.lines.row_of(key)
        if row is None:
            return
        if self.candidates is not None:
            self.candidates.deleteLater()
        popup = CandidatePopup(candidates, parent=self)
        self.candidates = popup
        code = self.lines.column_of(self.spec.code_column) or 0
        popup.move(self.grid.cell_bottom_left(row, code, self))
        popup.resize(max(popup.minimumWidth(), 360),
                     min(8, popup.count()) * popup.sizeHintForRow(0) + 6)

        def chosen(item: LineItem | None) -> None:
            if self.candidates is popup:
                self.candidates = None
            if item is None:
                self._unknown(key, refuse("item_not_chosen", field=self.spec.code_column))
            else:
                now = self.lines.row_of(key)  # lines may have moved while the list was open
                if now is not None:
                    self.grid.setCurrentIndex(self.lines.index(now, code))
                self._place(key, item)
                self.grid.advance(enter=True)
            self.grid.setFocus()

        popup.chosen.connect(chosen)
        popup.show()
        popup.raise_()
        popup.setFocus()

    def _unknown(self, key: int, error: UserError) -> None:
        row = self.lines.mark_unknown(key, error)
        if row is not None:
            self._say_on_line(row, error)

    def _say_on_line(self, row: int, error: UserError) -> None:
        self.line_message.setStyleSheet(ERROR_STYLE)
        self.line_message.setText(tr("Line {line}: {message}").format(
            line=row + 1, message=user_error_text(error)))

    # -- save, transitions, print ------------------------------------------------------------
    def save(self) -> None:
        if self.edit_mode() is not EditMode.EDIT or self.services.save is None:
            return
        self._submit("save", self.services.save, sends_lines=True)

    def run_transition(self, action: str) -> None:
        call = self.services.transitions.get(action)
        allowed = {t.action: t for t in self.spec.flow.available(
            self.current.state, self.session.capabilities)}
        transition: Transition | None = allowed.get(action)
        if call is None or transition is None or self._amending:
            return
        self._submit(action, call, sends_lines=transition.sends_lines,
                     question=transition.question)

    def _submit(self, action: str, call: Callable[[Connection, Submission], Document], *,
                sends_lines: bool, question: str | None = None) -> None:
        if self._busy:
            return
        self.lines.clear_problems()
        self.feedback.clear()
        if sends_lines and not self._ready_to_send():
            return  # what is wrong is shown first; the question comes when it can go
        if question and not ask(self, tr(question)):
            return
        document = self.document() if sends_lines else Document(
            self.spec.kind, self.current.header, self.current.lines, self.current.state,
            self.current.id, self.current.number, self.current.version)
        submission = Submission(document, action, self._operation_id(action))
        self._set_busy(True)
        CollectionOp(parent=self, database=self.database,
                     op=lambda conn: call(conn, submission),
                     changes=Changes.of(self.spec.entity),
                     atomic=not self.services.single_call).success(
            lambda result: self._submitted(action, result)).failure(
            self._refused).run_in_background()

    def _operation_id(self, action: str) -> str:
        """The same id when the same content is sent again (a retry applies once)."""
        key = (action, self.current.id, self.current.version, self._snapshot())
        if self._attempt is None or self._attempt[0] != key:
            self._attempt = (key, str(uuid.uuid4()))
        return self._attempt[1]

    def _ready_to_send(self) -> bool:
        pending = self.lines.pending_lookups()
        if pending:
            self._say_on_line(pending[0], UserError(QT_TR_NOOP(
                "still being looked up; try again in a moment.")))
            return False
        lines = self.lines.lines()
        rows = self.lines.line_rows()
        problems = check_document(self.spec, self.header.values(), lines)
        typed = self.lines.cell_errors()
        header_errors = [p.error for p in problems if p.line is None
                         and p.error.field != "lines"]
        line_problems: list[tuple[int, str | None, UserError]] = [
            (rows[p.line - 1], p.error.field, p.error) for p in problems
            if p.line is not None]
        line_problems += [(row, key, error) for row, key, error in typed]
        other = [p.error for p in problems if p.line is None and p.error.field == "lines"]
        if not (header_errors or line_problems or other):
            return True
        if header_errors:
            self.feedback.show(list(header_errors))
        messages = [user_error_text(e) for e in header_errors + other]
        seen: set[tuple[int, str | None]] = set()
        for row, key, error in sorted(line_problems, key=lambda p: p[0]):
            if (row, key) in seen:
                continue
            seen.add((row, key))
            self.lines.set_problem(row, key, error)
            messages.append(tr("Line {line}: {message}").format(
                line=row + 1, message=user_error_text(error)))
        self.feedback.show_message("\n".join(messages[:5]) + (
            "\n…" if len(messages) > 5 else ""))
        self.summary.setStyleSheet(ERROR_STYLE)
        if line_problems and not header_errors:
            row, key, _ = min(line_problems, key=lambda p: p[0])
            column = self.lines.column_of(key or self.spec.code_column) or 0
            self.grid.go_to(self.lines.index(row, column))
            self.grid.setFocus()
        return False

    def _submitted(self, action: str, document: Document) -> None:
        self._set_busy(False)
        self.set_document(document)
        self.feedback.show_message(tr("Saved.") if action == "save" else tr(
            "Done: the document is now {state}.").format(state=self.badge.text()))
        self.summary.setStyleSheet(OK_STYLE)
        self.saved.emit(document)

    def _refused(self, exc: BaseException) -> None:
        """A refusal lands on the line and cell, or header field, it names."""
        self._set_busy(False)
        if isinstance(exc, StaleDocument):
            self.feedback.show_failure(exc)
            if ask(self, user_error_text(exc) + "\n\n" + tr("Reload the document now?")):
                self._clean = self._snapshot()  # the operator chose to drop the changes
                self.refresh()
            return
        target = refusal_target(self.spec, exc)
        message = error_text(exc)
        rows = self.lines.line_rows()
        if target.line is not None and 1 <= target.line <= len(rows):
            row = rows[target.line - 1]
            error = exc if isinstance(exc, UserError) else UserError(message)
            self.lines.set_problem(row, target.column, error)
            column = self.lines.column_of(target.column or self.spec.code_column) or 0
            self.grid.go_to(self.lines.index(row, column))
            self.grid.setFocus()
            self.feedback.show_message(tr("Line {line}: {message}").format(
                line=target.line, message=message))
            self.summary.setStyleSheet(ERROR_STYLE)
            return
        if target.header_field is not None and isinstance(exc, ValidationError):
            self.feedback.show([exc])
            return
        self.feedback.show_failure(exc)

    def print_current(self) -> None:
        printer = self.services.print_document
        if printer is None:
            return
        if self.current.id is None or self.has_unsaved_changes():
            self.summary.setStyleSheet(ERROR_STYLE)
            self.feedback.show_message(tr("Save the document before printing it."))
            return
        printer(self.current)

    # -- choices -------------------------------------------------------------------------------
    def _load_choices(self) -> None:
        loaders = dict(self.services.choices)
        if not loaders:
            return
        QueryOp(parent=self, database=self.database,
                op=lambda conn: {key: list(load(conn)) for key, load in loaders.items()},
                success=self._choices_loaded).failure(
            self.feedback.show_failure).run_in_background()

    def _choices_loaded(self, choices: Mapping[str, Sequence[tuple[Any, str]]]) -> None:
        dirty = self.has_unsaved_changes()
        for key, entries in choices.items():
            self.header.set_choices(key, entries)
        if not dirty:
            self._clean = self._snapshot()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.grid.currentIndex().isValid():
            QTimer.singleShot(0, self._first_focus)

    def _first_focus(self) -> None:
        focused = self.window().focusWidget()  # also before the window is active
        if focused is not None and self.isAncestorOf(focused):
            return  # the operator (or a caller) is already somewhere in the editor
        if self.current.id is None and self.header.focus_first():
            return
        self._enter_lines()
