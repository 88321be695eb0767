"""Technicians' pay (提成工资): the codes, their labels and the pure rules (issue 14).

The database decides (db/sql/commissions/, revision 0022); these are the same codes and
the same rules for the screens (previews, instant feedback) and the tests:

- the codes of rule kinds, pay schemes, hours kinds, line kinds, origins and states,
  adjustment reasons, automatic reward / penalty triggers, period and statement states,
  with their English labels (translated when shown);
- the pure rules, each with its SQL twin (tests/db/test_commission_rules_agree.py runs
  the same cases through both): `rule_amount` (app.commission_rule_amount),
  `split_amounts` (app.commission_split), `assessed_hours` and `hours_pay`
  (app.commission_hours_pay), `supervisor_pay` (app.commission_supervisor_pay),
  `overdue_deduction` (app.commission_overdue), `rework_chargeback`
  (app.commission_rework), `auto_item_applies` (app.commission_auto_applies).

Money is Decimal, every result rounded to the fen ROUND_HALF_UP (PostgreSQL's round()).
"""

from __future__ import annotations

from decimal import Decimal

from aftersales_desktop.core.i18n import QT_TR_NOOP

# ---- words and codes (spec section 0) ---------------------------------------------------
# service modes: the existing app.service_mode codes (repair 维修, installation 安装,
# outsourced 外协), labelled in audit_labels (re-exported here)
from aftersales_desktop.domain.audit_labels import SERVICE_MODES as SERVICE_MODES

# commission_rule.kind
RULE_KINDS: dict[str, str] = {
    "fixed": QT_TR_NOOP("Fixed amount per unit"),
    "labour_pct": QT_TR_NOOP("% of the labour fee"),
    "margin_pct": QT_TR_NOOP("% of the parts margin"),
}
# the rule kinds that take a rate (a %) instead of an amount
PCT_RULE_KINDS: frozenset[str] = frozenset({"labour_pct", "margin_pct"})

# employee_pay.scheme (no employee_pay row = 'commission')
SCHEMES: dict[str, str] = {
    "commission": QT_TR_NOOP("Commission per job"),
    "hours": QT_TR_NOOP("Hours scheme"),
    "none": QT_TR_NOOP("Post wage only"),
}
DEFAULT_SCHEME = "commission"

# work_type.hours_kind
HOURS_KINDS: dict[str, str] = {
    "repair": QT_TR_NOOP("Repair hours"),
    "other": QT_TR_NOOP("Other hours"),
}

# commission_line.kind, in the order a statement lists them
LINE_KINDS: dict[str, str] = {
    "commission": QT_TR_NOOP("Commission", "commission line kind"),
    "hours_pay": QT_TR_NOOP("Hours pay"),
    "supervisor_pay": QT_TR_NOOP("Supervisor pay"),
    "reward": QT_TR_NOOP("Reward"),
    "penalty": QT_TR_NOOP("Penalty"),
    "overdue": QT_TR_NOOP("Overdue deduction"),
    "rework": QT_TR_NOOP("Rework charge-back"),
    "adjustment": QT_TR_NOOP("Adjustment", "commission line kind"),
}

# commission_line.origin
LINE_ORIGINS: dict[str, str] = {
    "review": QT_TR_NOOP("Job reviewed"),
    "run": QT_TR_NOOP("Month run"),
    "manual": QT_TR_NOOP("By hand"),
    "late": QT_TR_NOOP("Late event"),
}

# commission_line.state
LINE_STATES: dict[str, str] = {
    "active": QT_TR_NOOP("Active", "commission line state"),
    "proposed": QT_TR_NOOP("Waiting for approval"),
    "rejected": QT_TR_NOOP("Rejected", "commission line state"),
}

# commission_line.reason for origin 'late' (and 'no_rule' on a commission line without
# a rule)
ADJUSTMENT_REASONS: dict[str, str] = {
    "job_reopened": QT_TR_NOOP("Job reopened after review"),
    "refund": QT_TR_NOOP("Settlement refunded"),
    "resettled": QT_TR_NOOP("Settled again after a refund"),
}
NO_RULE_REASON = "no_rule"
LINE_REASONS: dict[str, str] = {
    **ADJUSTMENT_REASONS,
    NO_RULE_REASON: QT_TR_NOOP("No commission rule for this work type"),
}

# reward_penalty_item.auto (None = by hand only)
AUTO_TRIGGERS: dict[str, str] = {
    "survey_low": QT_TR_NOOP("Survey with a low score"),
    "survey_high": QT_TR_NOOP("Survey with a high score"),
    "complaint": QT_TR_NOOP("Complaint against the technician"),
}
MANUAL_ONLY_LABEL = QT_TR_NOOP("By hand only")
# the triggers that need a threshold score (1..5)
SURVEY_TRIGGERS: frozenset[str] = frozenset({"survey_low", "survey_high"})
THRESHOLD_MIN = 1
THRESHOLD_MAX = 5

# commission_period.state
PERIOD_STATES: dict[str, str] = {
    "open": QT_TR_NOOP("Open", "commission month state"),
    "settled": QT_TR_NOOP("Settled", "commission month state"),
}

# commission_statement.state
STATEMENT_STATES: dict[str, str] = {
    "draft": QT_TR_NOOP("Draft", "commission statement state"),
    "confirmed": QT_TR_NOOP("Confirmed", "commission statement state"),
    "settled": QT_TR_NOOP("Settled", "commission statement state"),
}

# rework_rule.kind
REWORK_KINDS: dict[str, str] = {
    "fixed": QT_TR_NOOP("Fixed amount", "rework rule kind"),
    "commission_pct": QT_TR_NOOP("% of the first job's commission"),
}

# a grade without a commission_grade_factor row
DEFAULT_GRADE_FACTOR = Decimal("1.000")
