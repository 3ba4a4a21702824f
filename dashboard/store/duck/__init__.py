"""The DuckDB store, the only package that imports duckdb: large stored builds answered in place.

``index`` names and builds the index of a build, ``scope`` resolves a selection against it,
``questions`` answers each question in SQL, ``store`` holds the connection.
"""

from dashboard.store.duck.index import build_index, index_path
from dashboard.store.duck.store import DuckStore

__all__ = ["DuckStore", "build_index", "index_path"]
