"""How a complaint row looks, in the queue and in the complaint dialog: its words
(state, severity, source), its times in the shop's zone, how long it has been open, and
what makes it stand out (UI.md: colours carry meaning, sparingly): the severity as a
coloured badge cell, an escalated complaint bold on a pale red row with its level, an
overdue one in orange text (the deadline passed, not yet escalated by the server)."""

from __future__ import annotations

from typing import Any

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.callbacks import QUESTION_LABELS
from aftersales_desktop.domain.complaints import SEVERITIES, SOURCES, STATES
from aftersales_desktop.domain.masking import group_phone, mask_phone

from ..i18n import tr

Row = dict[str, Any]  # one row of app.complaint_queue

# (background, text) of the severity cell
SEVERITY_COLOURS: dict[str, tuple[str, str]] = {
    "low": ("#f0f0f0", "#595959"),
    "normal": ("#e6f4ff", "#0958d9"),
    "high": ("#fff2e8", "#d4380d"),
    "critical": ("#cf1322", "#ffffff"),
}
ESCALATED_BACKGROUND = "#fff1f0"
ESCALATED_TEXT = "#a8071a"
OVERDUE_COLOUR = "#d46b08"  # UI.md: overdue = orange row text
DONE_COLOUR = "#8c8c8c"

COLUMNS: list[tuple[str, str]] = [
    ("number", QT_TR_NOOP("Complaint no.")),
    ("severity", QT_TR_NOOP("Severity")),
    ("state", QT_TR_NOOP("State")),
    ("deadline_at", QT_TR_NOOP("Deadline")),
    ("hours_open", QT_TR_NOOP("Open for")),
    ("summary", QT_TR_NOOP("Summary", "complaint")),
    ("customer_name", QT_TR_NOOP("Customer")),
    ("phone", QT_TR_NOOP("Phone")),
    ("ticket_number", QT_TR_NOOP("Ticket")),
    ("technician", QT_TR_NOOP("Technician")),
    ("owner", QT_TR_NOOP("Owner")),
    ("opened_at", QT_TR_NOOP("Opened", "complaint")),
    ("source", QT_TR_NOOP("Source")),
]
KEYS = [key for key, _label in COLUMNS]


def when(value: Any) -> str:
    return shop_time.format_datetime(value) if value else ""


def hours_text(hours: Any) -> str:
    """Hours open (pauses left out, the server's count): '5.5 h', or '3 d 2 h' past two
    days."""
    try:
        value = float(str(hours))
    except (TypeError, ValueError):
        return ""
    if value != value or value < 0:  # NaN or nonsense shows nothing
        return ""
    if value < 48:
        return tr("{hours} h").format(hours=f"{value:.1f}")
    days, rest = divmod(round(value), 24)
    return tr("{days} d {hours} h").format(days=days, hours=rest)


def question_text(code: Any, label: Any) -> str:
    """A survey question as the operator reads it: a seeded one, while its label is still
    the seeded English, in their language; a question the shop named, as typed."""
    seeded = QUESTION_LABELS.get(str(code or ""))
    typed = str(label or "")
    return tr(seeded) if seeded is not None and typed in ("", seeded) else typed or str(
        code or "")


def summary_text(row: Row) -> str:
    """The summary; a low score's names the seeded questions in English (the database
    writes "Service attitude 1/5; Timeliness 2/5" from their labels): translated here."""
    summary = str(row.get("summary") or "")
    if row.get("source") == "survey":
        for english in QUESTION_LABELS.values():
            summary = summary.replace(english, tr(english))
    return summary


def escalated(row: Row) -> bool:
    return int(row.get("escalation_level") or 0) > 0 and row.get("state") not in (
        "resolved", "closed")


def overdue(row: Row) -> bool:
    return bool(row.get("overdue"))


def state_text(row: Row) -> str:
    state = str(row.get("state") or "")
    text = tr(STATES.get(state, state))
    level = int(row.get("escalation_level") or 0)
    if level and state not in ("resolved", "closed"):
        text = tr("{state}, escalated ×{level}").format(state=text, level=level)
    elif overdue(row):
        text = tr("{state}, overdue").format(state=text)
    if state == "closed" and row.get("customer_accepted") is not None:
        text = tr("{state}, customer accepted").format(state=text) if row[
            "customer_accepted"] else tr("{state}, customer did not accept").format(state=text)
    return text


def owner_text(row: Row) -> str:
    if not row.get("owner"):
        return tr("(nobody)")
    name = row.get("owner_name")
    return f"{name} ({row['owner']})" if name and name != row["owner"] else str(row["owner"])


def phone_text(phone: Any, *, hidden: bool) -> str:
    return mask_phone(str(phone)) if hidden and phone else group_phone(
        str(phone) if phone else None)


def cell_text(row: Row, key: str, *, hidden: bool = False) -> str:
    """What the column `key` shows for the complaint."""
    value = row.get(key)
    if key == "severity":
        return tr(SEVERITIES.get(str(value), str(value or "")))
    if key == "state":
        return state_text(row)
    if key == "source":
        return tr(SOURCES.get(str(value), str(value or "")))
    if key == "phone":
        return phone_text(value, hidden=hidden)
    if key == "owner":
        return owner_text(row)
    if key in ("deadline_at", "opened_at", "resolved_at"):
        return when(value)
    if key == "hours_open":
        return hours_text(value)
    if key == "summary":
        return summary_text(row)
    return "" if value is None else str(value)


def row_texts(row: Row, *, hidden: bool = False) -> list[str]:
    return [cell_text(row, key, hidden=hidden) for key in KEYS]


def row_colour(row: Row) -> str | None:
    """The text colour of the row: escalated red, overdue orange, finished grey."""
    if escalated(row):
        return ESCALATED_TEXT
    if overdue(row):
        return OVERDUE_COLOUR
    if row.get("state") in ("resolved", "closed"):
        return DONE_COLOUR
    return None
