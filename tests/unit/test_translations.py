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


def _marked_strings_lupdate_misses(path: Path) -> list[str]:
    """tr()/QT_TR_NOOP() calls whose text pyside6-lupdate does not collect: a single-quoted
    literal (it reads only "..."), or no literal at all (an f-string, a variable)."""
    import ast

    text = path.read_text(encoding="utf-8")
    missed = []
    for node in ast.walk(ast.parse(text)):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name != "QT_TR_NOOP" and not (name == "tr" and isinstance(node.func, ast.Name)):
            continue
        first = node.args[0]
        segment = ast.get_source_segment(text, first) or ""
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            if segment.lstrip("rbu").startswith("'"):
                missed.append(f"{path.name}:{node.lineno}: {segment}")
        elif name == "QT_TR_NOOP" or isinstance(first, ast.JoinedStr):
            missed.append(f"{path.name}:{node.lineno}: {segment}")
    return missed


def test_every_marked_string_is_one_lupdate_collects() -> None:
    """A string lupdate never sees is never in the .ts, so no test of the .ts finds it
    untranslated: the slip's 'Document no.' and the summary's 'All columns' were English."""
    missed = [m for path in sorted(i18n.SOURCES.rglob("*.py"))
              for m in _marked_strings_lupdate_misses(path)]
    assert missed == [], "\n".join(missed)


def test_the_check_sees_single_quotes(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("x = QT_TR_NOOP('Late')\ny = tr(\"Fine\")\nz = tr(f\"{y}\")\n",
                       encoding="utf-8")
    assert [m.split(": ", 1)[1] for m in _marked_strings_lupdate_misses(planted)] == [
        "'Late'", 'f"{y}"']
