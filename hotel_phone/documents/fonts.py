"""A CJK font that reportlab can embed, so Chinese prints on any PC.

reportlab embeds TrueType outlines only (.ttf/.ttc, not CFF .otf). Its built-in
STSong-Light is not embedded and prints blank on a PC without Chinese fonts,
so it is the last resort.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from hotel_phone import paths

CANDIDATES = (
    # Windows
    ("C:/Windows/Fonts/msyh.ttc", 0), ("C:/Windows/Fonts/simsun.ttc", 0), ("C:/Windows/Fonts/simhei.ttf", 0),
    # Debian / Ubuntu
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0), ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    # macOS
    ("/System/Library/Fonts/Supplemental/Songti.ttc", 0), ("/Library/Fonts/Arial Unicode.ttf", 0),
)
# Imports inside functions: reportlab loads when a document is first drawn (for speed at start).
NAME = "HotelCJK"
FALLBACK = "STSong-Light"


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register and return the name of the font documents use for all text."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    configured = os.environ.get("HOTEL_PHONE_CJK_FONT")
    # The frozen bundle carries its own font, so its PDFs never depend on the PC's fonts.
    bundled = (str(paths.resource("fonts", "wqy-microhei.ttc")), 0)
    candidates = ((configured, 0),) if configured else ()
    candidates += (bundled,) + CANDIDATES
    for path, index in candidates:
        if Path(path).exists():
            try:
                pdfmetrics.registerFont(TTFont(NAME, path, subfontIndex=index))
                return NAME
            except (TTFError, OSError, ValueError):
                continue
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK


def embedded() -> bool:
    return cjk_font() == NAME
