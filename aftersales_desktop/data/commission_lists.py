"""The lists of technicians' pay (提成, issue 14): the commission settings' rules, grade
factors, hours schemes and rework rules (cm-ui-rules); the other commission pages add
theirs below their own heading."""

from __future__ import annotations

from typing import Any

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.audit_labels import SERVICE_MODES
from aftersales_desktop.domain.commissions import REWORK_KINDS, RULE_KINDS
from aftersales_desktop.domain.filters import ColumnKind

from .listing import ListColumn, ListSource, SortKey
from .tables import (
    commission_grade_factor_table,
    commission_rule_table,
    hours_rule_table,
    rework_rule_table,
    work_type_table,
)

# -- commission settings (提成设置, cm-ui-rules) -------------------------------------------------

_VALIDITY_SORT = (SortKey("valid_from", descending=True),)


def _validity(table: Any) -> list[ListColumn]:
    """A rule's days (its list's default order: the newest first); no end = open-ended."""
    return [ListColumn("valid_from", QT_TR_NOOP("Valid from"), table.c.valid_from,
                       ColumnKind.DATE, width=90),
            ListColumn("valid_to", QT_TR_NOOP("Valid until"), table.c.valid_to,
                       ColumnKind.DATE, width=90)]


def _commission_rules() -> ListSource:
    rule = commission_rule_table.alias("r")
    work_type = work_type_table.alias("w")
    return ListSource(
        name="commission_rules", title=QT_TR_NOOP("Commission rules"),
        columns=(
            ListColumn("service_mode", QT_TR_NOOP("Service mode"), rule.c.service_mode,
                       width=64, choices=SERVICE_MODES),
            ListColumn("work_type_code", QT_TR_NOOP("Work type code"), work_type.c.code,
                       width=70),
            ListColumn("work_type", QT_TR_NOOP("Work type"), work_type.c.name, width=90),
            ListColumn("kind", QT_TR_NOOP("Kind"), rule.c.kind, width=110, choices=RULE_KINDS),
            ListColumn("amount", QT_TR_NOOP("Amount per unit"), rule.c.amount,
                       ColumnKind.MONEY, width=80, totalled=False),
            ListColumn("rate", QT_TR_NOOP("Rate %"), rule.c.rate, ColumnKind.QUANTITY,
                       width=60, totalled=False),
            *_validity(rule),
            ListColumn("note", QT_TR_NOOP("Note"), rule.c.note, width=160),
        ),
        from_clause=rule.join(work_type, work_type.c.id == rule.c.work_type_id),
        key=rule.c.id,
        default_sort=(SortKey("service_mode"), SortKey("work_type_code"), *_VALIDITY_SORT),
        entities=("commission_rule", "work_type"),
    )


def _grade_factors() -> ListSource:
    factor = commission_grade_factor_table.alias("g")
    return ListSource(
        name="commission_grade_factors", title=QT_TR_NOOP("Grade factors"),
        columns=(
            ListColumn("grade", QT_TR_NOOP("Grade"), factor.c.grade, width=120),
            ListColumn("factor", QT_TR_NOOP("Factor"), factor.c.factor, ColumnKind.QUANTITY,
                       width=80, totalled=False),
        ),
        from_clause=factor, key=factor.c.grade, default_sort=(SortKey("grade"),),
        entities=("commission_grade_factor",), summary=False,
    )


def _hours_rules() -> ListSource:
    rule = hours_rule_table.alias("h")
    numbers = [
        ("other_weight", QT_TR_NOOP("Weight of other hours")),
        ("rate_basic_to_rated", QT_TR_NOOP("Pay per hour, basic to rated")),
        ("rate_above_rated", QT_TR_NOOP("Pay per hour above rated")),
        ("supervisor_factor", QT_TR_NOOP("Supervisor factor")),
        ("supervisor_threshold", QT_TR_NOOP("Supervisor threshold %")),
    ]
    return ListSource(
        name="hours_rules", title=QT_TR_NOOP("Hours schemes"),
        columns=(*_validity(rule),
                 *(ListColumn(key, label, rule.c[key], ColumnKind.QUANTITY, width=100,
                              totalled=False) for key, label in numbers)),
        from_clause=rule, key=rule.c.id, default_sort=_VALIDITY_SORT,
        entities=("hours_rule",), summary=False,
    )


def _rework_rules() -> ListSource:
    rule = rework_rule_table.alias("k")
    return ListSource(
        name="rework_rules", title=QT_TR_NOOP("Rework charge-back rules"),
        columns=(
            ListColumn("kind", QT_TR_NOOP("Kind"), rule.c.kind, width=150,
                       choices=REWORK_KINDS),
            ListColumn("amount", QT_TR_NOOP("Amount"), rule.c.amount, ColumnKind.MONEY,
                       width=90, totalled=False),
            ListColumn("rate", QT_TR_NOOP("Rate %"), rule.c.rate, ColumnKind.QUANTITY,
                       width=70, totalled=False),
            *_validity(rule),
            ListColumn("note", QT_TR_NOOP("Note"), rule.c.note, width=160),
        ),
        from_clause=rule, key=rule.c.id, default_sort=_VALIDITY_SORT,
        entities=("rework_rule",), summary=False,
    )


COMMISSION_RULES = _commission_rules()
GRADE_FACTORS = _grade_factors()
HOURS_RULES = _hours_rules()
REWORK_RULES = _rework_rules()
