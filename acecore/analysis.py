"""One analysis: the files a user uploaded, loaded into a DuckDB connection of its own."""

from __future__ import annotations

import sys

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel

from acecore import db
from acecore.columns import BY_NAME, COLUMNS, match_headers, missing_required
from acecore.models import Conflict, FileReport, RowIssue
from acecore.readers import MAX_ROW_ERRORS, RawSheet, ReadError, read_file

# How far an IEEPA duty may sit from rate x goods value before the row is flagged: rounding at the
# line level and ACE's own rounding stay well inside this.
RATE_TOLERANCE = {"tolerance_pct": 2, "tolerance_abs": 1}
_REJECT_REASONS = {
    "line_number": "no readable line number; row not loaded",
    "hts": "no HTS number; row not loaded",
}
_FLAG_REASONS = {"money": "cannot read {value!r} as an amount", "date": "cannot read {value!r} as a date",
                 "int": "cannot read {value!r} as a whole number"}


class Analysis:
    """Upload files with `add_file`; query the merged `lines` and `entries` tables.

    Each file loads in a transaction of its own: a file that fails leaves everything that was
    loaded before it untouched.
    """

    def __init__(self) -> None:
        self.con = db.connect()
        self.reports: list[FileReport] = []
        self.tracker_report: BaseModel | None = None  # the last tracker upload (tracker.TrackerReport)
        self._merged = False  # the first merge builds the (empty) tables every page reads
        self.filters: dict[str, list[str]] = {}
        self.version = 0  # changes whenever the merged data or the filters change
        self.built: dict[str, object] = {}  # derived table -> the (inputs, version) it was built for

    def add_file(self, name: str, data: bytes) -> FileReport:
        file_id = len(self.reports) + 1
        try:
            sheet = read_file(name, data)
            report = self._load(file_id, name, sheet)
        except ReadError as error:
            report = FileReport(file_id=file_id, name=name, status="error", errors=[str(error)])
        except Exception as error:  # not foreseen (memory, say): its transaction is rolled back, the rest stays
            print(f"{name}: {error!r}", file=sys.stderr)
            report = FileReport(file_id=file_id, name=name, status="error", errors=[
                f"the file could not be loaded ({type(error).__name__}); nothing from it was kept"])
        self.con.execute("INSERT INTO files VALUES (?, ?, ?)", [file_id, name, report.status])
        self.reports.append(report)
        return report

    def _load(self, file_id: int, name: str, sheet: RawSheet) -> FileReport:
        mapped = match_headers(sheet.headers)
        missing = missing_required(mapped)
        is_liquidation_file = bool(missing) and {"liquidation_date", "liquidation_status"} & set(mapped.values())
        if missing and not is_liquidation_file:
            wanted = ", ".join(f"'{c.header}'" for c in missing)
            raise ReadError(f"missing required column(s) {wanted} in the header on row {sheet.header_row}")
        staged = _staged_table(sheet, mapped)
        report = FileReport(
            file_id=file_id, name=name, status="ok", kind=sheet.kind, sheet=sheet.sheet,
            content="liquidation" if is_liquidation_file else "es003",
            header_row=sheet.header_row, rows_read=staged.num_rows + sheet.malformed_rows,
            columns_matched={mapped[i]: sheet.headers[i] for i in sorted(mapped)},
            columns_extra=[h for i, h in enumerate(sheet.headers) if i not in mapped],
        )
        if is_liquidation_file:
            return self._load_liquidations(report, staged)
        with db.staged(self.con, staged):
            db.run(self.con, "stage")
            db.run(self.con, "insert_staged", file_id=file_id, source_file=name)
            stats = db.run(self.con, "file_stats").fetchall()[0]
            issues = db.run(self.con, "file_issues", limit=MAX_ROW_ERRORS).fetchall()
            self.con.execute("DROP TABLE staged_typed")
        self._merged = False
        (report.rows_kept, report.rows_skipped, report.rows_rejected, report.rows_flagged,
         report.entries, report.first_summary_date, report.last_summary_date) = stats
        report.rows_rejected += sheet.malformed_rows
        report.issues = [RowIssue(row=row, column=None, message=f"malformed row: {text}")
                         for row, text in sheet.row_errors]
        report.issues += [_issue(row, column, value, kind, report.columns_matched)
                          for row, column, value, kind in issues]
        report.issues = sorted(report.issues, key=lambda i: i.row or 0)[:MAX_ROW_ERRORS]
        if report.rows_read == 0:
            report.errors.append("the header was found but there are no data rows under it")
        return report

    def _load_liquidations(self, report: FileReport, staged: pa.Table) -> FileReport:
        """A file of entry numbers with liquidation date and/or status (an ES-701 export, say)."""
        with db.staged(self.con, staged):
            db.run(self.con, "insert_liquidations", file_id=report.file_id, source_file=report.name)
            report.rows_kept, report.rows_flagged, report.entries, flagged = db.run(
                self.con, "liquidation_file_stats", file_id=report.file_id).fetchall()[0]
        self.version += 1  # liquidation facts change every entry's status and route
        report.rows_skipped = report.rows_read - report.rows_kept
        header = report.columns_matched.get("liquidation_date", "Liquidation Date")
        report.issues = [RowIssue(row=row, column=header, message="cannot read the liquidation date")
                         for row in flagged or []]
        return report

    def merge(self) -> None:
        """Build `lines`, `tariff_classes` and `entries` from every file loaded (once per change)."""
        if not self._merged:
            db.run(self.con, "merge_lines")
            db.run(self.con, "classify", **RATE_TOLERANCE)
            db.run(self.con, "entries")
            self._merged = True
            self._apply_scope()

    def set_filters(self, importers: list[str] = (), filers: list[str] = (), ports: list[str] = (),
                    programs: list[str] = ()) -> None:
        """Limit every page-level query to matching entries (sql/scope.sql); empty lists mean all."""
        self.filters = {"importers": list(importers), "filers": list(filers), "ports": list(ports),
                        "programs": list(programs)}
        if self._merged:
            self._apply_scope()
        else:
            self.merge()

    def _apply_scope(self) -> None:
        params = {"importers": [], "filers": [], "ports": [], "programs": [], **self.filters}
        db.run(self.con, "scope", **params)
        self.version += 1

    def sql(self, text: str, **params: object) -> pa.Table:
        """Run a query over the merged tables."""
        self.merge()
        return db.arrow(self.con, text, **params)

    def query(self, name: str, **params: object) -> pa.Table:
        """Run one of the .sql files over the merged tables."""
        self.merge()
        return db.arrow_file(self.con, name, **params)

    def query_setup(self, name: str, **params: object) -> None:
        """Run a .sql file that builds a temporary table over the merged tables (routes, say), unless
        it was already built for the same parameters, data and filters."""
        self.merge()
        key = (tuple(sorted(params.items())), self.version)
        if self.built.get(name) != key:
            db.run(self.con, name, **params)
            self.built[name] = key

    def conflicts(self) -> list[Conflict]:
        return [Conflict(**row) for row in db.arrow_file(self.con, "conflicts").to_pylist()]

    @property
    def loaded(self) -> bool:
        """At least one ES-003 file gave rows (a liquidation list alone holds no entries)."""
        return any(r.status == "ok" and r.content == "es003" and r.rows_kept for r in self.reports)


