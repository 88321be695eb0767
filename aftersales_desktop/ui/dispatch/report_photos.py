"""The photos of a work report: thumbnails, Add photo... and Remove photo.

Each photo is stored (or deleted) at once, one server call each (app.job_photo_add /
app.job_photo_delete), not with the report's draft: a photo taken at the customer's is
not lost when the report is not saved. Before a file is read or sent it is checked here
as the server will check it (domain.dispatch: at most PHOTOS_MAX photos, PHOTO_BYTES_MAX
each, PNG or JPEG by its first bytes), so the refusal comes without an upload.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain import limits
from aftersales_desktop.domain.dispatch import (
    PHOTO_BYTES_MAX,
    PHOTOS_MAX,
    photo_mime,
    photo_refusal,
)
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.services.dispatch import jobs

from ..i18n import tr
from ..operations import Changes, CollectionOp

THUMBNAIL = 96
MIB = 1024 * 1024
PHOTO_ROLE = Qt.ItemDataRole.UserRole


class PhotoStrip(QGroupBox):
    """A job's photos. `refused(error)` when a photo cannot be added or removed (the
    dialog shows it at its photos field); `stored()` after a photo was added or removed."""

    refused = Signal(object)
    stored = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(tr("Photos"), parent)
        self.database = database
        self.job_id: int | None = None
        self.editable = False
        self.list = QListWidget()
        self.list.setObjectName("report_photos")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setFixedHeight(THUMBNAIL + 40)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(tr("Add photo..."))
        self.add_button.setObjectName("report_add_photo")
        self.add_button.clicked.connect(lambda _checked=False: self.choose())
        self.remove_button = QPushButton(tr("Remove photo"))
        self.remove_button.setObjectName("report_remove_photo")
        self.remove_button.clicked.connect(lambda _checked=False: self.remove_selected())
        self.note = QLabel(tr("JPEG or PNG, at most {count} photos of {size} MiB each; a photo "
                              "is stored as soon as it is added.").format(
            count=PHOTOS_MAX, size=PHOTO_BYTES_MAX // MIB))
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(mid);")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.set_editable(False)

    def show_photos(self, job_id: int, photos: list[dict[str, Any]],
                    contents: dict[int, bytes]) -> None:
        self.job_id = job_id
        self.list.clear()
        for photo in photos:
            self._add_thumbnail(int(photo["id"]), contents.get(int(photo["id"])),
                                str(photo.get("caption") or ""))
        self._update_buttons()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        for widget in (self.add_button, self.remove_button, self.note):
            widget.setVisible(editable)
        self._update_buttons()

    def count(self) -> int:
        return self.list.count()

    def photo_ids(self) -> list[int]:
        return [int(self.list.item(r).data(PHOTO_ROLE)) for r in range(self.list.count())]

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.editable and self.list.count() < PHOTOS_MAX)
        self.remove_button.setEnabled(self.editable and self.list.currentItem() is not None)

    def _add_thumbnail(self, photo_id: int, content: bytes | None, caption: str) -> None:
        pixmap = QPixmap()
        if content:
            pixmap.loadFromData(content)
        item = QListWidgetItem(caption or tr("Photo"))
        if not pixmap.isNull():
            item.setIcon(QIcon(pixmap.scaled(THUMBNAIL, THUMBNAIL,
                                             Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation)))
        item.setData(PHOTO_ROLE, photo_id)
        item.setToolTip(caption)
        self.list.addItem(item)

    # -- adding and removing ---------------------------------------------------------------
    def choose(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, tr("Add photos"), "", tr("Photos (*.jpg *.jpeg *.png)"))
        for name in names:
            if not self.add_file(Path(name)):
                break

    def add_file(self, path: Path) -> bool:
        """Check one photo here (count, size, kind) and store it; False when refused."""
        if self.job_id is None or not self.editable:
            return False
        max_mib = PHOTO_BYTES_MAX // MIB
        if self.list.count() >= PHOTOS_MAX:  # before reading a file for nothing
            self.refused.emit(refuse("photo_too_many", field="photos", max=PHOTOS_MAX))
            return False
        try:
            size = path.stat().st_size
            content = path.read_bytes() if size <= PHOTO_BYTES_MAX else b""
        except OSError as exc:
            self.refused.emit(ValidationError("photos", QT_TR_NOOP(
                "The file {name} cannot be read: {reason}"), name=path.name,
                reason=exc.strerror or str(exc)))
            return False
        if size > PHOTO_BYTES_MAX:
            self.refused.emit(refuse("photo_too_large", field="photos", max_mib=max_mib))
            return False
        mime = photo_mime(content) or ""
        code = photo_refusal(content, mime, self.list.count())
        if code is not None:
            self.refused.emit(refuse(code, field="photos", max=PHOTOS_MAX, max_mib=max_mib))
            return False
        job_id = self.job_id
        caption = path.stem[:limits.max_length("job_photo", "caption")]
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: jobs.add_photo(conn, job_id=job_id, content=content,
                                                    mime=mime, caption=caption),
                     changes=Changes.of("dispatch"),
                     success=lambda photo: self._added(photo, content, caption),
                     ).failure(self.refused.emit).run_in_background()
        return True

    def _added(self, photo: dict[str, Any], content: bytes, caption: str) -> None:
        self._add_thumbnail(int(photo["id"]), content, caption)
        self._update_buttons()
        self.stored.emit()

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or not self.editable:
            return
        photo_id = int(item.data(PHOTO_ROLE))
        CollectionOp(parent=self, database=self.database, atomic=False,
                     op=lambda conn: jobs.delete_photo(conn, photo_id=photo_id),
                     changes=Changes.of("dispatch"),
                     success=lambda _result: self._removed(photo_id),
                     ).failure(self.refused.emit).run_in_background()

    def _removed(self, photo_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(PHOTO_ROLE) == photo_id:
                self.list.takeItem(row)
                break
        self._update_buttons()
        self.stored.emit()
