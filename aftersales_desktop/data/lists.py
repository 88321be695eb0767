"""The lists of the administration module: login history and operators.

The tables' shapes are in `tables.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.filters import ColumnKind

from .listing import ListColumn, ListSource, SortKey
from .tables import login_event_table, operator_table

LOGIN_EVENTS = {"login": QT_TR_NOOP("Login"), "logout": QT_TR_NOOP("Logout"),
                "denied": QT_TR_NOOP("Refused"), "failed": QT_TR_NOOP("Failed login")}


def audit_list(name: str, title: str, log: Any,
               columns: Callable[[Any, Any], tuple[ListColumn, ...]],
               prelude: str | None = None) -> ListSource:
    """A list of audit rows, newest first, each joined to the operator who caused it:
    `columns(log, who)` after the time, operator code and name."""
    who = operator_table.alias("o")
    return ListSource(
        prelude=prelude,
        name=name,
        title=title,
        columns=(
            ListColumn("at", QT_TR_NOOP("Time"), log.c.at, ColumnKind.DATETIME, width=130),
            ListColumn("operator", QT_TR_NOOP("Operator code"), log.c.operator, width=100),
            ListColumn("operator_name", QT_TR_NOOP("Operator name"), who.c.name, width=100),
            *columns(log, who),
        ),
        from_clause=log.outerjoin(who, who.c.code == log.c.operator),
        key=log.c.id,
        default_sort=(SortKey("at", descending=True),),
    )


def where_from(log: Any) -> tuple[ListColumn, ...]:
    """The application and address an audit row came from."""
    return (
        ListColumn("application", QT_TR_NOOP("Application"), log.c.application, width=160),
        # host() drops the /32 that inet's text form carries.
        ListColumn("client_addr", QT_TR_NOOP("Client address"), func.host(log.c.client_addr),
                   width=120),
    )


def _login_history() -> ListSource:
    """Who logged in and out or failed to, when and from where (needs log.view or
    operators.admin). Each page first records the failed logins the server has logged
    since (app.record_failed_logins), in the same round trip."""
    return audit_list("login_history", QT_TR_NOOP("Login history"),
                      login_event_table.alias("e"), lambda event, _who: (
        ListColumn("event", QT_TR_NOOP("Event"), event.c.event, width=70, choices=LOGIN_EVENTS),
        ListColumn("workstation", QT_TR_NOOP("Workstation"), event.c.workstation, width=130),
        *where_from(event),
        ListColumn("detail", QT_TR_NOOP("Refused action"), event.c.detail, width=120),
    ), prelude="SELECT app.record_failed_logins()")


def _operators() -> ListSource:
    """The shop's operators (every operator may read it)."""
    op = operator_table.alias("o")
    return ListSource(
        name="operators",
        title=QT_TR_NOOP("Operators"),
        columns=(
            ListColumn("code", QT_TR_NOOP("Operator code"), op.c.code, width=100),
            ListColumn("name", QT_TR_NOOP("Name"), op.c.name, width=120),
            ListColumn("active", QT_TR_NOOP("Active"), op.c.active, ColumnKind.BOOL, width=60),
            ListColumn("created_at", QT_TR_NOOP("Created"), op.c.created_at,
                       ColumnKind.DATETIME, width=130),
            ListColumn("created_by", QT_TR_NOOP("Created by"), op.c.created_by, width=100),
        ),
        from_clause=op,
        key=op.c.code,
        default_sort=(SortKey("code"),),
        entities=("operator",),
    )


LOGIN_HISTORY = _login_history()
OPERATORS = _operators()
