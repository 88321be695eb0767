"""A printed label's colon follows the script of its translation."""

import pytest

from aftersales_desktop.core.i18n import labelled


@pytest.mark.parametrize(("label", "value", "expected"), [
    ("电话", "0571-8888", "电话：0571-8888"),
    ("单号", "", "单号："),
    ("序列号（新）", "SN1", "序列号（新）：SN1"),
    ("Tel.", "0571-8888", "Tel.: 0571-8888"),
    ("Date", "", "Date:"),
    ("领料人", "", "领料人："),
])
def test_the_colon_follows_the_label(label: str, value: str, expected: str) -> None:
    assert labelled(label, value) == expected
