"""A reportlab font that can print Chinese, found once per process.

reportlab embeds only TrueType outlines, so the search skips fonts it cannot
load (Noto CJK ships CFF outlines: "postscript outlines are not supported")
and goes on to the next. Order: Windows' own fonts, the usual Linux ones, what
fontconfig offers for zh-cn, macOS. When none loads, the built-in CID font
STSong-Light is used: every PDF viewer has it, but it is not embedded, so
some printers' drivers substitute it.
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
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

FALLBACK_CID_FONT = "STSong-Light"

_WINDOWS_FONTS = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"

# (regular, bold or None); a .ttc is read at subfont 0.
_CANDIDATES: tuple[tuple[str, str | None], ...] = (
    (str(_WINDOWS_FONTS / "msyh.ttc"), str(_WINDOWS_FONTS / "msyhbd.ttc")),
    (str(_WINDOWS_FONTS / "simhei.ttf"), None),
    (str(_WINDOWS_FONTS / "simsun.ttc"), None),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
     "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", None),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", None),
)
_MACOS_CANDIDATES: tuple[tuple[str, str | None], ...] = (
    ("/System/Library/Fonts/PingFang.ttc", None),
    ("/System/Library/Fonts/STHeiti Light.ttc", "/System/Library/Fonts/STHeiti Medium.ttc"),
    ("/Library/Fonts/Arial Unicode.ttf", None),
)
_PROBE = "中"  # a font without this glyph cannot print the receipts


@dataclass(frozen=True)
class CjkFonts:
    regular: str  # reportlab font name
    bold: str  # the regular one again when the family has no bold face
    path: str | None  # None for the built-in CID font
    embedded: bool


_chosen: CjkFonts | None = None


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
    """Use this TrueType file from now on (a shop's own font, or a test's); raises if unusable."""
    global _chosen
    _chosen = _load(str(path), bold_path)
    return _chosen


def use_builtin_cid_font() -> CjkFonts:
    """Use the non-embedded STSong-Light from now on, whatever is installed."""
    global _chosen
    _chosen = _builtin()
    return _chosen


def reset_fonts() -> None:
    """Forget the choice: the next cjk_fonts() searches again."""
    global _chosen
    _chosen = None


def _search() -> CjkFonts:
    for regular, bold in _candidates():
        if not Path(regular).is_file():
            continue
        try:
            return _load(regular, bold)
        except Exception:  # TTFError for CFF outlines, OSError, a broken file: try the next
            continue
    return _builtin()


def _candidates() -> Iterator[tuple[str, str | None]]:
    yield from _CANDIDATES
    for path in _fontconfig_files():
        yield path, None
    yield from _MACOS_CANDIDATES


def _fontconfig_files() -> list[str]:
    if shutil.which("fc-match") is None:
        return []
    commands = (
        ["fc-match", "-f", "%{file}", "sans:lang=zh-cn"],
        ["fc-list", ":lang=zh-cn", "file"],
    )
    found: list[str] = []
    for command in commands:
        if shutil.which(command[0]) is None:
            continue
        try:
            out = subprocess.run(
                command, capture_output=True, text=True, timeout=10, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        for line in out.splitlines():
            path = line.strip().rstrip(":").strip()
            if path.lower().endswith((".ttf", ".ttc")) and path not in found:
                found.append(path)
    return found


def _load(regular: str, bold: str | None) -> CjkFonts:
    name = _register_ttf(regular)
    bold_name = name
    if bold and Path(bold).is_file():
        try:
            bold_name = _register_ttf(bold)
        except Exception:  # a regular face alone still prints everything
            bold_name = name
    _register_family(name, bold_name)
    return CjkFonts(regular=name, bold=bold_name, path=regular, embedded=True)


def _register_ttf(path: str) -> str:
    digest = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:8]
    name = f"AftersalesCJK-{Path(path).stem}-{digest}"
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    font = TTFont(name, path, subfontIndex=0)
    if ord(_PROBE) not in font.face.charToGlyph:
        raise ValueError(f"{path} has no Chinese glyphs")
    pdfmetrics.registerFont(font)
    return name


def _builtin() -> CjkFonts:
    if FALLBACK_CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID_FONT))
    _register_family(FALLBACK_CID_FONT, FALLBACK_CID_FONT)
    return CjkFonts(FALLBACK_CID_FONT, FALLBACK_CID_FONT, path=None, embedded=False)


def _register_family(regular: str, bold: str) -> None:
    """So <b> in a Paragraph resolves to our bold face (or the regular one)."""
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, regular)
    addMapping(regular, 1, 1, bold)
