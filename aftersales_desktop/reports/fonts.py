"""The reportlab fonts receipts print with, found once per process.

Every PDF embeds its font (a TrueType subset, /FontFile2): a font the PDF only
names (the built-in CID font STSong-Light) prints without its Latin letters and
digits through Ghostscript, the usual CUPS path, and shows boxes for no-break
spaces in poppler. So only TrueType (glyf) faces are used: reportlab cannot
embed CFF outlines (Noto CJK from the system: "postscript outlines are not
supported"), and a face must draw Chinese, Latin letters, digits and the
no-break space (`PROBE`).

Order: Windows' own fonts, the usual Linux ones, what fontconfig offers for
zh-cn, macOS, and last the font the program ships (resources/fonts: a subset of
Noto Sans CJK SC, SIL OFL, with a real bold face). A system family is taken only
with its bold face, so that bold always looks bold (WenQuanYi has none); a
shop's own font registered without one borrows the shipped bold.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from aftersales_desktop.core.paths import resources_dir

_WINDOWS_FONTS = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"

# (regular, bold); a .ttc is read at subfont 0.
_CANDIDATES: tuple[tuple[str, str | None], ...] = (
    (str(_WINDOWS_FONTS / "msyh.ttc"), str(_WINDOWS_FONTS / "msyhbd.ttc")),
    (str(_WINDOWS_FONTS / "msyh.ttf"), str(_WINDOWS_FONTS / "msyhbd.ttf")),
)
_MACOS_CANDIDATES: tuple[tuple[str, str | None], ...] = (
    ("/System/Library/Fonts/STHeiti Light.ttc", "/System/Library/Fonts/STHeiti Medium.ttc"),
)
BUNDLED_REGULAR = "AftersalesSansSC-Regular.ttf"
BUNDLED_BOLD = "AftersalesSansSC-Bold.ttf"

# A face missing any of these cannot print a receipt: the names and faults, the
# ticket number, dates and phone numbers, and the spaces around 加急 / 副本 / 作废.
PROBE = ("中文维修单" "0123456789" "ABCDEFGHIJKLMNOPQRSTUVWXYZ" "abcdefghijklmnopqrstuvwxyz"
         "\u00a0-:/.,¥")


@dataclass(frozen=True)
class CjkFonts:
    regular: str  # reportlab font name
    bold: str
    path: str
    bold_path: str
    bundled: bool  # the program's own font, not the machine's


_chosen: CjkFonts | None = None


def bundled_font_dir() -> Path:
    return resources_dir() / "fonts"


def cjk_fonts() -> CjkFonts:
    """The fonts receipts use; searched and registered on the first call."""
    global _chosen
    if _chosen is None:
        _chosen = _search()
    return _chosen


def cjk_font_name() -> str:
    return cjk_fonts().regular


def cjk_bold_font_name() -> str:
    return cjk_fonts().bold


def register_font_file(path: str | os.PathLike[str], bold_path: str | None = None) -> CjkFonts:
    """Use this TrueType file from now on (a shop's own font, or a test's); raises if unusable.

    Without a bold face the shipped bold is used for bold text.
    """
    global _chosen
    _chosen = _load(str(path), bold_path or str(bundled_font_dir() / BUNDLED_BOLD))
    return _chosen


def use_bundled_font() -> CjkFonts:
    """Use the program's own font from now on, whatever the machine has."""
    global _chosen
    _chosen = _bundled()
    return _chosen


def reset_fonts() -> None:
    """Forget the choice: the next cjk_fonts() searches again."""
    global _chosen
    _chosen = None


def missing_characters(path: str | os.PathLike[str], text: str = PROBE) -> str:
    """The characters of `text` the face at `path` has no glyph for (raises if unreadable)."""
    face = TTFont(f"probe-{_digest(str(path))}", str(path), subfontIndex=0).face
    return "".join(c for c in dict.fromkeys(text) if face.charToGlyph.get(ord(c), 0) == 0)


def _search() -> CjkFonts:
    for regular, bold in _candidates():
        if not (Path(regular).is_file() and bold and Path(bold).is_file()):
            continue
        try:
            return _load(regular, bold)
        except Exception:  # TTFError for CFF outlines, a missing glyph, a broken file: next
            continue
    return _bundled()


def _candidates() -> Iterator[tuple[str, str | None]]:
    yield from _CANDIDATES
    yield from _fontconfig_families()
    yield from _MACOS_CANDIDATES


def _fontconfig_families() -> list[tuple[str, str]]:
    """(regular, bold) files of the zh-cn families fontconfig knows, where both are TrueType."""
    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn", "-f", "%{file}|%{weight}|%{family[0]}\n"],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    regular: dict[str, str] = {}
    bold: dict[str, str] = {}
    for line in out.splitlines():
        path, _, rest = line.partition("|")
        weight, _, family = rest.partition("|")
        if not path.lower().endswith((".ttf", ".ttc")) or not weight.isdigit():
            continue
        # fontconfig weights: 75 book, 80 regular, 100 medium, 180 semibold, 200 bold
        value = int(weight)
        target = regular if 75 <= value <= 90 else bold if 195 <= value <= 210 else None
        if target is not None:
            target.setdefault(family, path)
    return sorted((path, bold[family]) for family, path in regular.items() if family in bold)


def _load(regular: str, bold: str) -> CjkFonts:
    name = _register_ttf(regular)
    bold_name = _register_ttf(bold)
    _register_family(name, bold_name)
    bundled_dir = bundled_font_dir().resolve()
    return CjkFonts(regular=name, bold=bold_name, path=regular, bold_path=bold,
                    bundled=Path(regular).resolve().parent == bundled_dir)


def _bundled() -> CjkFonts:
    folder = bundled_font_dir()
    regular, bold = folder / BUNDLED_REGULAR, folder / BUNDLED_BOLD
    if not (regular.is_file() and bold.is_file()):
        raise RuntimeError(f"the program's receipt font is missing from {folder}: reinstall")
    return _load(str(regular), str(bold))


def _digest(path: str) -> str:
    return hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:8]


def _register_ttf(path: str) -> str:
    name = f"AftersalesCJK-{Path(path).stem}-{_digest(path)}"
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    font = TTFont(name, path, subfontIndex=0)
    missing = "".join(c for c in dict.fromkeys(PROBE)
                      if font.face.charToGlyph.get(ord(c), 0) == 0)
    if missing:
        raise ValueError(f"{path} cannot print {missing!r}")
    pdfmetrics.registerFont(font)
    return name


def _register_family(regular: str, bold: str) -> None:
    """So <b> in a Paragraph resolves to our bold face."""
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, regular)
    addMapping(regular, 1, 1, bold)
