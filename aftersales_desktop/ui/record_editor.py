"""The record editor: a list of records beside the form for one of them.

Every master-data page and the operators page is one. The base does, once, what each
page used to wire by hand:

- `load(key)` reads the record in a worker; the newest request wins, and a record that
  arrives while the form's choices (combo entries) are still loading is HELD and shown
  once they are in, instead of being blanked by them;
- dirty tracking, and the discard question before another record, New, or closing the
  tab drops unsaved changes;
- Save and Ctrl+S: one CollectionOp that stores and re-reads the record and announces
  `saves` (its Changes); refusals show at their field in red (gone as soon as the field
  is changed), "Saved." in green;
- a stale save (someone changed the record meanwhile: its version moved) says who and
  when and offers Reload; nothing is overwritten. Records without a version are not
  checked;
- the list (by its source's entities) and the choices (`choice_watches`) refresh
  whenever a write, this page's or another's, touches what they show.

A subclass declares its fields with `add_row(label, widget, name=...)`: a named field is
filled from the record's attribute of that name, blanked (or set to its `default`) for
a new record, sent to the service under that name, and shows the refusals that name it.
A field that is a column of the page's `table` (or named in `columns`) is held to that
column's limits as it is typed (ui/field_limits.py): its length, its days, its range.
It names its service calls (`reader`, `saver`) and, where the form offers choices from
the database, `load_choices` (a worker) and `apply_choices`. It overrides `show_record`,
`clear_form` and `form_values` (calling the base) only for what is not a plain field.
Methods marked "worker" run on a worker thread with a database connection: they call
services and must not touch widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.listing import ListSource
from aftersales_desktop.services.masterdata import StaleRecord

from .field_limits import limit_field
from .forms import FieldFeedback, change_signal, confirm_discard, set_widget_value, widget_value
from .i18n import tr
from .listview import ListView
from .operations import Changes, CollectionOp, QueryOp, on_did_execute

TITLE_STYLE = "font-weight: bold; font-size: 14px;"
W = TypeVar("W", bound=QWidget)
_MISSING = object()


def record_value(record: Any, name: str, default: Any = _MISSING) -> Any:
    """A record's field, whether the record is a dataclass or a mapping."""
    if isinstance(record, Mapping):
        return record.get(name, default)
    return getattr(record, name, default)


