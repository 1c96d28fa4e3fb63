"""One analysis: the files a user uploaded, loaded into a DuckDB connection of its own."""

from __future__ import annotations

import hashlib
import re
import sys
import threading
from collections.abc import Sequence
from decimal import Decimal

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel

from acecore import db
from acecore.columns import BY_NAME, COLUMNS, RATE_TABLE_FIELDS, is_rate_table, match_headers, missing_required
from acecore.export import dollars
from acecore.isolation import read_isolated, warm
from acecore.limits import Limits
from acecore.models import Conflict, Content, FileReport, RowIssue
from acecore.readers import MAX_ROW_ERRORS, RawSheet, ReadError
from acecore.stores import StoredFile

# How far an IEEPA duty may sit from rate x goods value before the row is flagged: rounding at the
# line level and ACE's own rounding stay well inside this.
RATE_TOLERANCE = {"tolerance_pct": 2, "tolerance_abs": 1}
_REJECT_REASONS = {
    "line_number": "no readable line number; row not loaded",
    "hts": "no HTS number; row not loaded",
}
_FLAG_REASONS = {
    "money": "cannot read {value!r} as an amount (at most 999,999,999,999.99)",
    "date": "cannot read {value!r} as a date (years 1900 to 2099)",
    "int": "cannot read {value!r} as a whole number",
    "quantity": "cannot read {value!r} as a quantity (0 or more, at most 3 decimals)",
}
NO_CHAPTER_99 = (
    "no Chapter 99 (9903) rows: IEEPA duty cannot be isolated from this file, so it adds nothing to "
    "the IEEPA figures; export the ES-003 Line Tariff Details report, which lists the 9903 headings"
)

NO_SUMMARY_DATE = (
    "no 'Entry Summary Date' column: these entries count in no month of the coverage, and no liquidation date "
    "or deadline can be estimated for them; add Entry Summary Date to the ACE report and upload it again"
)

_ACCESS_KEY = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])")  # a workspace id: its only key


def log_error(where: str, error: BaseException) -> None:
    """One short line for the server log: the error's type and the start of its message, never a file's
    contents (a decoding error's repr holds the whole input), never a workspace id (with sign-in off it is
    the key to the work: a short hash stands for it), on one line whatever the message holds."""
    text = f"{where[:120]}: {type(error).__name__}: {str(error)[:200]}"
    text = _ACCESS_KEY.sub(lambda key: f"ws#{short_hash(key.group())}", text)
    print(" ".join(text.split()), file=sys.stderr)


