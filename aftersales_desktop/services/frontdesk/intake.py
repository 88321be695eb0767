"""Taking in a repair: the draft a form fills, its checks, and the save (one call)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import Connection

from aftersales_desktop.domain.masterdata import normalize_phone, validate_warranty_months
from aftersales_desktop.domain.refusals import refuse
from aftersales_desktop.domain.tickets import VISITS
from aftersales_desktop.domain.warranty import WARRANTY_CLASSES, WarrantyDecision, decide_warranty
from aftersales_desktop.domain.workdays import check_promised_date

from ._calls import as_json, call


def new_operation_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class IntakeDraft:
    """What the counter typed. `customer_id`/`device_id` None = a new one."""

    customer_id: int | None = None
    customer_name: str = ""
    phone: str = ""
    device_id: int | None = None
    product: str = ""
    brand: str = ""
    model: str = ""
    serial: str = ""
    purchase_date: date | None = None
    has_proof: bool = False
    warranty_months: int = 12
    fault: str = ""
    accessories: str = ""
    appearance: str = ""
    remarks: str = ""
    visit: str = "carry_in"
    address: str = ""
    region_id: int | None = None
    appointment_at: datetime | None = None
    urgent: bool = False
    promised_on: date | None = None
    human_damage: bool = False
    claim: bool = False
    warranty_class: str | None = None  # None: as the rule decides
    warranty_override_reason: str = ""
    rework_free: bool | None = None  # None: free when it is a rework
    rework_override_reason: str = ""
    technician_id: int | None = None
    work_type_id: int | None = None
    shelf: str = ""
    operation_id: str = field(default_factory=new_operation_id)
    # the inquiry (咨询) this ticket comes from: the intake links it (revision 0021)
    inquiry_id: int | None = None


@dataclass(frozen=True)
class IntakeResult:
    id: int
    number: str
    version: int
    repeated: bool
    warranty_class: str
    rework_of: str | None


def decide(draft: IntakeDraft, today: date) -> WarrantyDecision:
    return decide_warranty(purchase_date=draft.purchase_date,
                           warranty_months=draft.warranty_months, has_proof=draft.has_proof,
                           human_damage=draft.human_damage, claim=draft.claim, today=today)


def validate_intake(draft: IntakeDraft, today: date) -> IntakeDraft:
    """The draft cleaned up, or ValidationError naming the first bad field."""
    draft = replace(draft, customer_name=draft.customer_name.strip(),
                    fault=draft.fault.strip(), product=draft.product.strip(),
                    address=draft.address.strip())
    if draft.customer_id is None:
        if not draft.customer_name and not draft.phone.strip():
            raise refuse("customer_required")
        if not draft.customer_name:
            raise refuse("customer_name_required")
        draft = replace(draft, phone=normalize_phone(draft.phone, "phone"))
    if draft.device_id is None and not draft.product:
        raise refuse("product_required")
    validate_warranty_months(draft.warranty_months)
    decision = decide(draft, today)  # refuses a purchase date in the future
    if not draft.fault:
        raise refuse("fault_required")
    check_promised_date(draft.promised_on, today)
    if draft.visit not in VISITS:
        raise refuse("visit_invalid")
    if draft.visit == "on_site":
        if not draft.address:
            raise refuse("on_site_address_required")
        if draft.appointment_at is None:
            raise refuse("on_site_appointment_required")
    if draft.warranty_class is not None:
        if draft.warranty_class not in WARRANTY_CLASSES:
            raise refuse("warranty_class_invalid")
        if (draft.warranty_class != decision.warranty_class
                and not draft.warranty_override_reason.strip()):
            raise refuse("override_reason_required")
    if draft.rework_free is False and not draft.rework_override_reason.strip():
        raise refuse("rework_reason_required")
    return draft


def intake_payload(draft: IntakeDraft) -> dict[str, object]:
    device: dict[str, object] = {
        "product": draft.product, "brand": draft.brand.strip(), "model": draft.model.strip(),
        "serial": draft.serial.strip(), "purchase_date": draft.purchase_date,
        "has_proof": draft.has_proof, "warranty_months": draft.warranty_months}
    if draft.device_id is not None:
        device["id"] = draft.device_id
    payload: dict[str, object] = {
        "operation_id": draft.operation_id, "device": device, "fault": draft.fault,
        "accessories": draft.accessories.strip(), "appearance": draft.appearance.strip(),
        "remarks": draft.remarks.strip(), "visit": draft.visit, "address": draft.address,
        "region_id": draft.region_id, "appointment_at": draft.appointment_at,
        "urgent": draft.urgent, "promised_on": draft.promised_on,
        "human_damage": draft.human_damage, "claim": draft.claim,
        "warranty_class": draft.warranty_class,
        "warranty_override_reason": draft.warranty_override_reason.strip(),
        "rework_free": draft.rework_free,
        "rework_override_reason": draft.rework_override_reason.strip(),
        "technician_id": draft.technician_id, "work_type_id": draft.work_type_id,
        "shelf": draft.shelf.strip(), "inquiry_id": draft.inquiry_id}
    if draft.customer_id is not None:
        payload["customer_id"] = draft.customer_id
    else:
        payload["customer_name"] = draft.customer_name
        payload["phone"] = draft.phone
    return {k: v for k, v in payload.items() if v is not None}


def save_intake(conn: Connection, draft: IntakeDraft, today: date) -> IntakeResult:
    """Check the draft and save the ticket: one round trip. Resending the same draft
    (same operation id) after a lost answer returns the ticket saved the first time."""
    draft = validate_intake(draft, today)
    row = call(conn, "SELECT app.ticket_intake(CAST(:p AS jsonb))",
               {"p": as_json(intake_payload(draft))})
    return IntakeResult(id=int(row["id"]), number=row["number"],
                        version=int(row.get("version") or 1),
                        repeated=bool(row.get("repeated")),
                        warranty_class=row.get("warranty_class") or "",
                        rework_of=row.get("rework_of"))
