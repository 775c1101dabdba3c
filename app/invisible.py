"""Characters a reader cannot see: what a reply address may not hold, and what the staff pages
show as a mark. Either way, text cannot be made to read as something it is not."""

import unicodedata

# Controls (Cc), format characters (Cf: the direction controls U+202A–U+202E, U+2066–U+2069,
# U+200E, U+200F, U+061C, the zero-width U+200B–U+200D, U+2060, U+FEFF...), line and paragraph
# separators (Zl, Zp), which break a line where none shows, and lone surrogates (Cs), which no
# page can even encode.
HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs"))

# The rest of Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15.1):
# letters and marks that show nothing (the Hangul fillers, variation selectors...), and blocks
# kept for more of them, so one assigned later is hidden here already.
IGNORABLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0xE0000, 0xE0FFF),
)


def is_hidden(char: str) -> bool:
    """True for a character that shows nothing, or changes how the text around it shows."""
    code = ord(char)
    if code < 0x80:
        return code < 0x20 or code == 0x7F
    if unicodedata.category(char) in HIDDEN_CATEGORIES:
        return True
    return any(low <= code <= high for low, high in IGNORABLE_RANGES)
