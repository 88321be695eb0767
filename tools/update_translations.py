"""Refresh resources/i18n: collect strings with pyside6-lupdate, compile with lrelease.

    python tools/update_translations.py          # update .ts from the code, compile .qm
    python tools/update_translations.py --check  # exit 1 if .ts is stale or unfinished

New strings arrive as type="unfinished"; translate them (Qt Linguist or by
editing the XML) and run the script again to compile.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "aftersales_desktop"
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ["zh_CN"]


def tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found is None:
        scripts = Path(sys.executable).parent
        candidate = scripts / f"pyside6-{name}"
        if candidate.exists():
            return str(candidate)
        raise SystemExit(f"pyside6-{name} not found (install PySide6-Essentials)")
    return found


def python_sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))


def lupdate(ts_file: Path) -> None:
    subprocess.run([tool("lupdate"), *python_sources(), "-no-obsolete", "-locations", "none",
                    "-target-language", ts_file.stem.split("_", 1)[1], "-ts", str(ts_file)],
                   cwd=ROOT, check=True, capture_output=True)


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([tool("lrelease"), str(ts_file), "-qm", str(qm_file)], check=True,
                   capture_output=True)


def messages(ts_file: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(context, source, disambiguation) -> (translation, type) for every message: one
    source with two disambiguations is two messages, each to translate."""
    result = {}
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            text = (translation.text or "") if translation is not None else ""
            kind = translation.get("type", "") if translation is not None else "missing"
            result[(name, message.findtext("source") or "",
                    message.findtext("comment") or "")] = (text, kind)
    return result


def _named(key: tuple[str, str, str]) -> str:
    return f"{key[1]!r} ({key[2]})" if key[2] else repr(key[1])


def check(language: str) -> list[str]:
    ts_file = I18N / f"aftersales_{language}.ts"
    problems = []
    if not ts_file.exists():
        return [f"{ts_file} missing"]
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / ts_file.name
        shutil.copy(ts_file, fresh)
        lupdate(fresh)
        current = messages(ts_file)
        expected = messages(fresh)
    for key in expected.keys() - current.keys():
        problems.append(f"not in {ts_file.name}: {_named(key)}")
    for key in current.keys() - expected.keys():
        problems.append(f"obsolete in {ts_file.name}: {_named(key)}")
    for key, (text, kind) in current.items():
        if kind in ("unfinished", "missing", "vanished", "obsolete") or not text.strip():
            problems.append(f"untranslated ({language}): {_named(key)}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    I18N.mkdir(parents=True, exist_ok=True)
    if args.check:
        problems = [p for language in LANGUAGES for p in check(language)]
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    for language in LANGUAGES:
        ts_file = I18N / f"aftersales_{language}.ts"
        lupdate(ts_file)
        lrelease(ts_file, ts_file.with_suffix(".qm"))
        unfinished = sum(1 for _t, kind in messages(ts_file).values() if kind == "unfinished")
        print(f"{ts_file.name}: {len(messages(ts_file))} strings, {unfinished} unfinished")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
