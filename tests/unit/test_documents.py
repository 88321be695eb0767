"""The document rules: typed cells, line arithmetic and totals, the scan rule, states,
checks before sending, and where a server refusal points."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from aftersales_desktop.core.errors import PermissionDenied, Refused, UserError, ValidationError
from aftersales_desktop.domain.documents import (
    DocumentLine,
    DocumentSpec,
    HeaderField,
    HeaderKind,
    LineItem,
    RefusalTarget,
    StaleDocument,
    TransitionRefused,
    amount_column,
    apply_scan,
    check_document,
    choice_column,
    code_column,
    document_totals,
    format_price,
    format_quantity,
    line_amount,
    live_flow,
    money_column,
    normalize_code,
    parse_cell,
    parse_header,
    percent_amount,
    posting_flow,
    quantity_column,
    refusal_target,
    scan_outcome,
    settlement_flow,
    text_column,
    with_computed,
)
from aftersales_desktop.domain.refusals import REFUSALS, refuse

QUANTITY = quantity_column()
DECIMAL_QUANTITY = quantity_column("counted", "Counted", decimals=2, allow_zero=True)
PRICE = money_column("price", "Price")
UNIT_COST = money_column("unit_cost", "Unit cost", decimals=4)
ADJUSTMENT = money_column("amount", "Amount", allow_negative=True)

RECEIPT = DocumentSpec(
    kind="stock_receipt", title="Purchase receipt", entity="stock",
    header=(HeaderField("warehouse", "Warehouse", HeaderKind.CHOICE, required=True),
            HeaderField("date", "Date", HeaderKind.DATE, required=True),
            HeaderField("remarks", "Remarks", max_length=10)),
    columns=(code_column(), text_column("name", "Name", from_item="name"), QUANTITY,
             money_column("price", "Price", from_item="price"), amount_column()),
    flow=posting_flow(post_capability="stock.post"))

REQUISITION = DocumentSpec(
    kind="requisition", title="Requisition", entity="requisition",
    header=(), flow=live_flow(), merge_on=("billed_to",),
    columns=(code_column(), text_column("name", "Name", from_item="name"), QUANTITY,
             money_column("price", "Price", from_item="price"),
             choice_column("billed_to", "Billed to", (("customer", "Customer"),
                                                      ("manufacturer", "Manufacturer")),
                           default="customer"),
             amount_column()))

COMPRESSOR = LineItem(item_id=1, code="P-1002", name="压缩机 1.5P", unit="台",
                      price=Decimal("420.00"), barcode="6901234567890")
CAPACITOR = LineItem(item_id=2, code="P-2001", name="电容", price=Decimal("3.50"))


def _error(column: Any, raw: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_cell(column, raw)
    assert caught.value.field == column.key
    return caught.value.text()


# -- typed cells ----------------------------------------------------------------------------

@pytest.mark.parametrize(("column", "raw", "expected"), [
    (QUANTITY, "2", Decimal(2)),
    (QUANTITY, " ２ ", Decimal(2)),  # full-width digits from a Chinese IME
    (QUANTITY, "2.0", Decimal(2)),
    (QUANTITY, "1,200", Decimal(1200)),
    (QUANTITY, 3, Decimal(3)),
    (QUANTITY, "", None),
    (QUANTITY, None, None),
    (DECIMAL_QUANTITY, "2.5", Decimal("2.50")),
    (DECIMAL_QUANTITY, "0", Decimal("0.00")),
    (DECIMAL_QUANTITY, 1.1, Decimal("1.10")),  # a spreadsheet float, read exactly
    (PRICE, "¥1,234.50", Decimal("1234.50")),
    (PRICE, "￥12", Decimal("12.00")),
    (PRICE, "12.5元", Decimal("12.50")),
    (PRICE, "0", Decimal("0.00")),
    (PRICE, "-0", Decimal("0.00")),
    (UNIT_COST, "5.1234", Decimal("5.1234")),
    (ADJUSTMENT, "-50", Decimal("-50.00")),
    (ADJUSTMENT, "-¥5.5", Decimal("-5.50")),
])
def test_cells_accept(column: Any, raw: Any, expected: Decimal | None) -> None:
    value = parse_cell(column, raw)
    assert value == expected
    if value is not None:
        assert str(value) == str(expected)  # the scale is the column's
        assert not value.is_signed() or value < 0  # no negative zero


@pytest.mark.parametrize(("column", "raw", "message", "code"), [
    (QUANTITY, "2.5", "Enter a whole number.", "whole_number_required"),
    (QUANTITY, "-1", "The quantity cannot be negative.", "quantity_negative"),
    (QUANTITY, "0", "The quantity must be more than zero.", "quantity_invalid"),
    (QUANTITY, "NaN", "NaN is not a number.", "number_invalid"),
    (QUANTITY, Decimal("NaN"), "NaN is not a number.", "number_invalid"),
    (QUANTITY, float("nan"), "nan is not a number.", "number_invalid"),
    (QUANTITY, float("inf"), "inf is not a number.", "number_invalid"),
    (QUANTITY, "Infinity", "Infinity is not a number.", "number_invalid"),
    (QUANTITY, "1e3", "1e3 is not a number.", "number_invalid"),
    (QUANTITY, "1,20", "1,20 is not a number.", "number_invalid"),
    (QUANTITY, "two", "two is not a number.", "number_invalid"),
    (QUANTITY, True, "True is not a number.", "number_invalid"),
    (QUANTITY, "1000000000", "The quantity is too large.", "quantity_too_large"),
    (QUANTITY, "9" * 40, "The quantity is too large.", "quantity_too_large"),
    (DECIMAL_QUANTITY, "2.555", "At most 2 decimals.", "decimals_too_many"),
    (PRICE, "12.345", "At most 2 decimals.", "decimals_too_many"),
    (PRICE, "-5", "The amount cannot be negative.", "amount_negative"),
    (PRICE, "abc", "abc is not an amount.", "amount_not_a_number"),
    (PRICE, Decimal("sNaN"), "sNaN is not an amount.", "amount_not_a_number"),
    (PRICE, "10000000000", "The amount is too large.", "amount_too_large"),
    (UNIT_COST, "5.12345", "At most 4 decimals.", "decimals_too_many"),
])
def test_cells_refuse(column: Any, raw: Any, message: str, code: str) -> None:
    """A cell refuses with a catalogue code at its column, with the catalogue's sentence."""
    assert _error(column, raw) == message
    with pytest.raises(Refused) as caught:
        parse_cell(column, raw)
    assert caught.value.code == code
    assert caught.value.message == REFUSALS[code].message