def short_hash(text: str) -> str:
    """Eight hex digits that tell two things apart in a log without telling what they are."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


class Analysis:
    """Upload files with `add_file`; query the merged `lines` and `entries` tables.

    Each file loads in a transaction of its own, merge included: a file that fails leaves everything
    that was loaded before it untouched. Every use of the connection holds `lock` (the dashboard holds
    it for a whole page run), so two threads never meet in DuckDB; reading a file needs no lock.
    """

    def __init__(self, limits: Limits | None = None) -> None:
        warm()  # the file reader's process starts while the database is set up
        self.limits = limits or Limits.load()
        self.con = db.connect(self.limits.session_memory_mb, self.limits.threads, self.limits.spill_directory)
        self.lock = threading.RLock()
        self.file_sizes: dict[int, int] = {}  # bytes of each file loaded, against limits.session_upload_mb
        self.reports: list[FileReport] = []
        self.tracker_report: BaseModel | None = None  # the last tracker upload (tracker.TrackerReport)
        self._merged = False  # the first merge builds the (empty) tables every page reads
        self.filters: dict[str, list[str]] = {}
        self.version = 0  # changes whenever the merged data or the filters change
        self.built: dict[str, object] = {}  # derived table -> the (inputs, version) it was built for
        self.held_rates: dict[int, pa.Table] = {}  # rate tables that would move the figures, until used

    def add_file(self, name: str, data: bytes, more_to_come: bool = True, hold_rates: bool = False) -> FileReport:
        """Read, load and merge one file. A caller that hands the bytes over (holds no reference of its
        own, as the command line does) gets their memory back once they are read, before the merge. A
        caller with no file to follow (`more_to_come` false) has no reader process started for the next
        (for 1.5M rows, about 1 s less: its imports would take a core from this file's load). With
        `hold_rates`, a rate table that would change the recoverable duty is checked and held, not used,
        until `use_rates` (the dashboard asks first; the command line was handed the file to use)."""
        size = len(data)
        try:
            self.check_room(size)
            with db.timed("read the file (child process)"):
                sheet = read_isolated(name, data, limits=self.limits, then_warm=more_to_come)
        except ReadError as error:
            return self._add_report(FileReport(file_id=0, name=name, status="error", errors=[str(error)]))
        del data
        with self.lock:
            file_id = self._next_id()
            try:
                report = self._load(file_id, name, sheet, hold_rates)
                self.file_sizes[file_id] = size
            except ReadError as error:
                report = FileReport(file_id=file_id, name=name, status="error", errors=[str(error)])
            except duckdb.OutOfMemoryException:
                report = FileReport(
                    file_id=file_id,
                    name=name,
                    status="error",
                    errors=[
                        f"this file took the session past its memory limit ({self.limits.session_memory_mb:,} MB); "
                        "nothing from it was kept: start over with fewer months at a time"
                    ],
                )
            except Exception as error:  # not foreseen: its transaction is rolled back, the rest stays
                log_error(f"loading file#{short_hash(name)}", error)  # its name may be the importer's
                report = FileReport(
                    file_id=file_id,
                    name=name,
                    status="error",
                    errors=[f"the file could not be loaded ({type(error).__name__}); nothing from it was kept"],
                )
            return self._add_report(report)

    @property
    def held_mb(self) -> float:
        """What this session's database holds in memory now (DuckDB's own count)."""
        with self.lock:
            [(held,)] = self.con.execute("SELECT sum(memory_usage_bytes) / 1e6 FROM duckdb_memory()").fetchall()
            return float(held)

    @property
    def uploaded_bytes(self) -> int:
        return sum(self.file_sizes.values())

    def check_room(self, size: int) -> None:
        """A session holds at most limits.session_upload_mb of files (one user must not fill the host); the
        one cap for every upload: ES-003 exports, liquidation lists and rate tables, trackers, earlier pulls."""
        cap = self.limits.session_upload_mb << 20
        if self.uploaded_bytes + size > cap:
            raise ReadError(
                f"this session already holds {self.uploaded_bytes / 1e6:,.1f} MB of files and takes at "
                f"most {cap / 1e6:,.0f} MB: start over, or load fewer months at a time"
            )

    def refused(self, name: str, why: str) -> FileReport:
        """A file refused before it was read (no room, a busy server): listed with the others, with why."""
        return self._add_report(FileReport(file_id=0, name=name, status="error", errors=[why]))

    def _next_id(self) -> int:
        """A file's number: one past the highest so far (a removed file leaves a gap, never a second of one)."""
        return max((r.file_id for r in self.reports), default=0) + 1

    def _add_report(self, report: FileReport) -> FileReport:
        with self.lock:
            report.file_id = self._next_id()
            self.con.execute("INSERT INTO files VALUES (?, ?, ?)", [report.file_id, report.name, report.status])
            self.reports.append(report)
            return report

    def _load(self, file_id: int, name: str, sheet: RawSheet, hold_rates: bool = False) -> FileReport:
        if is_rate_table(sheet.headers):
            return self._load_rates(file_id, name, sheet, hold_rates)
        mapped = match_headers(sheet.headers)
        missing = missing_required(mapped)
        present = set(mapped.values())
        # entry numbers with liquidation facts and no tariff lines: a file with line numbers or HTS
        # numbers is a line report that lacks a required column, and says which
        is_liquidation_file = (
            bool(missing)
            and bool({"liquidation_date", "liquidation_status"} & present)
            and not {"line_number", "hts"} & present
        )
        if missing and not is_liquidation_file:
            wanted = ", ".join(f"'{c.header}'" for c in missing)
            raise ReadError(
                f"missing required column(s) {wanted} in the header on row {sheet.header_row}; ACE's ES-003 Entry "
                "Summary Line Tariff Details report has them (each tariff row, Chapter 99 rows too, with its own "
                "duty amount): run it in the ACE Portal (Help, step 1) and upload its export"
            )
        with db.timed("staged Arrow table (blank rows out)"):
            staged = _staged_table(sheet, mapped)
        report = _sheet_report(
            file_id,
            name,
            sheet,
            "liquidation" if is_liquidation_file else "es003",
            staged.num_rows,
            {mapped[i]: sheet.headers[i] for i in sorted(mapped)},
        )
        report.columns_extra = [h for i, h in enumerate(sheet.headers) if i not in mapped]
        if is_liquidation_file:
            return self._load_liquidations(report, staged)
        try:
            with db.staged(self.con, staged):
                db.run(self.con, "stage")
                db.run(self.con, "insert_staged", file_id=file_id, source_file=name)
                db.run(self.con, "staged_left", file_id=file_id, rows=staged.num_rows)
                issues = db.run(self.con, "file_issues", file_id=file_id, limit=MAX_ROW_ERRORS).fetchall()
                self.con.execute("DROP VIEW staged_typed")
                self.con.unregister("staged")  # typed now: the text cells' memory goes back at once
                staged = sheet.table = sheet.table.schema.empty_table()  # no slice: it would keep the buffers
                pa.default_memory_pool().release_unused()
                stats = db.run(self.con, "file_stats", file_id=file_id).fetchall()[0]
                self.con.execute("DROP TABLE staged_left; DROP TABLE staged_ordinals")
        except BaseException:
            self._merged = False  # the rollback brought the tables back to before this file
            raise
        self._merge_file(file_id)
        (
            report.rows_kept,
            report.rows_skipped,
            report.rows_rejected,
            report.rows_flagged,
            report.entries,
            report.first_summary_date,
            report.last_summary_date,
            ch99_rows,
            ieepa_period_rows,
            skipped_with_duty,
            skipped_duty,
        ) = stats
        if report.rows_kept and not ch99_rows and ieepa_period_rows:
            report.warnings.append(NO_CHAPTER_99)
        if report.rows_kept and "entry_summary_date" not in report.columns_matched:
            report.warnings.append(NO_SUMMARY_DATE)
        if skipped_with_duty:  # every skipped dollar named
            column = report.columns_matched.get("entry_number", BY_NAME["entry_number"].header)
            report.warnings.append(
                f"{skipped_with_duty:,} {'row' if skipped_with_duty == 1 else 'rows'} with no entry number in "
                f"'{column}' carried {dollars(skipped_duty)} of duty and {'was' if skipped_with_duty == 1 else 'were'} "
                "skipped (a total row, or an entry number written wrong): each is named by row"
            )
        report.rows_rejected += sheet.malformed_rows
        report.issues = [
            RowIssue(row=row, column=None, message=f"malformed row: {text}") for row, text in sheet.row_errors
        ]
        report.issues += [
            _issue(row, column, value, kind, report.columns_matched, duty) for row, column, value, kind, duty in issues
        ]
        report.issues = sorted(report.issues, key=lambda i: i.row or 0)[:MAX_ROW_ERRORS]
        if report.rows_read == 0:
            report.warnings.append("the header was found but there are no data rows under it")
        return report

    def _merge_file(self, file_id: int) -> None:
        """Merge with a file's rows just committed: first compressed (a checkpoint: for 1.5M rows the merge
        then works beside about 50 MB of rows instead of 390 MB, and is faster for it), then merged in a
        transaction of its own; a file the merge cannot take is refused whole: its rows are taken out again
        and the merged tables rolled back to before it."""
        self._checkpoint()
        self._merged = False
        self.con.begin()
        try:
            self.merge()
            self.con.commit()
        except BaseException:
            self.con.rollback()
            self.con.execute("DELETE FROM raw_lines WHERE file_id = ?", [file_id])
            self._merged = False
            raise

    def _checkpoint(self) -> None:
        """DuckDB compresses an in-memory database's tables only at a checkpoint."""
        try:
            with db.timed("checkpoint (compress the tables)"):
                self.con.execute("CHECKPOINT")
        except duckdb.Error as error:  # the tables stay as they are, only larger
            log_error("compacting a session's tables", error)

    def _load_rates(self, file_id: int, name: str, sheet: RawSheet, hold: bool) -> FileReport:
        """A user's copy of the USITC annual tariff database: its MFN rates outrank the shipped table for
        the top-up headings (classify.sql). With `hold`, one that moves the recoverable duty is taken out
        again once its effect is known, and kept aside until `use_rates`."""
        positions = {str(h).strip().lower(): i for i, h in reversed(list(enumerate(sheet.headers)))}
        rows = sheet.table.num_rows
        staged = pa.table(
            {
                **{
                    field: sheet.table.column(f"c{positions[field]}")
                    if field in positions
                    else pa.repeat(pa.scalar("", pa.string()), rows)
                    for field in RATE_TABLE_FIELDS
                },
                "_row": sheet.table.column("_row"),
            }
        )
        matched = {f: sheet.headers[positions[f]] for f in RATE_TABLE_FIELDS if f in positions}
        report = _sheet_report(file_id, name, sheet, "rates", rows, matched)
        before = self._recoverable()
        with db.staged(self.con, staged):
            db.run(self.con, "rates_stage", file_id=file_id, source_file=name)
            [(report.rows_kept,)] = self.con.execute(
                "SELECT count(*) FROM rates WHERE file_id = ?", [file_id]
            ).fetchall()
            refused = self.con.execute("SELECT source_row, refused FROM rates_refused").fetchall()
            self.con.execute("DROP TABLE rates_refused")
            if not report.rows_kept:
                raise ReadError(
                    "no row has an 8-digit HTS number in its hts8 field and rates in the schedule's bounds: "
                    "not a USITC tariff database"
                )
        report.rows_rejected = len(refused)
        report.rows_skipped = report.rows_read - report.rows_kept - report.rows_rejected
        shown = refused[:MAX_ROW_ERRORS]
        report.issues = [RowIssue(row=row, column=None, message=f"not used: {why}") for row, why in shown]
        if refused:
            report.warnings.append(
                f"{len(refused):,} {'row' if len(refused) == 1 else 'rows'} not used (a rate outside the tariff "
                "schedule's bounds, an unknown unit, or a second rate for one HTS and period): each is named by row"
            )
        self._merged = False  # the top-up lines are classified again with these rates
        after = self._recoverable()
        if after != before:  # what the table does to the figures, said before anyone relies on them
            report.warnings.append(
                f"this table changes the recoverable IEEPA duty by {dollars(after - before)}, from "
                f"{dollars(before)} to {dollars(after)} (on lines where IEEPA topped the ordinary duty up to 15%, the "
                "ordinary duty at this table's rates is not refunded)"
            )
            if hold:
                self.held_rates[file_id] = db.arrow(
                    self.con, "SELECT * FROM rates WHERE file_id = $file_id", file_id=file_id
                )
                self.con.execute("DELETE FROM rates WHERE file_id = ?", [file_id])
                self._merged = False
                report.awaiting_use = True
        return report

    def use_rates(self, file_id: int) -> FileReport:
        """Put a held rate table to use (its rows back in `rates`); its report, no longer awaiting."""
        with self.lock:
            report = next(r for r in self.reports if r.file_id == file_id and r.awaiting_use)
            with db.staged(self.con, self.held_rates.pop(file_id)):
                self.con.execute("INSERT INTO rates BY NAME SELECT * FROM staged")
            report.awaiting_use = False
            self._merged = False
            self.version += 1
            return report

    def _recoverable(self) -> Decimal:
        """The IEEPA duty recoverable over every loaded file (what a rate table moves)."""
        if not self.loaded:
            return Decimal("0.00")
        self.merge()
        [(total,)] = self.con.execute("SELECT coalesce(sum(recoverable_duty), 0) FROM tariff_classes").fetchall()
        return Decimal(total)

    def _load_liquidations(self, report: FileReport, staged: pa.Table) -> FileReport:
        """A file of entry numbers with liquidation date and/or status (an ES-701 export, say)."""
        with db.staged(self.con, staged):
            db.run(self.con, "insert_liquidations", file_id=report.file_id, source_file=report.name)
            if not db.run(self.con, "liquidation_file_stats", file_id=report.file_id).fetchall()[0][0]:
                column = report.columns_matched.get("entry_number", BY_NAME["entry_number"].header)
                first = next((v for v in staged.column("entry_number").to_pylist() if v), None)
                raise ReadError(
                    f"no value in '{column}' is an entry number CBP would take"
                    + (f" (the first reads {first[:40]!r})" if first else " (the column is empty)")
                    + ": not a liquidation list (entry numbers with liquidation dates) nor an ES-003 export"
                )
            report.rows_kept, report.rows_flagged, report.entries, flagged = db.run(
                self.con, "liquidation_file_stats", file_id=report.file_id
            ).fetchall()[0]
        self.version += 1  # liquidation facts change every entry's status and route
        report.rows_skipped = report.rows_read - report.rows_kept
        header = report.columns_matched.get("liquidation_date", "Liquidation Date")
        report.issues = [
            RowIssue(row=row, column=header, message="cannot read the liquidation date") for row in flagged or []
        ]
        return report

    def merge(self) -> None:
        """Build `lines`, `tariff_classes` and `entries` from every file loaded (once per change)."""
        with self.lock:
            if not self._merged:
                db.run(self.con, "merge_lines")
                db.run(self.con, "classify", **RATE_TOLERANCE)
                db.run(self.con, "entries")
                self._merged = True
                self._apply_scope()

    def compact(self) -> None:
        """Merge, then compress what the merge built (the loaded rows were compressed as each file came in):
        what a hosted session holds between clicks (1.5M rows: 712 MB -> 75 MB). The dashboard does it once
        a batch of files is in; the command line, which exits, does not."""
        with self.lock:
            if not self._merged:  # restored files: their rows compressed first, then merged beside them
                self._checkpoint()
            self.merge()
            self._checkpoint()

    def set_filters(
        self,
        importers: Sequence[str] = (),
        filers: Sequence[str] = (),
        ports: Sequence[str] = (),
        programs: Sequence[str] = (),
    ) -> None:
        """Limit every page-level query to matching entries (sql/scope.sql); empty lists mean all. The
        same filters again change nothing (the dashboard sets them on every page run: had each run
        changed `version`, it would have built every derived table again, the routes for 1M rows
        among them)."""
        with self.lock:
            chosen = {
                "importers": list(importers),
                "filers": list(filers),
                "ports": list(ports),
                "programs": list(programs),
            }
            if self._merged and chosen == self.filters:
                return
            self.filters = chosen
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
        with self.lock:
            self.merge()
            return db.arrow(self.con, text, **params)

    def query(self, name: str, first: int | None = None, /, **params: object) -> pa.Table:
        """Run one of the .sql files over the merged tables (its `first` rows, or all)."""
        with self.lock:
            self.merge()
            return db.arrow_file(self.con, name, first, **params)

    def query_setup(self, name: str, **params: object) -> None:
        """Run a .sql file that builds a temporary table over the merged tables (routes, say), unless
        it was already built for the same parameters, data and filters."""
        with self.lock:
            self.merge()
            key = (tuple(sorted(params.items())), self.version)
            if self.built.get(name) != key:
                db.run(self.con, name, **params)
                self.built[name] = key

    def stored_file(self, report: FileReport) -> StoredFile:
        """A loaded file as its workspace keeps it: the report and the file's typed rows."""
        with self.lock:
            rows = db.statements("workspace")
            return StoredFile(
                report.file_id,
                self.file_sizes.get(report.file_id, 0),
                report.model_dump(mode="json"),
                db.arrow(self.con, rows["file_lines"], file_id=report.file_id),
                db.arrow(self.con, rows["file_liquidations"], file_id=report.file_id),
                db.arrow(self.con, rows["file_rates"], file_id=report.file_id),
            )

    def tracker_rows(self) -> pa.Table:
        with self.lock:
            return db.arrow(self.con, db.statements("workspace")["tracker"])

    def restore(self, files: list[StoredFile] | None = None, tracker: pa.Table | None = None) -> None:
        """Put saved files (all of them, in place of the loaded ones) and/or a saved tracker back, in one
        transaction."""
        rows = db.statements("workspace")
        with self.lock:
            self.con.begin()
            try:
                if files is not None:
                    db.execute(self.con, rows["clear_files"])
                    for file in files:
                        self.con.register("restored_lines", file.raw_lines)
                        self.con.register("restored_liquidations", file.liquidations)
                        self.con.register("restored_rates", file.rates_table(self.con))
                        report = file.report
                        db.execute(
                            self.con,
                            rows["restore_file"],
                            file_id=file.file_id,
                            name=report["name"],
                            status=report["status"],
                        )
                if tracker is not None:
                    self.con.register("restored_tracker", tracker)
                    db.execute(self.con, rows["restore_tracker"])
                self.con.commit()
            except BaseException:
                self.con.rollback()
                raise
            finally:
                for name in ("restored_lines", "restored_liquidations", "restored_rates", "restored_tracker"):
                    self.con.unregister(name)
            if files is not None:  # a rate table held unsaved goes with the files it was shown beside
                self.reports = [FileReport.model_validate(f.report) for f in files]
                self.file_sizes = {f.file_id: f.size for f in files}
                self.held_rates.clear()
                self._merged = False
                self.version += 1

    def remove_file(self, file_id: int) -> None:
        """Take one loaded file out (a wrong export, a rate table not to use): its rows go, the figures are
        worked out again without them, and the other files and the tracker stay."""
        with self.lock:
            self.con.begin()
            try:
                db.execute(self.con, db.statements("workspace")["remove_file"], file_id=file_id)
                self.con.commit()
            except BaseException:
                self.con.rollback()
                raise
            self.reports = [r for r in self.reports if r.file_id != file_id]
            self.file_sizes.pop(file_id, None)
            self.held_rates.pop(file_id, None)
            self._merged = False
            self.version += 1

    def conflicts(self) -> list[Conflict]:
        return [Conflict(**row) for row in db.arrow_file(self.con, "conflicts").to_pylist()]

    @property
    def loaded(self) -> bool:
        """At least one ES-003 file gave rows (a liquidation list alone holds no entries)."""
        return any(r.status == "ok" and r.content == "es003" and r.rows_kept for r in self.reports)


