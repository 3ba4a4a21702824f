"""The only module that imports trafilatura: the main text and metadata of an HTML page."""

from __future__ import annotations

import trafilatura

from analysis.errors import InputError


def extract_article(html: str) -> tuple[str, dict[str, str]]:
    """The article text of ``html`` and whatever of title, author, date, site and URL the page states.

    Scripts, styles and navigation are dropped by trafilatura; links and images are not kept.
    """
    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_images=False, include_links=False
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
        "outlet": getattr(result, "sitename", None),
        "url": getattr(result, "url", None),
    }
    # trafilatura's text omits the headline; put it back so the article reads as published.
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text, {k: v for k, v in metadata.items() if v}