def test_choice_date_and_code_cells() -> None:
    billed = REQUISITION.column("billed_to")
    assert parse_cell(billed, "manufacturer") == "manufacturer"
    assert parse_cell(billed, "Manufacturer") == "manufacturer"
    assert "is not one of" in _error(billed, "shop")
    from aftersales_desktop.domain.documents import date_column
    when = date_column("when", "When")
    assert parse_cell(when, "2026-12-01") == date(2026, 12, 1)
    assert parse_cell(when, "2026/1/5") == date(2026, 1, 5)
    assert parse_cell(when, "20261201") == date(2026, 12, 1)
    assert "not a date" in _error(when, "2026-02-30")
    assert normalize_code(" ６９０１２３４５６７８９０\n") == "6901234567890"
    assert parse_cell(code_column(), "  p-1002 ") == "p-1002"
    assert parse_cell(code_column(), "   ") is None
    long_text = text_column("note", "Note", editable=True, max_length=5)
    assert "at most 5" in _error(long_text, "123456")


# -- arithmetic and totals ------------------------------------------------------------------

def test_line_amount_rounds_half_up_to_the_fen() -> None:
    assert line_amount(Decimal(2), Decimal("420.00")) == Decimal("840.00")
    assert line_amount(Decimal(3), Decimal("0.335")) == Decimal("1.01")  # 1.005 -> 1.01
    assert line_amount(Decimal("0.5"), Decimal("0.01")) == Decimal("0.01")  # 0.005 -> 0.01
    assert line_amount(Decimal(3), Decimal("1.1115")) == Decimal("3.33")  # 3.3345
    assert line_amount(None, Decimal(1)) is None
    assert line_amount(Decimal(1), None) is None
    assert percent_amount(Decimal("150.00"), Decimal("12.5")) == Decimal("18.75")
    assert percent_amount(Decimal("33.33"), Decimal("5")) == Decimal("1.67")  # 1.6665
    assert percent_amount(Decimal("-40.00"), Decimal("10")) == Decimal("-4.00")


