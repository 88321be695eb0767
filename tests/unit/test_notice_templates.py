"""Notice templates: placeholders, literal braces, errors, defaults and SMS length."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from aftersales_desktop.core.errors import ValidationError
from aftersales_desktop.domain import notices
from aftersales_desktop.domain.notices import (
    DEFAULT_TEMPLATES,
    NOTICE_KINDS,
    PLACEHOLDERS,
    TemplateError,
    check_template,
    render_template,
    sms_length,
    sms_segments,
    template_placeholders,
)

ROOT = Path(__file__).resolve().parents[2]

# what a typical shop fills in; every default template must fit one SMS with these
TYPICAL_VALUES: dict[str, str] = {
    "customer": "王先生",
    "ticket": "WX20240612-0031",
    "device": "美的空调",
    "promised_date": "6月12日",
    "new_date": "6月20日",
    "part": "压缩机",
    "shop": "城东维修中心",
    "shop_phone": "0571-88886666",
    "amount": "128.00",
}

# (template, values, expected text)
RENDER_CASES: list[tuple[str, dict[str, str], str]] = [
    ("", {}, ""),
    ("no placeholders", {"customer": "x"}, "no placeholders"),
    ("{customer}您好", {"customer": "张女士"}, "张女士您好"),
    ("{customer}{customer}", {"customer": "A"}, "AA"),
    ("单号{ticket}，{device}", {"ticket": "WX20240101-0001", "device": "冰箱"},
     "单号WX20240101-0001，冰箱"),
    ("{promised_date}->{new_date}", {"promised_date": "1日", "new_date": "9日"}, "1日->9日"),
    ("{part}/{shop}/{shop_phone}/{amount}",
     {"part": "门封", "shop": "店", "shop_phone": "123", "amount": "9.50"}, "门封/店/123/9.50"),
    # a missing value renders as nothing; extra values are ignored
    ("[{customer}]", {}, "[]"),
    ("[{amount}]", {"customer": "x", "not_a_placeholder": "y"}, "[]"),
    # literal braces
    ("{{literal}}", {}, "{literal}"),
    ("{{{customer}}}", {"customer": "A"}, "{A}"),
    ("a}}b{{c", {}, "a}b{c"),
    ("{{customer}}", {"customer": "A"}, "{customer}"),
    # values are inserted as they are, never read as placeholders
    ("{customer}", {"customer": "{ticket}"}, "{ticket}"),
    ("{customer}", {"customer": "}{"}, "}{"),
]


@pytest.mark.parametrize(("template", "values", "expected"), RENDER_CASES)
def test_render_template(template: str, values: dict[str, str], expected: str) -> None:
    check_template(template)
    assert render_template(template, values) == expected


def test_none_value_renders_empty() -> None:
    assert render_template("<{customer}>", {"customer": None}) == "<>"  # type: ignore[dict-item]


# (template, offending placeholder)
UNKNOWN_CASES: list[tuple[str, str]] = [
    ("{name}", "{name}"),
    ("{customer} {Customer}", "{Customer}"),
    ("hello {}", "{}"),
    ("{ customer }", "{ customer }"),
    ("{customer:>10}", "{customer:>10}"),
    ("{customer!r}", "{customer!r}"),
    ("{customer.name}", "{customer.name}"),
    ("{0}", "{0}"),
    ("您好{客户}", "{客户}"),
]


@pytest.mark.parametrize(("template", "placeholder"), UNKNOWN_CASES)
def test_unknown_placeholder(template: str, placeholder: str) -> None:
    for call in (lambda: check_template(template), lambda: render_template(template, {})):
        with pytest.raises(TemplateError) as caught:
            call()
        error = caught.value
        assert isinstance(error, ValidationError)
        assert error.field == "template"
        assert error.placeholder == placeholder
        assert error.message == notices.UNKNOWN_PLACEHOLDER
        assert placeholder in str(error)
        assert "{customer}" in str(error)  # lists what may be used


# (template, 1-based position of the unpaired brace)
UNBALANCED_CASES: list[tuple[str, int]] = [
    ("{", 1),
    ("}", 1),
    ("abc{customer", 4),
    ("abc}", 4),
    ("{customer}}", 11),
    ("{{customer}", 11),
    ("{cus{tomer}", 1),
    ("ok {{ {customer} }", 18),
    ("单号{ticket", 3),
]


@pytest.mark.parametrize(("template", "position"), UNBALANCED_CASES)
def test_unbalanced_brace(template: str, position: int) -> None:
    with pytest.raises(TemplateError) as caught:
        check_template(template)
    assert caught.value.field == "template"
    assert caught.value.position == position
    assert caught.value.message == notices.UNBALANCED_BRACE
    assert f"character {position} " in str(caught.value)
    with pytest.raises(TemplateError):
        render_template(template, TYPICAL_VALUES)


def test_template_placeholders_in_order_of_first_use() -> None:
    assert template_placeholders("{shop}{customer}{{x}}{shop}") == ["shop", "customer"]
    assert template_placeholders(DEFAULT_TEMPLATES["repaired"]) == [
        "customer", "device", "ticket", "shop", "shop_phone"]


def test_placeholder_names() -> None:
    assert set(PLACEHOLDERS) == {"customer", "ticket", "device", "promised_date", "new_date",
                                 "part", "shop", "shop_phone", "amount"}


def test_every_kind_has_a_default_template() -> None:
    assert set(DEFAULT_TEMPLATES) == set(NOTICE_KINDS) == {
        "repaired", "parts_arrived", "period_extended", "waiting_parts", "preorder_waiting"}
    assert set(notices.CHANNEL_LABELS) == {"phone", "sms", "email"}


@pytest.mark.parametrize("kind", sorted(DEFAULT_TEMPLATES))
def test_default_templates_are_valid_and_fit_one_sms(kind: str) -> None:
    template = DEFAULT_TEMPLATES[kind]
    check_template(template)
    assert template_placeholders(template), "a default template names the customer's things"
    text = render_template(template, TYPICAL_VALUES)
    assert "{" not in text and "}" not in text
    assert sms_segments(text) == 1, (len(text), text)


def test_default_templates_match_the_database_seed() -> None:
    """"Restore default" must give back what a new shop database starts with."""
    path = ROOT / "db" / "versions" / "0008_front_desk_schema.py"
    spec = importlib.util.spec_from_file_location("revision_0008", path)
    assert spec is not None and spec.loader is not None
    revision = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision)
    assert revision.TEMPLATES == DEFAULT_TEMPLATES


# (text, SMS parts)
SEGMENT_CASES: list[tuple[str, int]] = [
    ("", 0),
    ("a", 1),
    ("a" * 160, 1),
    ("a" * 161, 2),
    ("a" * 306, 2),
    ("a" * 307, 3),
    ("Hello @ £ $ ¥ é Ä ñ à", 1),  # all in the GSM alphabet
    ("{" * 80, 1),  # extension characters count twice: 160 septets
    ("{" * 80 + "a", 2),
    ("a" * 152 + "€" + "a" * 152, 3),  # an escape pair is not split between parts
    ("中", 1),
    ("中" * 70, 1),
    ("中" * 71, 2),
    ("中" * 134, 2),
    ("中" * 135, 3),
    ("a" * 69 + "中", 1),  # one non-GSM character makes all of it UCS-2
    ("a" * 70 + "中", 2),
    ("`" * 70, 1),  # backtick is not in the GSM alphabet
    ("`" * 71, 2),
    ("😀" * 35, 1),  # outside the BMP: two UTF-16 units each
    ("😀" * 36, 2),
    ("a" * 66 + "😀" + "a" * 66, 3),  # a surrogate pair is not split either
]


@pytest.mark.parametrize(("text", "parts"), SEGMENT_CASES)
def test_sms_segments(text: str, parts: int) -> None:
    assert sms_segments(text) == parts


def test_sms_length() -> None:
    assert sms_length("abc") == 3
    assert sms_length("a€") == 3
    assert sms_length("中文") == 2
    assert sms_length("中😀") == 3


# ---- a template is refused when a notice would go out with a gap ----------------------

def _settings(**changes: object):  # type: ignore[no-untyped-def]
    from aftersales_desktop.services.frontdesk.settings import FrontDeskSettings

    base = FrontDeskSettings(shop_name="城东维修中心", shop_phone="0571-88886666",
                             templates=dict(DEFAULT_TEMPLATES))
    return FrontDeskSettings(**{**base.__dict__, **changes})


def test_the_default_templates_save_once_the_shop_is_filled_in() -> None:
    from aftersales_desktop.services.frontdesk.settings import validate

    validate(_settings())


@pytest.mark.parametrize(("changes", "field", "code"), [
    # the seed's templates name the shop's phone, which a new shop has not entered
    ({"shop_phone": " "}, "template_repaired", "template_value_missing"),
    # a ticket's notice knows no part and no amount; a pre-order's no ticket number
    ({"templates": {**DEFAULT_TEMPLATES, "waiting_parts": "{customer}：{part}在途"}},
     "template_waiting_parts", "template_value_unknown"),
    ({"templates": {**DEFAULT_TEMPLATES, "preorder_waiting": "{customer}：{ticket}"}},
     "template_preorder_waiting", "template_value_unknown"),
])
def test_a_template_with_a_value_nobody_fills_is_refused(changes: dict[str, object],
                                                         field: str, code: str) -> None:
    from aftersales_desktop.core.errors import Refused
    from aftersales_desktop.services.frontdesk.settings import validate

    with pytest.raises(Refused) as caught:
        validate(_settings(**changes))
    assert (caught.value.field, caught.value.code) == (field, code)


def test_every_default_template_uses_only_values_its_notice_has() -> None:
    for kind, template in DEFAULT_TEMPLATES.items():
        assert set(template_placeholders(template)) <= notices.KIND_VALUES[kind], kind


def test_missing_values_names_the_gaps_in_order() -> None:
    assert notices.missing_values("{shop}电话{shop_phone}{customer}",
                                  {"shop": "店", "shop_phone": " ", "customer": None}) == [
        "shop_phone", "customer"]
