"""zh_CN is complete: every string in the code is in the .ts, translated, and compiled."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import update_translations as i18n  # noqa: E402

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _lupdate_available() -> bool:
    try:
        i18n.tool("lupdate")
    except SystemExit:
        return False
    return True


@pytest.mark.skipif(not _lupdate_available(), reason="pyside6-lupdate not installed")
def test_zh_cn_has_every_string_translated() -> None:
    problems = i18n.check("zh_CN")
    assert problems == [], "\n".join(problems[:30])


def test_placeholders_survive_translation() -> None:
    ts_file = i18n.I18N / "aftersales_zh_CN.ts"
    for (_context, source, _disambiguation), (text, _kind) in i18n.messages(ts_file).items():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), source


def test_compiled_qm_matches_ts(tmp_path: Path) -> None:
    ts_file = i18n.I18N / "aftersales_zh_CN.ts"
    shipped = ts_file.with_suffix(".qm")
    assert shipped.exists(), "run tools/update_translations.py"
    if shutil.which("pyside6-lrelease") is None and not _lupdate_available():
        pytest.skip("lrelease not installed")
    fresh = tmp_path / "fresh.qm"
    i18n.lrelease(ts_file, fresh)
    assert fresh.read_bytes() == shipped.read_bytes(), "run tools/update_translations.py"
