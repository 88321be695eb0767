"""A job's shares (分成) for the form: what is left of 100 %, an even split, and the
checks `app.job_shares_set` makes, so the dialog refuses before the round trip.

A share is a percentage with two decimals, each > 0 and <= 100; a job's shares are
distinct technicians whose shares sum to exactly 100.00 (none at all: 100 % to the job's
technician). The database decides (db/sql/commissions/job_shares_set.sql); these are the
same rules for instant feedback.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

from .refusals import refuse

HUNDRED = Decimal("100.00")
CENT = Decimal("0.01")
SHARES_MAX = 10  # app.job_shares_set takes at most this many rows

Share = tuple[int, Decimal]  # (employee id, share %)


def remainder(shares: Sequence[Decimal | None]) -> Decimal:
    """What is left of 100 % after the shares typed so far (negative when over)."""
    return HUNDRED - sum((s for s in shares if s is not None), Decimal(0))


def even_shares(count: int) -> list[Decimal]:
    """100 % split among `count` people to the hundredth: the first ones get the cents
    left over (3 -> 33.34, 33.33, 33.33), so the shares always sum to 100.00."""
    if count <= 0:
        return []
    base = (HUNDRED / count).quantize(CENT, rounding=ROUND_DOWN)
    left = int((HUNDRED - base * count) / CENT)
    return [base + (CENT if index < left else 0) for index in range(count)]


def check_shares(shares: Sequence[Share], names: dict[int, str] | None = None) -> list[Share]:
    """The shares as the server takes them, or the refusal of the first problem: a
    technician listed twice, a share not within 0.01..100, a sum other than 100.00.
    No shares at all is allowed (it clears them)."""
    seen: set[int] = set()
    for employee_id, share in shares:
        if employee_id in seen:
            raise refuse("job_shares_duplicate", field="shares",
                         name=(names or {}).get(employee_id, str(employee_id)))
        seen.add(employee_id)
        if not share.is_finite() or share != share.quantize(CENT) or not (
                Decimal(0) < share <= HUNDRED):
            raise refuse("job_shares_sum", field="shares", total=str(share))
    if len(shares) > SHARES_MAX:
        raise refuse("job_shares_sum", field="shares", total=str(len(shares)))
    if shares:
        total = sum((s for _e, s in shares), Decimal(0))
        if total != HUNDRED:
            raise refuse("job_shares_sum", field="shares", total=f"{total:.2f}")
    return [(e, s.quantize(CENT)) for e, s in shares]
