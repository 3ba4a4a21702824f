"""The report of a view: one HTML file holding its charts, tables, filters and share link, that needs no network."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest

from dashboard import charts, report
from dashboard.filters import Filters
from tests.dashboard.test_charts import SCRIPT, make_tables, place_map, top_entities

# A reference to something on the network that the browser would load: a script or image source, a stylesheet link,
# an @import or url() in CSS. (plotly.js mentions URLs in its code, e.g. in error messages: those are never loaded.)
_FETCHED = re.compile(
    r"""(<script[^>]*\ssrc=|<img[^>]*\ssrc=|<link[^>]*\shref=|@import|url\(\s*['"]?)\s*['"]?(https?:)?//""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def made() -> str:
    tables = make_tables()
    parts = [
        report.Part("Top entities", figure=top_entities(tables.mentions, tables.documents)),
        report.Part("Map", figure=place_map(tables.places, tables.documents)),
        report.Part("Documents", table=tables.documents[["doc_id", "title", "outlet"]]),
    ]
    described = report.describe(
        Filters(outlets=("JAMnews", SCRIPT), date_from=dt.date(2023, 6, 1)),
        focus=f"entity: {SCRIPT}",
        params={"q": ["peace talks"]},
        matching=3,
    )
    return report.build(parts, title="Overview", filters=described, share_link="http://127.0.0.1:8501/?outlet=JAMnews")


def test_the_report_loads_nothing_from_a_network(made):
    assert not _FETCHED.search(made)
    assert not re.search(r"""\ssrc\s*=\s*['"]?https?:""", made, re.IGNORECASE)


def test_the_report_inlines_plotly_and_the_world_basemap(made):
    assert "window.PlotlyGeoAssets" in made and '"world_110m"' in made
    assert len(made) > 3_000_000, "plotly.js is inlined"
    assert made.count("Plotly.newPlot(") == 2


def test_the_report_holds_the_filters_the_share_link_and_the_tables(made):
    assert "Published" in made and "2023-06-01 to the last date" in made
    assert "Search</dt><dd>peace talks" in made
    assert 'href="http://127.0.0.1:8501/?outlet=JAMnews"' in made
    assert "Talks resume" in made and "<table" in made


def test_article_text_in_the_report_stays_text(made):
    assert SCRIPT not in made
    body = made.split("</head>", 1)[1]
    # Only the report's own scripts: each draws one chart.
    assert body.count("<script>") == 2
    for spec in re.findall(r"var f = (\{.*?\}); Plotly", body):
        assert "<" not in spec
        json.loads(spec)


def test_a_long_table_is_cut_and_says_so():
    rows = pd.DataFrame({"n": range(report.MAX_TABLE_ROWS + 5)})
    made = report.build([report.Part("Counts", table=rows)], title="T", filters=[], share_link="")
    assert f"The first {report.MAX_TABLE_ROWS:,} of {len(rows):,} rows" in made


def test_each_chart_downloads_as_png_offline():
    options = charts.plotly_config(filename="news-coverage-overview_entities")["toImageButtonOptions"]
    assert options["format"] == "png" and options["filename"] == "news-coverage-overview_entities"
