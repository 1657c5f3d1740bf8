"""What the printed documents share: styles in the CJK font, bilingual labels."""

from __future__ import annotations

from html import escape  # xml.sax.saxutils pulls in urllib and http.client (~0.1 s at start)

from hotel_phone.documents.fonts import cjk_font
from hotel_phone.i18n import gettext_in
# Imports inside functions: reportlab loads when a document is first drawn (for speed at start).


def other_language(lang: str) -> str:
    return "en" if lang == "zh_CN" else "zh_CN"


def styles():
    from reportlab.lib.styles import ParagraphStyle

    font = cjk_font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=12, leading=15, alignment=1),
        "subtitle": ParagraphStyle("subtitle", fontName=font, fontSize=8, leading=10, alignment=1),
        "label": ParagraphStyle("label", fontName=font, fontSize=8, leading=10),
        "small": ParagraphStyle("small", fontName=font, fontSize=6.5, leading=8, textColor="#555555"),
        "value": ParagraphStyle("value", fontName=font, fontSize=9.5, leading=12),
        "body": ParagraphStyle("body", fontName=font, fontSize=10, leading=13),
    }


def p(text: str) -> str:
    """Text as a reportlab paragraph: escaped, newlines kept (CJK text wraps between characters)."""
    return escape(text, quote=False).replace("\n", "<br/>")


def bilingual(msgid: str, lang: str) -> tuple[str, str]:
    """The label in the reader's language and, beneath it, in the other."""
    return gettext_in(lang, msgid), gettext_in(other_language(lang), msgid)
