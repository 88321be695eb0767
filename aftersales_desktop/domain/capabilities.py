"""Display names of capabilities and position templates.

The catalogue itself lives in the database (app.capability, seeded by the
migrations in db/); these are its English labels, marked for translation. A
test keeps the two in step.
"""

from __future__ import annotations

from aftersales_desktop.core.i18n import QT_TR_NOOP

CAPABILITY_LABELS: dict[str, str] = {
    "intake.create": QT_TR_NOOP("Take in repairs"),
    "intake.edit": QT_TR_NOOP("Edit repair tickets"),
    "intake.cancel": QT_TR_NOOP("Cancel repair tickets"),
    "warranty.override": QT_TR_NOOP("Override the warranty decision"),
    "notice.send": QT_TR_NOOP("Send customer notices"),
    "settlement.collect": QT_TR_NOOP("Settle and collect payment"),
    "settlement.release_unsettled": QT_TR_NOOP("Release a unit without settlement"),
    "settlement.void": QT_TR_NOOP("Void a settlement"),
    "dispatch.assign": QT_TR_NOOP("Dispatch on-site jobs"),
    "requisition.create": QT_TR_NOOP("Requisition parts"),
    "requisition.edit": QT_TR_NOOP("Edit requisitions"),
    "stock.post": QT_TR_NOOP("Post stock documents"),
    "stock.edit_posted": QT_TR_NOOP("Edit posted stock documents"),
    "stocktake": QT_TR_NOOP("Count stock (stocktake)"),
    "costs.view": QT_TR_NOOP("See cost prices"),
    "contacts.view": QT_TR_NOOP("See customer phone numbers"),
    "callback.record": QT_TR_NOOP("Record callback surveys"),
    "review.approve": QT_TR_NOOP("Review finished jobs"),
    "review.undo": QT_TR_NOOP("Undo a review"),
    "complaint.handle": QT_TR_NOOP("Handle complaints"),
    "commission.view_own": QT_TR_NOOP("See own commission"),
    "commission.view_all": QT_TR_NOOP("See all commissions"),
    "commission.rules": QT_TR_NOOP("Set commission rules"),
    "commission.settle": QT_TR_NOOP("Settle monthly commissions"),
    "masterdata.edit": QT_TR_NOOP("Edit master data"),
    "reports.view": QT_TR_NOOP("View reports"),
    "data.export": QT_TR_NOOP("Export lists to Excel"),
    "operators.admin": QT_TR_NOOP("Administer operators"),
    "settings.admin": QT_TR_NOOP("Change shop settings"),
    "log.view": QT_TR_NOOP("Read the change log"),
}

TEMPLATE_LABELS: dict[str, str] = {
    "counter": QT_TR_NOOP("Counter staff"),
    "dispatcher": QT_TR_NOOP("Dispatcher"),
    "technician": QT_TR_NOOP("Technician"),
    "warehouse": QT_TR_NOOP("Warehouse clerk"),
    "callback": QT_TR_NOOP("Callback staff"),
    "manager": QT_TR_NOOP("Manager"),
    "administrator": QT_TR_NOOP("Administrator"),
}


def capability_state(capability: str, *, template: frozenset[str], granted: frozenset[str],
                     removed: frozenset[str]) -> bool:
    """Whether an operator ends up with `capability`: overrides beat the template."""
    if capability in granted:
        return True
    if capability in removed:
        return False
    return capability in template


def override_for(capability: str, wanted: bool, *, template: frozenset[str]) -> bool | None:
    """The override to store so the operator ends up with `wanted` (None = as template)."""
    if wanted == (capability in template):
        return None
    return wanted
