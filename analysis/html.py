"""The only module that imports trafilatura: the main text and metadata of an HTML page."""

from __future__ import annotations

import html as html_module
import re

import trafilatura

from analysis.errors import InputError
from analysis.outlets import outlet_info

_PAGE_TITLE = re.compile(r"<title[^>]*>(?P<title>.*?)</title>", re.IGNORECASE | re.DOTALL)
_TITLE_PARTS = re.compile(r"\s+[-|—–:»]{1,2}\s+")


def extract_article(html: str) -> tuple[str, dict[str, str]]:
    """The article text of ``html`` and whatever of title, author, date, site and URL the page states.

    Scripts, styles and navigation are dropped by trafilatura; links and images are not kept.
    """
    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            # The extensive search takes a footer's "© 2024" for a publication date (2024-01-01, as a day);
            # a date printed in the article's text is still read from the text (analysis.metadata).
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, AttributeError) as err:
        raise InputError(f"unreadable HTML: {err}") from err
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise InputError("no article text found in the HTML page")
    title = getattr(result, "title", None)
    metadata = {
        "title": title,
        "author": getattr(result, "author", None),
        "published": getattr(result, "date", None),
        "outlet": getattr(result, "sitename", None) or _site_in_page_title(html),
        "url": getattr(result, "url", None),
    }
    # trafilatura's text omits the headline; put it back so the article reads as published.
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text, {k: v for k, v in metadata.items() if v}


def _site_in_page_title(html: str) -> str | None:
    """The known outlet a page's <title> names after its headline ("Headline - Hetq - News, Articles")."""
    match = _PAGE_TITLE.search(html[:100_000])
    if not match:
        return None
    parts = _TITLE_PARTS.split(html_module.unescape(match["title"]).strip())
    info = next((outlet_info(part) for part in parts[1:] if outlet_info(part)), None)
    return info.name if info else None