class RecordEditor(QWidget):
    """A list of records on one side, the form for one of them on the other."""

    # After the choices arrived and were applied (a side panel may show them too).
    choices_applied = Signal(object)

    new_label: ClassVar[str] = QT_TR_NOOP("New")
    title_format: ClassVar[str] = "{code}"  # English source; formatted with the record
    key_type: ClassVar[type[int] | type[str]] = int
    # worker: the service that reads one record, (conn, key) -> record, and the one that
    # saves the form, (conn, **form_values()) -> key or a result with the key as .id
    reader: ClassVar[Callable[..., Any]]
    saver: ClassVar[Callable[..., Any]]
    # entities (core/changes.py) whose writes reload the choices, and what a save changes
    # (the list reloads by itself for the entities its source names): by default the
    # page's `table`, named as the entity
    choice_watches: frozenset[str] = frozenset()
    saves: Changes = Changes()
    # the table whose columns the fields are (domain/limits.py), and the fields that are
    # columns of another table or under another name: field -> (table, column)
    table: str | None = None
    columns: ClassVar[Mapping[str, tuple[str, str]]] = {}

    def __init__(self, source: ListSource, database: Database, *, session: Any = None,
                 exportable: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.session = session  # the operator's (capabilities), for the pages that ask
        if not self.saves.entities and self.table is not None:
            self.saves = Changes.of(self.table)
        self.record: Any = None
        # focused on a new record / on a shown one; by default the first field, and the
        # name of a shown record (its code rarely changes)
        self.focus_new: QWidget | None = None
        self.focus_record: QWidget | None = None
        self._values: dict[str, tuple[QWidget, Any]] = {}  # field -> (widget, default)
        self._dirty = False
        self._filling = 0
        self._saving = False
        self._load_request = 0
        self._held: Any = None
        self._done_message: str | None = None
        self._choices_request = 0
        self._choices_loading = False
        self._started = False

        self.list = ListView(source, database, exportable=exportable, parent=self)
        self.list.activated.connect(self.load)
        self.title = QLabel()
        self.title.setStyleSheet(TITLE_STYLE)
        self.body = QVBoxLayout()
        self.form = QFormLayout()
        self.body.addLayout(self.form)
        self.feedback = FieldFeedback({}, QLabel())
        self.new_button = QPushButton(tr(self.new_label))
        self.reload_button = QPushButton(tr("Reload"))
        self.reload_button.hide()
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.new_button.clicked.connect(self.new_record)
        self.reload_button.clicked.connect(self.reload)
        self.save_button.clicked.connect(self.save)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.new_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.reload_button)
        self.buttons.addWidget(self.save_button)

        # the form scrolls when it is taller than the window (the staff form with its pay
        # fields on a 768-pixel screen); the title and the buttons stay in view
        self._fields = QWidget()
        self._fields.setLayout(self.body)
        self.body.setContentsMargins(0, 0, 0, 0)
        self._scroll = scroll = QScrollArea()
        scroll.setWidget(self._fields)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        editor = QWidget()
        column = QVBoxLayout(editor)
        column.addWidget(self.title)
        column.addWidget(scroll, 1)
        column.addWidget(self.feedback.summary)
        column.addLayout(self.buttons)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(editor)
        self._share_width()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        on_did_execute(self, self._on_changes)

    def start(self) -> None:
        """The end of a subclass's __init__: load the choices, then open a new record (or
        the one asked for meanwhile)."""
        fields = [widget for widget, _default in self._values.values()]
        if fields:
            self.focus_new = self.focus_new or fields[0]
            named = self._values.get("name")
            self.focus_record = self.focus_record or (named[0] if named else fields[0])
        if not any(self.body.stretch(i) for i in range(self.body.count())):
            self.body.addStretch(1)  # a form that does not grow leaves the space below it
        # only the height scrolls: the form keeps the width its fields need
        self._scroll.setMinimumWidth(self._fields.minimumSizeHint().width()
                                     + self._scroll.verticalScrollBar().sizeHint().width())
        if self._has_choices():
            self.setEnabled(False)
            self.reload_choices()
        else:
            self._choices_ready()

    # -- declaring the form -----------------------------------------------------------------
    def add_row(self, label: str, widget: W, *, name: str | None = None,
                required: bool = False, default: Any = None) -> W:
        """A labelled row (`label` an English source string, "" for none). A `name` makes
        it a field of the record (see the module's docstring); `default` is its value in a
        new record."""
        text = tr(label) + (" *" if required else "") if label else ""
        self.form.addRow(text, widget)
        if name is not None:
            self.field(name, widget, default=default)
        return widget

    def field(self, name: str, widget: QWidget, *, default: Any = None, value: bool = True,
              watch: bool = True) -> None:
        """`widget` holds the record's field `name` (unless `value` is False: then it only
        shows the refusals naming `name`) and its changes make the record dirty (unless
        `watch` is False: a button, say, that refusals of an action point at)."""
        if value:
            self._values[name] = (widget, default)
            column = self.columns.get(name) or ((self.table, name) if self.table else None)
            if column is not None:
                limit_field(widget, *column, today=shop_time.today())
        self.feedback.fields[name] = widget
        if watch and not widget.property("watched"):
            self.watch(widget)

    def watch(self, widget: QWidget, *, field_widget: QWidget | None = None) -> None:
        """Changes to `widget` by the operator make the record dirty and clear the error
        shown at `field_widget` (the widget itself unless it is part of a bigger field)."""
        widget.setProperty("watched", True)
        shown_at = field_widget or widget

        def changed(*_args: Any) -> None:
            if not self._filling:
                self._dirty = True
                self.feedback.field_changed(shown_at)

        change_signal(widget).connect(changed)

    def add_button(self, label: str, clicked: Callable[[], None]) -> QPushButton:
        """A button of the page's own beside New (`label` an English source string)."""
        button = QPushButton(tr(label))
        button.clicked.connect(lambda _checked=False: clicked())
        self.buttons.insertWidget(self.buttons.indexOf(self.new_button) + 1, button)
        return button

    @contextmanager
    def filling(self) -> Iterator[None]:
        """Changes made to the form inside are the program's, not the operator's."""
        self._filling += 1
        try:
            yield
        finally:
            self._filling -= 1

    def add_list_header(self, row: QLayout) -> None:
        """A row above the list (the page's own filters, for instance)."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        self.splitter.insertWidget(self.splitter.indexOf(self.list), box)
        column.addWidget(self.list, 1)
        self._share_width()

    def add_side_panel(self, panel: QWidget) -> None:
        """A panel before the list (the tree the records hang in, for instance)."""
        self.splitter.insertWidget(0, panel)
        self._share_width()

    def _share_width(self) -> None:
        """The list gets the most, the form enough for its longest entries (a region's
        whole path), a side panel what a tree needs."""
        shares = (3, 2) if self.splitter.count() == 2 else (2, 4, 3)
        for index, share in enumerate(shares):
            self.splitter.setStretchFactor(index, share)

    # -- reading and writing records: what a subclass may refine ----------------------------
    def load_choices(self, conn: Any) -> Any:
        """Worker: what the form's combos offer. Only pages with such choices override it."""

    def apply_choices(self, choices: Any) -> None:
        """Refill the combos from `choices`, keeping what is chosen."""

    def fetch(self, conn: Any, key: Any) -> Any:
        """Worker: the record `key`."""
        return type(self).reader(conn, key)

    def store(self, conn: Any, values: Any) -> Any:
        """Worker: save the form's values; returns the record's key."""
        saved = type(self).saver(conn, **values)
        return saved if isinstance(saved, (int, str)) else saved.id

    def record_key(self, record: Any) -> Any:
        return record_value(record, "id")

    def record_title(self, record: Any) -> str:
        return tr(self.title_format).format(code=record_value(record, "code", ""))

    def new_title(self) -> str:
        return tr(self.new_label)

    def show_record(self, record: Any) -> None:
        for name, (widget, _default) in self._values.items():
            found = record_value(record, name)
            if found is not _MISSING:
                set_widget_value(widget, found)

    def clear_form(self) -> None:
        for widget, default in self._values.values():
            set_widget_value(widget, default)

    def form_values(self) -> Any:
        """The form as the saver's keyword arguments: the fields, the record's id and,
        where it has one, the version it was read at (the service refuses a stale save).
        May raise ValidationError for what the form itself can tell."""
        values: dict[str, Any] = {name: widget_value(widget)
                                  for name, (widget, _d) in self._values.items()}
        values["id"] = None if self.record is None else self.record_key(self.record)
        version = record_value(self.record, "version", None)
        if version is not None:
            values["version"] = version
        return values

    # -- running work for the page ----------------------------------------------------------
    def read(self, op: Callable[[Any], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None] | None = None) -> None:
        """Run a read for this page; `done` gets the result while the page is open."""
        QueryOp(parent=self, database=self.database, op=op, success=done).failure(
            failed or self.feedback.show_failure).run_in_background()

    def write(self, op: Callable[[Any], Any], changes: Changes, done: Callable[[Any], None],
              failed: Callable[[BaseException], None] | None = None) -> None:
        """Run a write for this page in one transaction, announcing `changes`."""
        CollectionOp(parent=self, database=self.database, op=op, changes=changes,
                     success=done).failure(failed or self.feedback.show_failure
                                           ).run_in_background()

    # -- choices ------------------------------------------------------------------------------
    def _has_choices(self) -> bool:
        return type(self).load_choices is not RecordEditor.load_choices

    def reload_choices(self) -> None:
        self._choices_request += 1
        request = self._choices_request
        self._choices_loading = True
        self.read(self.load_choices, lambda choices: self._choices_arrived(request, choices),
                  lambda exc: self._choices_failed(request, exc))

    def _choices_arrived(self, request: int, choices: Any) -> None:
        if request != self._choices_request:
            return  # a newer load of the choices is on its way
        with self.filling():
            self.apply_choices(choices)
        self._choices_ready()
        self.choices_applied.emit(choices)

    def _choices_failed(self, request: int, exc: BaseException) -> None:
        if request == self._choices_request:
            self._choices_ready()
            self.feedback.show_failure(exc)

    def _choices_ready(self) -> None:
        self._choices_loading = False
        first = not self._started
        self._started = True
        if self._held is not None:
            record, self._held = self._held, None
            self._show(record)
        elif first:
            self._blank()
        self.setEnabled(True)

    def is_ready(self) -> bool:
        """The form has its choices and no newer ones are loading."""
        return self._started and not self._choices_loading

    # -- loading and showing ----------------------------------------------------------------
    def load(self, key: Any, *, done_message: str | None = None) -> None:
        """Show the record `key` (asks first when unsaved changes would be lost);
        `done_message` is said, in green, once it is shown."""
        if not self.confirm_discard():
            return
        self._load_request += 1
        request, wanted = self._load_request, self.key_type(key)
        self._done_message = done_message
        self.read(lambda conn: self.fetch(conn, wanted),
                  lambda record: self._record_arrived(request, record))

    def reload(self) -> None:
        """Read the shown record again, dropping the changes made to it."""
        if self.record is not None:
            self._dirty = False
            self.load(self.record_key(self.record))

    def _record_arrived(self, request: int, record: Any) -> None:
        if request != self._load_request:
            return  # the operator asked for another record (or New) meanwhile
        if self._choices_loading:
            self._held = record  # shown when the choices are in, so they cannot blank it
            return
        self._show(record)

    def _show(self, record: Any) -> None:
        with self.filling():
            self.record = record
            self.title.setText(self.record_title(record))
            self.show_record(record)
        self._settled(self.focus_record)
        if self._done_message:
            self.feedback.show_message(self._done_message, ok=True)
            self._done_message = None

    def new_record(self) -> None:
        """An empty form for a new record (asks first when unsaved changes would be lost)."""
        if not self.confirm_discard():
            return
        self._load_request += 1
        self._held = self._done_message = None
        self._blank()

    def _blank(self) -> None:
        with self.filling():
            self.record = None
            self.title.setText(self.new_title())
            self.clear_form()
        self._settled(self.focus_new)

    def _settled(self, focus: QWidget | None) -> None:
        self._dirty = False
        self.feedback.clear()
        self.reload_button.hide()
        if focus is not None:
            focus.setFocus()

    # -- unsaved changes ----------------------------------------------------------------------
    def mark_dirty(self) -> None:
        if not self._filling:
            self._dirty = True

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def confirm_discard(self) -> bool:
        question = tr("{record}: discard the unsaved changes?").format(record=self.title.text())
        return confirm_discard(self, self._dirty, question)

    # -- saving -------------------------------------------------------------------------------
    def save(self) -> None:
        if self._saving or not self.isEnabled():
            return
        self.feedback.clear()
        self.reload_button.hide()
        try:
            values = self.form_values()
        except ValidationError as exc:
            self.feedback.show([exc])
            return
        self._set_saving(True)
        self.write(lambda conn: self.fetch(conn, self.store(conn, values)), self.saves,
                   self._saved, self._save_failed)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)

    def _saved(self, record: Any) -> None:
        self._set_saving(False)
        self._load_request += 1  # a load asked for before the save is older than this
        self._held = self._done_message = None
        self._show(record)
        self.feedback.show_saved()

    def _save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        self.feedback.show_failure(exc)
        if isinstance(exc, StaleRecord) and self.record is not None:
            self.reload_button.show()

    # -- the rest of the application ----------------------------------------------------------
    def _on_changes(self, changes: Changes, _origin: object) -> None:
        if self._started and self._has_choices() and changes.touches(self.choice_watches):
            self.reload_choices()

    def refresh(self) -> None:
        """F5: the list and the choices again (the form keeps what is typed)."""
        self.list.refresh()
        if self._has_choices():
            self.reload_choices()

    def set_sensitive_hidden(self, hidden: bool) -> None:
        self.list.set_sensitive_hidden(hidden)