def test_total_is_the_sum_of_rounded_line_amounts() -> None:
    lines = [{"quantity": Decimal(1), "price": Decimal("0.335")} for _ in range(3)]
    spec = DocumentSpec(kind="t", title="t", header=(), entity="t", flow=live_flow(),
                        columns=(QUANTITY, money_column("price", "Price", decimals=4),
                                 amount_column()))
    totals = document_totals(spec, lines)
    # each line 0.335 -> 0.34; the printed slip adds 3 x 0.34 = 1.02, not round(1.005)
    assert totals.sums == {"quantity": Decimal(3), "amount": Decimal("1.02")}
    assert totals.lines == 3
    assert with_computed(spec, lines[0])["amount"] == Decimal("0.34")


def test_totals_skip_missing_values() -> None:
    lines: list[dict[str, Any]] = [{"quantity": Decimal(2), "price": Decimal("420.00")},
             {"quantity": Decimal(5), "price": None},
             {"quantity": None, "price": Decimal("9.99")}]
    totals = document_totals(RECEIPT, lines)
    assert totals.sums == {"quantity": Decimal(7), "amount": Decimal("840.00")}
    assert totals.lines == 3


def test_how_quantities_and_money_read() -> None:
    assert format_quantity(Decimal("2.500")) == "2.5"
    assert format_quantity(Decimal("100")) == "100"
    assert format_quantity(Decimal("1200")) == "1,200"
    assert format_quantity(Decimal("0.00")) == "0"
    assert format_price(Decimal("420")) == "¥420.00"
    assert format_price(Decimal("1234.5")) == "¥1,234.50"
    assert format_price(Decimal("-12.345")) == "-¥12.35"
    assert format_price(Decimal("5.1234"), 4) == "¥5.1234"
    assert format_price(Decimal("5.1000"), 4) == "¥5.10"
    assert format_price(None) == ""


# -- the scan rule ----------------------------------------------------------------------------

def test_a_repeated_scan_adds_one_to_its_line() -> None:
    lines, at = apply_scan(RECEIPT, (), COMPRESSOR)
    assert at == 0 and len(lines) == 1
    assert lines[0].item_id == 1
    assert lines[0].values == {"code": "P-1002", "name": "压缩机 1.5P",
                               "quantity": Decimal(1), "price": Decimal("420.00")}
    lines, at = apply_scan(RECEIPT, lines, CAPACITOR)
    assert at == 1 and len(lines) == 2
    lines, at = apply_scan(RECEIPT, lines, COMPRESSOR)
    assert at == 0 and len(lines) == 2
    assert lines[0].values["quantity"] == Decimal(2)
    assert lines[1].values["quantity"] == Decimal(1)


def test_scan_does_not_add_to_locked_or_differently_billed_lines() -> None:
    locked = DocumentLine({"code": "P-1002", "quantity": Decimal(4)}, item_id=1, locked=True)
    outcome = scan_outcome(RECEIPT, [locked], COMPRESSOR)
    assert outcome.index is None and outcome.new_values is not None
    manufacturer = DocumentLine({"code": "P-1002", "quantity": Decimal(1),
                                 "billed_to": "manufacturer"}, item_id=1)
    outcome = scan_outcome(REQUISITION, [manufacturer], COMPRESSOR)
    assert outcome.index is None
    assert outcome.new_values is not None and outcome.new_values["billed_to"] == "customer"
    outcome = scan_outcome(REQUISITION, [manufacturer], COMPRESSOR,
                           given={"billed_to": "manufacturer"})
    assert outcome.index == 0 and outcome.quantity == Decimal(2)


