"""SQL fragments that carry what they need: the parameters they bind and the scope tables they read.

A query is put together from fragments (``query(text, *parts)``): it collects their
parameters and tables, so whoever runs it registers exactly the tables it names and binds
exactly its parameters, without looking into its text. Values from users are only ever bound
parameters; the only text spliced into SQL is this package's own table and column names, the
build's paths and numbers it computed itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Sql:
    """Some SQL text, the parameters it binds (``$name``) and the scope tables it reads (``scope.SCOPE_TABLES``)."""

    text: str
    params: Mapping[str, object] = field(default_factory=dict)
    tables: frozenset[str] = frozenset()

    def __str__(self) -> str:
        return self.text


def query(text: str, *parts: Sql, **params: object) -> Sql:
    """``text``, which embeds ``parts`` (as f-string fields), with their parameters and tables, and its own
    ``params``."""
    bound: dict[str, object] = {}
    tables: frozenset[str] = frozenset()
    for part in parts:
        bound.update(part.params)
        tables |= part.tables
    bound.update(params)
    return Sql(text, bound, tables)


def literal(text: str) -> str:
    """A SQL string literal of a path this package chose (never of user input)."""
    return "'" + text.replace("'", "''") + "'"
