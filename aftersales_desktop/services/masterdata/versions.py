"""Stale saves that say who changed the record and when, where the audit trail tells."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.data.record_history import last_change

from ._common import StaleRecord


class ChangedMeanwhile(StaleRecord):
    default_message = QT_TR_NOOP(
        "{what} was changed by {who} at {when} meanwhile. Reload it and apply your change "
        "again.")


@contextmanager
def naming_who_changed(conn: Connection, table_name: str, record_key: object,
                       what: object) -> Iterator[None]:
    """Turn a StaleRecord raised inside into ChangedMeanwhile when the change log names the
    operator (it needs log.view; without it the message says "someone else")."""
    try:
        yield
    except ChangedMeanwhile:
        raise
    except StaleRecord:
        change = last_change(conn, table_name, str(record_key))
        if change is None:
            raise
        raise ChangedMeanwhile(what=str(what), who=change.who, when=change.when) from None