def test_scan_adds_what_was_typed_and_refuses_too_much() -> None:
    line = DocumentLine({"code": "P-1002", "quantity": Decimal(3)}, item_id=1)
    outcome = scan_outcome(RECEIPT, [line], COMPRESSOR, given={"quantity": Decimal(5)})
    assert (outcome.index, outcome.quantity) == (0, Decimal(8))
    # a line whose quantity did not parse takes no increments: the scan is a new line
    broken = DocumentLine({"code": "P-1002", "quantity": None}, item_id=1)
    assert scan_outcome(RECEIPT, [broken], COMPRESSOR).index is None
    full = DocumentLine({"code": "P-1002", "quantity": Decimal(999_999_999)}, item_id=1)
    with pytest.raises(ValidationError) as caught:
        scan_outcome(RECEIPT, [full], COMPRESSOR)
    assert caught.value.field == "quantity"


# -- states ------------------------------------------------------------------------------------

POSTING = posting_flow(post_capability="stock.post")
CLERK = frozenset({"stock.post"})


@pytest.mark.parametrize(("action", "state", "capabilities", "target"), [
    ("post", "draft", CLERK, "posted"),
    ("cancel", "posted", CLERK, "cancelled"),
])
def test_allowed_transitions(action: str, state: str, capabilities: frozenset[str],
                             target: str) -> None:
    assert POSTING.check(action, state, capabilities).target == target


@pytest.mark.parametrize(("action", "state", "capabilities", "refusal"), [
    ("post", "posted", CLERK, TransitionRefused),
    ("post", "cancelled", CLERK, TransitionRefused),
    ("cancel", "draft", CLERK, TransitionRefused),
    ("cancel", "cancelled", CLERK, TransitionRefused),  # a second cancel
    ("post", "draft", frozenset(), PermissionDenied),
    ("cancel", "posted", frozenset({"requisition.create"}), PermissionDenied),
    ("settle", "draft", CLERK, TransitionRefused),
])
def test_refused_transitions(action: str, state: str, capabilities: frozenset[str],
                             refusal: type[UserError]) -> None:
    with pytest.raises(refusal) as caught:
        POSTING.check(action, state, capabilities)
    if refusal is PermissionDenied:
        assert "Post stock documents" in caught.value.text()


def test_a_refused_transition_names_the_state_in_the_operators_language() -> None:
    with pytest.raises(TransitionRefused) as caught:
        POSTING.check("post", "posted", CLERK)
    assert (caught.value.code, caught.value.field) == ("document_state", "")
    assert caught.value.text() == "This cannot be done to a Posted document."
    chinese = {"This cannot be done to a {state} document.": "{state}的单据不能这样操作。",
               "Posted": "已过账"}
    assert caught.value.text(lambda s: chinese.get(s, s)) == "已过账的单据不能这样操作。"


def test_a_stale_document_is_the_catalogues_refusal() -> None:
    made = StaleDocument(who="王芳", when="2026-12-01 10:00")
    raised = refuse("document_stale", error_class=StaleDocument, who="王芳",
                    when="2026-12-01 10:00")
    for error in (made, raised):
        assert (error.code, error.field, error.message) == (
            "document_stale", "", REFUSALS["document_stale"].message)
        assert error.text().startswith("The document was changed by 王芳 at 2026-12-01 10:00")


