"""The receipt font: the machine's TrueType Chinese family with its bold face, else our own."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from aftersales_desktop.reports import fonts

DATA = Path(__file__).resolve().parent.parent / "data"
HANZI_ONLY = DATA / "hanzi-only.ttf"  # 中文维修单 and nothing else: no Latin, no digits


@pytest.fixture(autouse=True)
def _fresh_fonts() -> Iterator[None]:
    fonts.reset_fonts()
    yield
    fonts.reset_fonts()


def _bundled(style: str = "Regular") -> Path:
    return fonts.bundled_font_dir() / f"AftersalesSansSC-{style}.ttf"


def _offer(monkeypatch: pytest.MonkeyPatch, *candidates: tuple[str, str | None]) -> None:
    """Make these the machine's font files, and nothing else."""
    monkeypatch.setattr(fonts, "_candidates", lambda: iter(candidates))


def test_the_program_ships_its_font_with_its_licence() -> None:
    folder = fonts.bundled_font_dir()
    for style in ("Regular", "Bold"):
        assert _bundled(style).stat().st_size < 3_000_000, "subset it (tools/build_bundled_font.py)"
    assert "SIL OPEN FONT LICENSE Version 1.1" in (folder / "OFL.txt").read_text(encoding="utf-8")


def test_the_shipped_font_prints_gb2312_latin_and_digits() -> None:
    gb2312 = []
    for lead in range(0xB0, 0xF8):  # the 6,763 hanzi
        for trail in range(0xA1, 0xFF):
            try:
                gb2312.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    assert len(gb2312) == 6763
    for style in ("Regular", "Bold"):
        assert fonts.missing_characters(_bundled(style), fonts.PROBE + "".join(gb2312)) == ""


def test_without_a_chinese_font_on_the_machine_the_shipped_one_is_used(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _offer(monkeypatch, ("/nonexistent/msyh.ttc", "/nonexistent/msyhbd.ttc"))
    chosen = fonts.cjk_fonts()
    assert chosen.bundled
    assert Path(chosen.path) == _bundled() and Path(chosen.bold_path) == _bundled("Bold")
    assert chosen.regular != chosen.bold


def test_a_machine_family_with_its_bold_face_comes_first(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    regular, bold = tmp_path / "shopfont.ttf", tmp_path / "shopfont-bold.ttf"
    shutil.copy(_bundled(), regular)
    shutil.copy(_bundled("Bold"), bold)
    _offer(monkeypatch, (str(regular), str(bold)))
    chosen = fonts.cjk_fonts()
    assert not chosen.bundled and chosen.path == str(regular) and chosen.bold_path == str(bold)


def test_a_family_without_bold_or_without_latin_is_passed_over(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    regular = tmp_path / "wqy-like.ttf"  # prints everything, but has no bold face
    shutil.copy(_bundled(), regular)
    _offer(monkeypatch, (str(regular), None), (str(HANZI_ONLY), str(HANZI_ONLY)))
    assert fonts.missing_characters(HANZI_ONLY) != ""
    assert fonts.cjk_fonts().bundled


def test_a_font_without_latin_letters_or_digits_is_refused() -> None:
    missing = fonts.missing_characters(HANZI_ONLY)
    assert "A" in missing and "0" in missing and "\u00a0" in missing and "中" not in missing
    before = fonts.use_bundled_font()
    with pytest.raises(ValueError, match="cannot print"):
        fonts.register_font_file(HANZI_ONLY)
    assert fonts.cjk_fonts() == before  # a failed override keeps the old choice


def test_a_shops_font_without_bold_borrows_the_shipped_bold(tmp_path: Path) -> None:
    regular = tmp_path / "shop.ttf"
    shutil.copy(_bundled(), regular)
    chosen = fonts.register_font_file(regular)
    assert chosen.path == str(regular) and Path(chosen.bold_path) == _bundled("Bold")
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    with pytest.raises(Exception):  # noqa: B017 - reportlab raises its own TTFError
        fonts.register_font_file(broken)
    assert fonts.cjk_fonts() == chosen


def _ink(font: str, text: str) -> int:
    """How many pixels `text` darkens at 24 pt."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 60), initialFontName=font)
    canvas.setFont(font, 24)
    canvas.drawString(10, 20, text)
    canvas.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    try:
        image: Image.Image = document[0].render(scale=2).to_pil().convert("L")
    finally:
        document.close()
    histogram = image.histogram()  # 256 gray levels
    return sum(histogram[:128])


def test_bold_looks_bold() -> None:
    chosen = fonts.cjk_fonts()
    for text in ("维修接机单", "WX20261123-0001"):
        regular, bold = _ink(chosen.regular, text), _ink(chosen.bold, text)
        assert regular > 500
        assert bold > 1.3 * regular, f"bold {text!r} has {bold} dark pixels, regular {regular}"


def test_fontconfig_families_are_paired_with_their_bold_face(
        monkeypatch: pytest.MonkeyPatch) -> None:
    listed = "\n".join([
        "/fonts/wqy-microhei.ttc|80|WenQuanYi Micro Hei",  # no bold: not offered
        "/fonts/NotoSansCJK-Regular.ttc|80|Noto Sans CJK SC",
        "/fonts/NotoSansCJK-Bold.ttc|200|Noto Sans CJK SC",
        "/fonts/SourceHan-Regular.otf|80|Source Han Sans",  # CFF files: reportlab cannot
        "/fonts/SourceHan-Bold.otf|200|Source Han Sans",
        "/fonts/Shop-Medium.ttf|100|Shop Sans", "/fonts/Shop-Regular.ttf|80|Shop Sans",
        "/fonts/Shop-Bold.ttf|200|Shop Sans", "",
    ])

    class Finished:
        stdout = listed

    monkeypatch.setattr(fonts.shutil, "which", lambda _name: "/usr/bin/fc-list")
    monkeypatch.setattr(fonts.subprocess, "run", lambda *_a, **_k: Finished())
    assert fonts._fontconfig_families() == [
        ("/fonts/NotoSansCJK-Regular.ttc", "/fonts/NotoSansCJK-Bold.ttc"),
        ("/fonts/Shop-Regular.ttf", "/fonts/Shop-Bold.ttf"),
    ]
