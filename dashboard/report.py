"""A report of the current view as one self-contained HTML file: its charts, tables, filters and share link.

Pure: figures and frames in, a string out; no Streamlit here. The file opens without a
network: plotly.js is inlined (from the plotly package), and so is the world basemap the
maps draw on (``window.PlotlyGeoAssets``, which plotly.js reads before fetching one). Text
from the articles is escaped for HTML; the figures' JSON has every ``<`` escaped, so a title
holding ``</script>`` stays text.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboard.filters import Filters

TOPOJSON = Path(__file__).resolve().parent.parent / "static" / "topojson" / "world_110m.json"
# Rows of each table written to the report (the CSV downloads hold them all).
MAX_TABLE_ROWS = 1_000
_PARAM_NAMES = {"q": "Search", "period": "Timeline period"}
_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "png", "scale": 2}}
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1f2430; }
h1 { margin-bottom: 0.2rem; } .meta { color: #5c6370; font-size: 0.9rem; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #d8dbe0; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f4f6; } dt { font-weight: 600; } dd { margin: 0 0 0.4rem 1rem; }
a { word-break: break-all; }
"""


@dataclass(frozen=True, slots=True)
class Part:
    """One chart or table of the view, under a heading."""

    heading: str
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None


def build(
    parts: Sequence[Part],
    *,
    title: str,
    filters: Sequence[tuple[str, str]],
    share_link: str,
    made_at: dt.datetime | None = None,
) -> str:
    """The report of a view named ``title``: ``filters`` as (name, value) pairs, the ``share_link`` that reopens
    the view, then each part in order."""
    made = (made_at or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    listed = "".join(f"<dt>{_esc(name)}</dt><dd>{_esc(value)}</dd>" for name, value in filters) or "<dd>None</dd>"
    body = [
        f"<h1>{_esc(title)}</h1>",
        f'<p class="meta">News coverage report, made {made}. Reopen this view: <a href="{_esc(share_link)}">'
        f"{_esc(share_link)}</a></p>",
        f"<h2>Filters</h2><dl>{listed}</dl>",
    ]
    for number, part in enumerate(parts):
        body.append(f"<h2>{_esc(part.heading)}</h2>")
        if part.figure is not None:
            body.append(_figure(part.figure, f"chart-{number}"))
        if part.table is not None:
            body.append(_table(part.table))
    # Imported here: plotly.offline is only needed, and only loaded, when a report is made.
    from plotly.offline import get_plotlyjs

    geo = {"topojson": {"world_110m": json.loads(TOPOJSON.read_text(encoding="utf-8"))}}
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{_esc(title)}</title>",
            f"<style>{_STYLE}</style>",
            f"<script>window.PlotlyGeoAssets = {_script_json(geo)};</script>",
            f"<script>{get_plotlyjs()}</script>",
            "</head><body>",
            *body,
            "</body></html>",
        ]
    )


def _figure(figure: go.Figure, element_id: str) -> str:
    light = go.Figure(figure).update_layout(template="plotly_white")
    spec = _script_json(json.loads(light.to_json()))
    return (
        f'<div id="{element_id}"></div><script>(function () {{ var f = {spec}; '
        f"Plotly.newPlot({json.dumps(element_id)}, f.data, f.layout, {json.dumps(_CONFIG)}); }})();</script>"
    )


def _table(frame: pd.DataFrame) -> str:
    shown = frame.head(MAX_TABLE_ROWS)
    note = (
        f'<p class="meta">The first {MAX_TABLE_ROWS:,} of {len(frame):,} rows.</p>' if len(frame) > len(shown) else ""
    )
    return shown.to_html(index=False, escape=True, na_rep="", border=0) + note


def _script_json(value: object) -> str:
    """``value`` as JSON safe inside a <script> element: no ``<`` (so no ``</script>`` or ``<!--``) and no line
    separators JavaScript would end a line at."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def describe(
    filters: Filters, *, focus: str = "", params: Mapping[str, Sequence[str]] | None = None, matching: int | None = None
) -> list[tuple[str, str]]:
    """The active filters as (name, value) pairs, as the report lists them: the sidebar's, the focus, the view's own
    parameters (e.g. the search term), and how many documents match."""
    pairs: list[tuple[str, str]] = []
    if filters.outlets:
        pairs.append(("Outlets", ", ".join(filters.outlets)))
    if filters.docs:
        pairs.append(("Documents", ", ".join(filters.docs)))
    if filters.date_from or filters.date_to:
        span = f"{filters.date_from or 'the first date'} to {filters.date_to or 'the last date'}"
        pairs.append(("Published", span + (", and undated documents" if filters.undated else "")))
    if filters.labels:
        pairs.append(("Entity types", ", ".join(filters.labels)))
    if filters.min_mentions > 1:
        pairs.append(("Minimum mentions per entity", str(filters.min_mentions)))
    if focus:
        pairs.append(("Focus", focus))
    for name, values in (params or {}).items():
        pairs.append((_PARAM_NAMES.get(name, name), ", ".join(values)))
    if matching is not None:
        pairs.append(("Matching documents", f"{matching:,}"))
    return pairs