def _staged_table(sheet: RawSheet, mapped: dict[int, str]) -> pa.Table:
    """The sheet's non-blank rows, with canonical column names, every known column present, and the
    other columns packed into one struct column `extra`."""
    table = sheet.table
    cells = [table.column(f"c{i}") for i in range(len(sheet.headers))]
    if cells:
        longest = pc.max_element_wise(*[pc.utf8_length(c) for c in cells])
        table = table.filter(pc.greater(longest, 0))
    rows = table.num_rows
    by_name = {name: table.column(f"c{i}") for i, name in mapped.items()}
    data = {c.name: by_name.get(c.name, pa.repeat(pa.scalar("", pa.string()), rows)) for c in COLUMNS}
    extra_positions = [i for i in range(len(sheet.headers)) if i not in mapped]
    if extra_positions:
        data["extra"] = pa.StructArray.from_arrays(
            [pc.cast(table.column(f"c{i}"), pa.string()).combine_chunks() for i in extra_positions],
            names=[sheet.headers[i] for i in extra_positions])
    else:
        data["extra"] = pa.nulls(rows, pa.string())
    data["_row"] = table.column("_row")
    return pa.table(data)


def _issue(row: int, column: str, value: str, kind: str, headers: dict[str, str]) -> RowIssue:
    header = headers.get(column, BY_NAME[column].header)
    if kind == "rejected":
        message = _REJECT_REASONS[column]
    else:
        message = _FLAG_REASONS[BY_NAME[column].kind].format(value=value)
    return RowIssue(row=row, column=header, message=message)
