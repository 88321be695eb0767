"""The small dialogs of a complaint's actions: what each one asks before it goes to the
server (app.complaint_act).

- assign: the owner (an operator code; the ones the queue has seen are offered, the
  operator first), and a note;
- pause (wait for the customer, the clock stops), reopen: a note saying why;
- note: the note (required);
- resolve: the resolution (required), and a note;
- close: whether the customer accepted the resolution (required: not accepted reopens
  the complaint instead), and a note.

Start and resume ask nothing. A dialog checks what is required with the server's own
refusal codes and shows the error at the field, as every form does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.refusals import refuse

from ..dialog_form import form, ok_cancel
from ..field_limits import limit_text
from ..forms import FieldFeedback
from ..i18n import tr

# action -> (English title, what the dialog explains)
TITLES: dict[str, tuple[str, str]] = {
    "assign": (QT_TR_NOOP("Assign an owner"),
               QT_TR_NOOP("Who handles the complaint from now on.")),
    "pause": (QT_TR_NOOP("Wait for the customer"),
              QT_TR_NOOP("The deadline's clock stops until the complaint is resumed.")),
    "note": (QT_TR_NOOP("Add a note"), QT_TR_NOOP("The note stays in the complaint's events.")),
    "resolve": (QT_TR_NOOP("Resolve the complaint"),
                QT_TR_NOOP("What was done for the customer. The complaint is closed once "
                           "the customer says whether they accept it.")),
    "close": (QT_TR_NOOP("Close the complaint"),
              QT_TR_NOOP("Did the customer accept the resolution? If not, the complaint "
                         "is reopened instead.")),
    "reopen": (QT_TR_NOOP("Reopen the complaint"),
               QT_TR_NOOP("The complaint goes back to the open ones: say why.")),
}
ASKS_NOTHING = ("start", "resume")


def owner_choices(owners: Mapping[str, str], own_code: str, own_name: str,
                  current: str | None) -> list[tuple[str, str]]:
    """(code, shown text) of the owners offered (`owners`: the complaint handlers, code ->
    name): the operator first when they handle complaints, the current owner, then the
    others by name."""
    known = dict(owners)
    if own_code not in known and not owners:
        known[own_code] = own_name  # nobody known: at least the operator themself
    if current and current not in known:
        known[current] = current

    def shown(code: str) -> str:
        name = known.get(code) or ""
        return f"{name} ({code})" if name and name != code else code

    first = [own_code] if own_code in known else []
    others = sorted((c for c in known if c != own_code), key=lambda c: (c != current, shown(c)))
    return [(code, shown(code)) for code in (*first, *others)]


class ComplaintActionDialog(QDialog):
    """Asks what `action` needs; `values()` gives act's keyword arguments."""

    def __init__(self, action: str, number: str, *, owners: Sequence[tuple[str, str]] = (),
                 current_owner: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"complaint_{action}_dialog")
        self.action = action
        title, explanation = TITLES[action]
        self.setWindowTitle(f"{tr(title)} {number}")
        text = QLabel(tr(explanation))
        text.setWordWrap(True)
        rows: list[Any] = [text]
        fields: dict[str, QWidget] = {}

        self.owner = QComboBox()
        self.owner.setObjectName("owner")
        self.owner.setEditable(True)
        for code, shown in owners:
            self.owner.addItem(shown, code)
        if current_owner:
            self.owner.setCurrentIndex(max(self.owner.findData(current_owner), 0))
        limit_text(self.owner, "complaint", "owner")
        self.resolution = limit_text(QPlainTextEdit(), "complaint", "resolution")
        self.resolution.setObjectName("resolution")
        self.resolution.setTabChangesFocus(True)
        self.resolution.setFixedHeight(90)
        self.accepted_yes = QRadioButton(tr("Yes, the customer accepted it"))
        self.accepted_yes.setObjectName("accepted_yes")
        self.accepted_no = QRadioButton(tr("No: reopen the complaint"))
        self.accepted_no.setObjectName("accepted_no")
        self.acceptance = QButtonGroup(self)
        for button in (self.accepted_yes, self.accepted_no):
            self.acceptance.addButton(button)
        accepted_row = QHBoxLayout()
        accepted_row.addWidget(self.accepted_yes)
        accepted_row.addWidget(self.accepted_no)
        accepted_row.addStretch(1)
        self.note = limit_text(QPlainTextEdit(), "complaint_event", "note")
        self.note.setObjectName("note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)

        if action == "assign":
            rows.append((tr("Owner") + " *", self.owner))
            fields["owner"] = self.owner
        if action == "resolve":
            rows.append((tr("Resolution") + " *", self.resolution))
            fields["resolution"] = self.resolution
        if action == "close":
            rows.append((tr("Customer accepted") + " *", accepted_row))
            fields["customer_accepted"] = self.accepted_yes
        rows.append((tr("Note") + (" *" if action in ("note", "reopen") else ""), self.note))
        fields["note"] = self.note
        self.summary = QLabel()
        self.feedback = FieldFeedback(fields, self.summary)
        form([*rows, self.summary, ok_cancel(self)], parent=self)
        for widget in (self.owner, self.resolution, self.accepted_yes, self.accepted_no,
                       self.note):
            if widget.parent() is None:
                widget.setParent(self)
                widget.hide()  # not a field of this action
        first = next(iter(fields.values()))
        first.setFocus()

    def owner_code(self) -> str:
        """The chosen owner's code, or what was typed (the server knows who exists)."""
        index = self.owner.findText(self.owner.currentText())
        data = self.owner.itemData(index) if index >= 0 else None
        return str(data) if data else self.owner.currentText().strip()

    def check(self) -> dict[str, Any]:
        values: dict[str, Any] = {"note": self.note.toPlainText().strip()}
        if self.action == "assign":
            if not self.owner_code():
                raise refuse("complaint_owner_unknown", owner="")
            values["owner"] = self.owner_code()
        if self.action == "resolve":
            values["resolution"] = self.resolution.toPlainText().strip()
            if not values["resolution"]:
                raise refuse("complaint_resolution_required")
        if self.action == "close":
            if self.acceptance.checkedButton() is None:
                raise refuse("complaint_acceptance_required")
            values["customer_accepted"] = self.accepted_yes.isChecked()
        if self.action in ("note", "reopen") and not values["note"]:
            raise ValidationError("note", QT_TR_NOOP("Write the note."))
        return values

    def values(self) -> dict[str, Any]:
        return self.check()

    def accept(self) -> None:
        try:
            self.check()
        except ValidationError as exc:
            self.feedback.show([exc])
            return
        super().accept()
