"""Make the math font handouts embed: Latin Modern Math, cut down to the characters math uses, as WOFF2.

Run (a developer's tool, not part of dlquiz; needs fontTools and brotli, e.g. `pip install fonttools brotli`,
and Debian's fonts-lmodern):

    python tools/math_font.py /usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf

It writes grader/instructor/templates/math-font.woff2. The subset keeps the OpenType MATH table
(fraction rules, stretchy brackets and radicals, big operators) and the glyph variants it refers
to. Latin Modern Math is under the GUST Font License (math-font.LICENSE.txt beside the font),
which allows redistributing modified versions; the subset is renamed "dlquiz Math" as the
license asks of derived fonts.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "grader" / "instructor" / "templates" / "math-font.woff2"
RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x00FF),  # Latin: digits, letters, × ÷ · ±
    (0x0300, 0x036F), (0x0391, 0x03C9),  # combining accents, Greek letters
    (0x2016, 0x2016), (0x2020, 0x2026), (0x2032, 0x2037),  # ‖, dagger and ellipsis, primes
    (0x20D0, 0x20E1),  # combining marks for symbols (the vector arrow)
    (0x2102, 0x2102), (0x210E, 0x210F), (0x2113, 0x2113), (0x2115, 0x2115), (0x211A, 0x211D),
    (0x2124, 0x2124),  # ℂ ℎ ℏ ℓ ℕ ℚ ℝ ℤ
    (0x2190, 0x2199), (0x21A6, 0x21A6), (0x21D0, 0x21D5),  # arrows, ↦, ⇒ ⇔
    (0x2200, 0x22FF),  # operators: ∑ ∏ ∫ ∂ ∇ √ ≤ ≥ ≈ ∈ ⊙
    (0x2308, 0x230B), (0x23B4, 0x23B5), (0x23DC, 0x23E1),  # ceilings and floors, over- and under-braces
    (0x27E8, 0x27E9),  # ⟨ ⟩
    (0x1D400, 0x1D467),  # mathematical bold and italic letters (MathML shows a lone x as italic 𝑥)
    (0x1D538, 0x1D56B),  # double-struck (𝔼)
    (0x1D6A4, 0x1D6A5), (0x1D6E2, 0x1D71B),  # dotless italic i and j, italic Greek
]


def main(source: str) -> int:
    """Subset `source` (an OpenType math font) to RANGES and write OUT."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[u for low, high in RANGES for u in range(low, high + 1)])
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "dlquiz Math"
        elif record.nameID == 6:
            record.string = "dlquizMath-Regular"
    font.flavor = "woff2"
    font.save(OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB), MATH table kept: {'MATH' in font}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