def _sheet_report(
    file_id: int, name: str, sheet: RawSheet, content: Content, rows: int, matched: dict[str, str]
) -> FileReport:
    """What a file that was read is, before its rows are loaded: `rows` not blank, and the malformed ones."""
    return FileReport(
        file_id=file_id,
        name=name,
        status="ok",
        kind=sheet.kind,
        sheet=sheet.sheet,
        content=content,
        header_row=sheet.header_row,
        rows_read=rows + sheet.malformed_rows,
        columns_matched=matched,
        warnings=sheet.warnings,
    )


def _staged_table(sheet: RawSheet, mapped: dict[int, str]) -> pa.Table:
    """The sheet's non-blank rows, with canonical column names, every known column present, and the
    other columns packed into one struct column `extra`."""
    entry_column = next((f"c{i}" for i, name in mapped.items() if name == "entry_number"), "c0")
    table = _blank_rows_out(sheet.table, [f"c{i}" for i in range(len(sheet.headers))], entry_column)
    rows = table.num_rows
    by_name = {name: table.column(f"c{i}") for i, name in mapped.items()}
    # A column the file lacks is NULL, not empty text: the parsers then skip it (a date parser's patterns
    # on 1.5M empty cells took 0.05-0.09 s a column) and type it the same (nothing, no problem).
    absent = pa.nulls(rows, pa.string())
    data = {c.name: by_name.get(c.name, absent) for c in COLUMNS}
    extra_positions = [i for i in range(len(sheet.headers)) if i not in mapped]
    if extra_positions:
        data["extra"] = pa.StructArray.from_arrays(
            [pc.cast(table.column(f"c{i}"), pa.string()).combine_chunks() for i in extra_positions],
            names=[sheet.headers[i] for i in extra_positions],
        )
    else:
        data["extra"] = pa.nulls(rows, pa.string())
    data["_row"] = table.column("_row")
    return pa.table(data)


