"""Make resources/fonts/: the TrueType CJK font the receipts fall back on.

    python -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools
    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb /tmp/noto
    /tmp/ft/bin/python tools/build_bundled_font.py /tmp/noto/usr/share/fonts/opentype/noto

Noto Sans CJK SC (SIL OFL 1.1) ships CFF outlines, which reportlab cannot embed,
so each face is subset and its cubic outlines converted to quadratic TrueType
(glyf) ones. Kept: ASCII, Latin-1 (with the no-break space reportlab writes for
&nbsp;), general and CJK punctuation, fullwidth forms, every GB2312 character
(its 6,763 hanzi and its symbols) and every character in the program's own
sources, SQL and translations. The result is renamed (a Modified Version under
the OFL) and written as AftersalesSansSC-Regular.ttf / -Bold.ttf with the OFL
text beside it. fontTools is needed only here, not by the application.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts"
FAMILY = "Aftersales Sans SC"
SOURCES = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}
SOURCE_FACE = "Noto Sans CJK SC"
MAX_ERROR = 1.0  # font units (of 1000) the quadratic curves may stray from the cubic ones


def wanted_characters() -> set[int]:
    chars: set[int] = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    chars |= set(range(0x2010, 0x2028)) | set(range(0x2030, 0x205F))
    chars |= set(range(0x3000, 0x3040)) | set(range(0xFF01, 0xFF66))
    chars |= {0x20AC, 0x2116, 0x2122, 0x2190, 0x2191, 0x2192, 0x2193, 0x2212, 0x00D7}
    for lead in range(0xA1, 0xF8):  # GB2312: rows 1-9 symbols, 16-87 hanzi
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((lead, trail)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    for pattern in ("aftersales_desktop/**/*.py", "db/**/*.sql", "resources/i18n/*.ts",
                    "tests/**/*.py", "tools/*.py", "bench/**/*.py"):
        for path in ROOT.glob(pattern):
            chars |= {ord(c) for c in path.read_text(encoding="utf-8") if ord(c) >= 0x20}
    return chars


def source_face(collection_path: Path) -> TTFont:
    for font in TTCollection(str(collection_path)).fonts:
        if font["name"].getDebugName(1) == SOURCE_FACE:
            return font
    raise SystemExit(f"{collection_path} has no {SOURCE_FACE} face")


def subset_face(font: TTFont, chars: set[int]) -> None:
    options = subset.Options()
    options.hinting = False  # CFF hints do not survive the conversion anyway
    options.layout_features = ["kern", "palt", "vert", "vrt2"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)


def cff_to_glyf(font: TTFont) -> None:
    """Replace the CFF table by glyf/loca (fontTools' otf2ttf snippet, simplified)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: keeps the file small
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True


def rename(font: TTFont, style: str) -> None:
    """A subset is a Modified Version: it may not go by the original's name."""
    name = font["name"]
    full = f"{FAMILY} {style}" if style != "Regular" else FAMILY
    postscript = f"{FAMILY.replace(' ', '')}-{style}"
    keep = {0, 7, 8, 9, 11, 12, 13, 14}  # copyright, trademark, vendor, designer, licence
    name.names = [record for record in name.names if record.nameID in keep]
    for name_id, value in ((1, FAMILY), (2, style), (3, f"{postscript};subset of Noto Sans CJK SC"),
                           (4, full), (5, "Version 2.004; subset"), (6, postscript)):
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)
    if "CFF " in font:
        font["CFF "].cff.fontNames = [postscript]


def main(source_dir: str) -> None:
    chars = wanted_characters()
    OUT.mkdir(parents=True, exist_ok=True)
    for style, file_name in SOURCES.items():
        font = source_face(Path(source_dir) / file_name)
        subset_face(font, chars)
        rename(font, style)
        cff_to_glyf(font)
        target = OUT / f"{FAMILY.replace(' ', '')}-{style}.ttf"
        font.save(str(target))
        print(f"{target.relative_to(ROOT)}: {len(font.getGlyphOrder())} glyphs, "
              f"{target.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto")
