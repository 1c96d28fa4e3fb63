"""DuckDB plumbing: a fresh in-memory connection per analysis, and SQL read from the .sql files."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any

import duckdb
import pyarrow as pa

# Seconds spent per step in this process (each .sql file run, and the steps analysis.py names): what
# `python -m acecore.bench` prints per stage. Summed, never reset: a process is one benchmark run.
STEP_SECONDS: dict[str, float] = defaultdict(float)


@contextmanager
def timed(step: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        STEP_SECONDS[step] += time.perf_counter() - start


@cache
def sql_text(name: str) -> str:
    return resources.files("acecore").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def statements(name: str) -> dict[str, str]:
    """A .sql file of named statements, each under a line `-- name: <name>` (the workspace stores)."""
    parts = re.split(r"^-- name: (\w+)\n", sql_text(name), flags=re.MULTILINE)
    return {key: text.strip() for key, text in zip(parts[1::2], parts[2::2], strict=True)}


DATA_FILES = (
    "chapter99",
    "recovery_rules",
    "liquidation_status",
    "interest_rates",
    "liquidation_estimates",
    "mfn_rates",
    "cape_rejections",
    "confidence",
    "events",
    "entry_types",
    "contested",
)


def connect(memory_mb: int = 2048, threads: int = 2, spill_directory: str = "") -> duckdb.DuckDBPyConnection:
    """An in-memory database of its own: nothing is shared between analyses or written to disk (no
    temp directory, so DuckDB never spills uploaded data to a file, unless `spill_directory` names one:
    the command line's private folder), with a memory limit of its own (past it a query fails with
    OutOfMemoryException instead of the host running out). It starts with the macros, the empty tables
    and the rules data (acecore/data)."""
    con = duckdb.connect(
        ":memory:",
        config={"threads": threads, "temp_directory": spill_directory, "memory_limit": f"{memory_mb}MB"},
    )
    run(con, "macros")
    run(con, "schema")
    data = resources.files("acecore").joinpath("data")
    run(con, "install_data", **{name: str(data.joinpath(f"{name}.csv")) for name in DATA_FILES})
    # The rules data is in: from here on no query reads or writes a file (uploads come in as Arrow), so none
    # could, were SQL ever built from user text; and no statement may turn this back on.
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def run(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> duckdb.DuckDBPyConnection:
    """Run a .sql file, statement by statement (DuckDB binds parameters per statement); the result of
    the last one (for a SELECT) is read with fetchall (DuckDB wants a result read to its end)."""
    with timed(f"{name}.sql"):
        return execute(con, sql_text(name), **params)


def execute(con: duckdb.DuckDBPyConnection, text: str, **params: Any) -> duckdb.DuckDBPyConnection:
    """Run SQL text of one or more statements, each given the parameters it names."""
    result = con
    for statement in con.extract_statements(text):
        query = statement.query
        code = re.sub(r"--[^\n]*", "", query)  # a parameter named in a comment is not used
        result = con.execute(query, {k: v for k, v in params.items() if f"${k}" in code} or None)
    return result


def arrow(con: duckdb.DuckDBPyConnection, text: str, first: int | None = None, /, **params: Any) -> pa.Table:
    """A query's result as an Arrow table: DECIMAL stays decimal (pandas would turn it into float). With
    `first`, only its first rows (a limit put on the query: DuckDB then sorts only as far as it needs)."""
    relation = con.sql(text, params=params or None)
    return (relation if first is None else relation.limit(first)).to_arrow_table()


def empty(con: duckdb.DuckDBPyConnection, table: str) -> pa.Table:
    """No rows of a table, in its columns: the stand-in where a saved file has none of that kind."""
    return arrow(con, f"SELECT * FROM {table} LIMIT 0")


def arrow_file(con: duckdb.DuckDBPyConnection, name: str, first: int | None = None, /, **params: Any) -> pa.Table:
    """A .sql file's SELECT as an Arrow table (its `first` rows, or all)."""
    with timed(f"{name}.sql"):
        return arrow(con, sql_text(name), first, **params)


@contextmanager
def staged(con: duckdb.DuckDBPyConnection, table: pa.Table) -> Iterator[None]:
    """Work on an upload registered as `staged`, in one transaction: all of it lands, or none of it
    (a file that fails leaves what was loaded before untouched)."""
    con.begin()
    con.register("staged", table)
    del table  # DuckDB holds it while registered: a caller that unregisters it early frees its memory
    try:
        yield
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.unregister("staged")