def test_flows_offer_what_the_operator_may_do() -> None:
    assert [t.action for t in POSTING.available("draft", CLERK)] == ["post"]
    assert [t.action for t in POSTING.available("posted", CLERK)] == ["cancel"]
    assert POSTING.available("cancelled", CLERK) == ()
    assert POSTING.available("draft", frozenset()) == ()
    assert POSTING.state("draft").editable and not POSTING.state("posted").editable
    assert POSTING.state("posted").amendable and not POSTING.state("cancelled").amendable
    statements = settlement_flow(confirm_capability="commission.view_all",
                                 settle_capability="commission.settle")
    manager = frozenset({"commission.view_all", "commission.settle"})
    assert [t.action for t in statements.available("confirmed", manager)] == [
        "reopen", "settle"]
    assert statements.check("reopen", "confirmed", manager).target == "draft"
    with pytest.raises(TransitionRefused):
        statements.check("settle", "draft", manager)
    with pytest.raises(PermissionDenied):
        statements.check("settle", "confirmed", frozenset({"commission.view_all"}))
    assert statements.available("settled", manager) == ()
    requisitions = live_flow()
    assert requisitions.initial == "open" and requisitions.state("open").editable
    assert not requisitions.state("frozen").editable


# -- checks before sending ------------------------------------------------------------------------

def test_check_document_names_header_fields_and_lines() -> None:
    good = DocumentLine({"code": "P-1002", "quantity": Decimal(1),
                         "price": Decimal("1.00")}, item_id=1)
    unknown = DocumentLine({"code": "NOPE", "quantity": Decimal(1),
                            "price": Decimal("1.00")})
    no_price = DocumentLine({"code": "P-2001", "quantity": Decimal(1)}, item_id=2)
    problems = check_document(RECEIPT, {"warehouse": None, "date": date(2026, 12, 1)},
                              [good, unknown, no_price])
    assert [getattr(p.error, "code", None) for p in problems] == [
        "value_required", "item_code_unknown", "value_required"]
    found = [(p.line, p.error.field, p.error.text()) for p in problems]
    assert found == [
        (None, "warehouse", "This field is required."),
        (2, "code", "No item has the code or barcode NOPE."),
        (3, "price", "This field is required."),
    ]
    assert [(p.line, p.error.field) for p in check_document(
        RECEIPT, {"warehouse": 1, "date": date(2026, 12, 1)}, [])] == [(None, "lines")]
    assert check_document(RECEIPT, {"warehouse": 1, "date": "2026-12-01"}, [good]) == []


def test_parse_header() -> None:
    header, errors = parse_header(RECEIPT, {"warehouse": 3, "date": "2026-12-01",
                                            "remarks": "  急件  "})
    assert header == {"warehouse": 3, "date": date(2026, 12, 1), "remarks": "急件"}
    assert errors == []
    _, errors = parse_header(RECEIPT, {"warehouse": 3, "date": "tomorrow",
                                       "remarks": "x" * 11})
    assert [e.field for e in errors] == ["date", "remarks"]


# -- where refusals point ---------------------------------------------------------------

class _Refusal(UserError):
    def __init__(self, field: str = "", detail: str = "", **extra: Any) -> None:
        self.field = field
        super().__init__("refused {detail}", detail=detail)
        for key, value in extra.items():
            setattr(self, key, value)


@pytest.mark.parametrize(("error", "target"), [
    (_Refusal(detail="line 3"), RefusalTarget(line=3)),
    (_Refusal(detail="Line 3: quantity"), RefusalTarget(line=3, column="quantity")),
    (_Refusal(detail="line 3: nonsense"), RefusalTarget(line=3)),
    (_Refusal(detail="第2行"), RefusalTarget(line=2)),
    (_Refusal("lines", "2"), RefusalTarget(line=2)),
    (_Refusal("lines[2].price"), RefusalTarget(line=2, column="price")),
    (_Refusal("lines.4"), RefusalTarget(line=4)),
    (_Refusal("quantity", "line 4"), RefusalTarget(line=4, column="quantity")),
    (_Refusal(line=5, column="price"), RefusalTarget(line=5, column="price")),
    (_Refusal("warehouse"), RefusalTarget(header_field="warehouse")),
    (_Refusal("paid", "12"), RefusalTarget()),  # a number that is no line
    (_Refusal("", "12.00"), RefusalTarget()),
    (_Refusal("price"), RefusalTarget(column="price")),
    (RuntimeError("boom"), RefusalTarget()),
])
def test_refusal_target(error: BaseException, target: RefusalTarget) -> None:
    assert refusal_target(RECEIPT, error) == target
