"""DuckDB plumbing: a fresh in-memory connection per analysis, and SQL read from the .sql files."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import duckdb
import pyarrow as pa


@cache
def sql_text(name: str) -> str:
    return resources.files("acecore").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory database of its own: nothing is shared between analyses or written to disk."""
    con = duckdb.connect(":memory:", config={"threads": 2})
    con.execute(sql_text("macros"))
    con.execute(sql_text("schema"))
    return con


def run(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> duckdb.DuckDBPyConnection:
    """Run a .sql file; the result (for a SELECT) is read with fetchone/fetchall/description."""
    return con.execute(sql_text(name), params or None)


def arrow(con: duckdb.DuckDBPyConnection, text: str, **params: Any) -> pa.Table:
    """A query's result as an Arrow table: DECIMAL stays decimal (pandas would turn it into float)."""
    return con.sql(text, params=params or None).to_arrow_table()


def arrow_file(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pa.Table:
    """A .sql file's SELECT as an Arrow table."""
    return arrow(con, sql_text(name), **params)
