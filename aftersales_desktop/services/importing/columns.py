"""The columns of the import workbooks, shared by the reader and the template writer.

Headers carry Chinese and English ("手机 Phone"); the reader also accepts either half
alone, so a shop that retyped the header in one language is still understood.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from aftersales_desktop.core.i18n import QT_TR_NOOP


class CellKind(StrEnum):
    """What a column holds, for reading it and for formatting its cells."""

    TEXT = "text"      # free text: names, addresses, notes
    CODE = "code"      # codes, serials, barcodes, models: exactly as typed, zeros matter
    PHONE = "phone"    # phone numbers: as typed (a landline starts with 0)
    DATE = "date"
    BOOL = "bool"      # 是 / 否
    NUMBER = "number"
    MONEY = "money"
    CHOICE = "choice"  # one of a list of names (grade, kind)


@dataclass(frozen=True)
class ImportColumn:
    key: str
    chinese: str
    english: str
    required: bool = False
    note: str = ""  # English source string (QT_TR_NOOP) shown in the template
    example: object = None
    width: int = 14
    kind: CellKind = CellKind.TEXT

    @property
    def header(self) -> str:
        return f"{self.chinese} {self.english}"

    @property
    def keeps_text(self) -> bool:
        """Cells are text in the workbook (format "@"), so Excel keeps leading zeros and
        long digit strings; a number found in such a column may have lost them."""
        return self.kind in (CellKind.CODE, CellKind.PHONE)


ACTIVE_NOTE = QT_TR_NOOP("是 or 否 (yes or no): 否 deactivates the record; blank keeps it as "
                         "it is (a new record is active).")



def key_columns(code: str, code_note: str, code_example: str, name: str, name_example: str,
                name_width: int) -> tuple[ImportColumn, ImportColumn]:
    """The two columns every workbook starts with and requires: the code, which is the key
    (a code already in the database updates that record), and the name (at most 100
    characters); _common.read_code_and_name checks them."""
    return (ImportColumn("code", code, "Code", True, code_note, code_example, 14, CellKind.CODE),
            ImportColumn("name", name, "Name", True,
                         QT_TR_NOOP("Required, at most 100 characters."), name_example,
                         name_width))


CUSTOMER_SHEET = "客户 Customers"
PRODUCT_SHEET = "产品 Products"

CUSTOMER_COLUMNS: tuple[ImportColumn, ...] = (
    *key_columns("客户编码", QT_TR_NOOP(
        "Required. 1-30 letters, digits, - or _. Importing the same code again updates that "
        "customer instead of adding a new one."), "C000101", "姓名", "张伟", 12),
    ImportColumn("phone", "手机", "Phone", False,
                 QT_TR_NOOP("The main number: an 11-digit mobile or a landline with its area "
                            "code (010-12345678)."), "13812345678", 16, CellKind.PHONE),
    ImportColumn("other_phones", "其他电话", "Other phones", False,
                 QT_TR_NOOP("More numbers, separated by commas."), "0571-88886666", 18,
                 CellKind.PHONE),
    ImportColumn("grade", "客户等级", "Grade", False,
                 QT_TR_NOOP("个人 Individual, 经销商 Dealer, 商超 Hypermarket or 企业 Corporate; "
                            "blank: Individual."), "个人", 10, CellKind.CHOICE),
    ImportColumn("address", "地址", "Address", False, QT_TR_NOOP("At most 200 characters."),
                 "杭州市西湖区文三路100号", 28),
    ImportColumn("source", "来源", "Source", False, QT_TR_NOOP("How the customer found the shop."),
                 "老客户介绍", 12),
    ImportColumn("notes", "备注", "Notes", False, QT_TR_NOOP("At most 1000 characters."), "", 16),
    ImportColumn("active", "启用", "Active", False, ACTIVE_NOTE, "是", 8, CellKind.BOOL),
    ImportColumn("product", "产品", "Product", False,
                 QT_TR_NOOP("Device columns: one row per device, with the customer columns "
                            "repeated. Leave them blank for a customer without a device."),
                 "空调", 10),
    ImportColumn("brand", "品牌", "Brand", False, "", "格力", 10),
    ImportColumn("model", "型号", "Model", False, "", "KFR-35GW", 14, CellKind.CODE),
    ImportColumn("serial", "序列号", "Serial", False,
                 QT_TR_NOOP("A device is imported once per customer: by serial number, or by "
                            "brand, model and purchase date when it has none."),
                 "GL2023050188", 16, CellKind.CODE),
    ImportColumn("purchase_date", "购买日期", "Purchase date", False,
                 QT_TR_NOOP("A date (2023-05-01), not in the future."), None, 14, CellKind.DATE),
    ImportColumn("purchase_place", "购买地点", "Purchase place", False, "", "苏宁文三路店", 16),
    ImportColumn("has_proof", "有凭证", "Proof (是/否)", False,
                 QT_TR_NOOP("是 or 否 (yes or no); blank: no."), "是", 10, CellKind.BOOL),
    ImportColumn("warranty_months", "保修月数", "Warranty months", False,
                 QT_TR_NOOP("Whole months, 0 to 120; blank: 12."), 36, 10, CellKind.NUMBER),
)

PRODUCT_COLUMNS: tuple[ImportColumn, ...] = (
    *key_columns("编码", QT_TR_NOOP(
        "Required. 1-30 letters, digits, - or _. Importing the same code again updates that "
        "item instead of adding a new one."), "P-KT-001", "名称", "空调遥控器", 18),
    ImportColumn("category", "类别", "Category", False,
                 QT_TR_NOOP("An existing category, written as its path, for example 空调/配件. "
                            "Create missing categories first."), "空调/配件", 14),
    ImportColumn("kind", "类型", "Kind", False,
                 QT_TR_NOOP("成品 (product) or 配件 (part); blank: part."), "配件", 8,
                 CellKind.CHOICE),
    ImportColumn("brand", "品牌", "Brand", False, "", "格力", 10),
    ImportColumn("model", "型号", "Model", False, "", "YB1FA", 12, CellKind.CODE),
    ImportColumn("unit", "单位", "Unit", False, QT_TR_NOOP("At most 10 characters; blank: 个."),
                 "个", 8),
    ImportColumn("barcode", "条码", "Barcode", False,
                 QT_TR_NOOP("Optional; unique across items."), "6901234567890", 16, CellKind.CODE),
    ImportColumn("sale_price", "售价", "Sale price", False,
                 QT_TR_NOOP("An amount, not negative, at most 2 decimals; blank: 0."), 35, 10,
                 CellKind.MONEY),
    ImportColumn("cost_price", "成本价", "Cost price", False,
                 QT_TR_NOOP("Optional. Importing cost prices needs the costs.view permission."),
                 18.5, 10, CellKind.MONEY),
    ImportColumn("warranty_months", "保修月数", "Warranty months", False,
                 QT_TR_NOOP("Whole months, 0 to 120; blank: 12."), 6, 10, CellKind.NUMBER),
    ImportColumn("min_stock", "最低库存", "Min stock", False,
                 QT_TR_NOOP("Not negative; blank: 0."), 5, 10, CellKind.NUMBER),
    ImportColumn("active", "启用", "Active", False, ACTIVE_NOTE, "是", 8, CellKind.BOOL),
)


def column(columns: tuple[ImportColumn, ...], key: str) -> ImportColumn:
    for found in columns:
        if found.key == key:
            return found
    raise KeyError(key)
