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

from collections.abc import Iterable, Mapping
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from aftersales_desktop.core.i18n import QT_TR_NOOP

# ---- words and codes (spec section 0) ---------------------------------------------------
# service modes: the existing app.service_mode codes (repair 维修, installation 安装,
# outsourced 外协); their labels are audit_labels.SERVICE_MODES (which imports this module)
SERVICE_MODE_CODES: tuple[str, ...] = ("repair", "installation", "outsourced")

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


# ---- the pure rules (each with its SQL twin in db/sql/commissions/) ----------------------
FEN = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def _fen(value: Decimal) -> Decimal:
    """Rounded to the fen, half away from zero (PostgreSQL's round(x, 2)); never -0.00."""
    rounded = value.quantize(FEN, rounding=ROUND_HALF_UP)
    return rounded if rounded else ZERO


def rule_amount(kind: str, amount: Decimal | None, rate: Decimal | None, base: Decimal,
                quantity: Decimal, grade_factor: Decimal) -> Decimal:
    """One work type's commission by a rule (app.commission_rule_amount): `fixed` pays
    `amount` per unit of `quantity`; `labour_pct` and `margin_pct` pay `rate` % of `base`
    (the labour fee x quantity, or the job's parts margin); both times the payee's grade
    multiplier, rounded to the fen."""
    if kind == "fixed":
        if amount is None:
            raise ValueError("a fixed rule needs an amount")
        return _fen(amount * quantity * grade_factor)
    if kind in PCT_RULE_KINDS:
        if rate is None:
            raise ValueError("a percentage rule needs a rate")
        return _fen(base * rate / HUNDRED * grade_factor)
    raise ValueError(f"unknown rule kind {kind!r}")


def split_amounts(total: Decimal, shares: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """`total` split by shares in % that sum to 100 (app.commission_split): each payee gets
    total x share / 100 cut to the fen toward zero; the fens left over go one each to the
    largest cut-off remainders, ties to the lower employee id. The result never depends on
    the order the shares were given, and always sums to `total`."""
    if not shares:
        raise ValueError("no shares to split by")
    if any(share <= 0 for share in shares.values()):
        raise ValueError("every share must be more than zero")
    if sum(shares.values(), Decimal(0)) != HUNDRED:
        raise ValueError("the shares must sum to 100")
    total = _fen(total)
    exact = {employee: total * share / HUNDRED for employee, share in shares.items()}
    cut = {employee: value.quantize(FEN, rounding=ROUND_DOWN) for employee, value in
           exact.items()}
    left = int((total - sum(cut.values(), Decimal(0))) / FEN)
    step = FEN if left >= 0 else -FEN
    order = sorted(exact, key=lambda employee: (-abs(exact[employee] - cut[employee]),
                                                employee))
    for employee in order[:abs(left)]:
        cut[employee] += step
    return {employee: (value if value else ZERO) for employee, value in sorted(cut.items())}


def assessed_hours(repair: Decimal, other: Decimal, other_weight: Decimal) -> Decimal:
    """The month's assessed hours (当月考核工时 = 维修工时 + 其它工时 x weight; the seed's
    weight is 1/2), rounded to 0.01."""
    return _fen(repair + other * other_weight)


def hours_pay(assessed: Decimal, basic: Decimal, rated: Decimal, probation: bool,
              rate_above: Decimal, rate_between: Decimal) -> Decimal:
    """The month's performance pay of the hours scheme (app.commission_hours_pay), our
    reading of 当月绩效工资 = (考核工时 − 额定工时) x 3 + (额定工时 − 基本工时) x 1.5 as a
    step scale: nothing on probation (未转正) or at or below the basic hours;
    (assessed − basic) x rate_between up to the rated hours; above them the whole step
    (rated − basic) x rate_between plus (assessed − rated) x rate_above."""
    if probation or assessed <= basic:
        return ZERO
    if assessed <= rated:
        return _fen((assessed - basic) * rate_between)
    return _fen((rated - basic) * rate_between + (assessed - rated) * rate_above)


def supervisor_pay(member_pays: Iterable[Decimal], department_assessed: Decimal,
                   department_quota: Decimal, factor: Decimal,
                   threshold_pct: Decimal) -> Decimal:
    """A supervisor's pay (app.commission_supervisor_pay): `factor` x the average of the
    members' hours pay, when the department's assessed hours reach `threshold_pct` % of
    its quota (the members' rated hours); else, or without members, nothing. The caller
    leaves out the pay of members on probation (they draw none), not their hours."""
    pays = list(member_pays)
    if not pays or department_quota <= 0:
        return ZERO
    if department_assessed < department_quota * threshold_pct / HUNDRED:
        return ZERO
    return _fen(factor * sum(pays, Decimal(0)) / len(pays))


def overdue_deduction(days_late: int, grace_days: int, per_day: Decimal) -> Decimal:
    """The deduction for a job finished late (app.commission_overdue): the days past the
    grace days x the amount per day, as a negative amount (or 0)."""
    return _fen(-(max(0, days_late - grace_days) * per_day))


def rework_chargeback(kind: str, amount: Decimal | None, rate: Decimal | None,
                      original_commission: Decimal) -> Decimal:
    """What a free rework takes back from the first job's payee (app.commission_rework):
    the fixed amount, or rate % of the commission the first job paid them; negative."""
    if kind == "fixed":
        if amount is None:
            raise ValueError("a fixed rework rule needs an amount")
        return _fen(-amount)
    if kind == "commission_pct":
        if rate is None:
            raise ValueError("a percentage rework rule needs a rate")
        return _fen(-(original_commission * rate / HUNDRED))
    raise ValueError(f"unknown rework rule kind {kind!r}")


def auto_item_applies(auto: str | None, threshold: int | None,
                      lowest_score: int | None) -> bool:
    """Whether a survey with this lowest score triggers an automatic item
    (app.commission_auto_applies): survey_low at or below the threshold, survey_high at or
    above it; no other item (by hand, complaint) and no survey without scores."""
    if threshold is None or lowest_score is None:
        return False
    if auto == "survey_low":
        return lowest_score <= threshold
    if auto == "survey_high":
        return lowest_score >= threshold
    return False