def _blank_rows_out(table: pa.Table, cells: list[str], first: str) -> pa.Table:
    """The table without its rows of empty cells. A blank row has an empty `first` cell too, so only the
    rows with one are looked at (most files have none: for 1.5M rows, 0.02 s instead of 0.4-0.5 s)."""
    if not cells:
        return table
    maybe = pc.indices_nonzero(pc.equal(pc.binary_length(table.column(first)), 0))
    if not len(maybe):
        return table
    longest = pc.max_element_wise(*[pc.binary_length(pc.take(table.column(c), maybe)) for c in cells])
    blank = pc.filter(maybe, pc.equal(longest, 0))
    if not len(blank):
        return table
    kept = np.ones(table.num_rows, dtype=bool)
    kept[blank.to_numpy()] = False
    return table.filter(pa.array(kept))


def _issue(
    row: int, column: str, value: str, kind: str, headers: dict[str, str], duty: Decimal | None = None
) -> RowIssue:
    header = headers.get(column, BY_NAME[column].header)
    if kind == "skipped":
        message = f"not an entry number ({value or 'empty'!r}): the row and its duty of {dollars(duty)} were skipped"
    elif kind == "rejected":
        message = _REJECT_REASONS[column]
    else:
        message = _FLAG_REASONS[BY_NAME[column].kind].format(value=value)
    return RowIssue(row=row, column=header, message=message)
