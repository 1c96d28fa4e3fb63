"""CAPE declaration files: CBP's template (ACEP_CapeEntryNumberUploadTemplate) is a CSV with one column
headed "Entry Number", entry numbers only, at most 9,999 per declaration (CSMS of 2026-04-13, summarised
at info.expeditors.com/newsflash/cbp-publishes-phase-1-cape-guidance)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pyarrow as pa
import pyarrow.compute as pc

from acecore import db
from acecore.analysis import Analysis
from acecore.export import neutralise
from acecore.recovery import build_routes

MAX_ENTRIES = 9_999
HEADER = "Entry Number"


def cape_checks_table(analysis: Analysis, as_of: dt.date) -> pa.Table:
    """Every entry CAPE would take (or would but for its type), and those the tracker shows declared:
    "ready", or its `status` (fix first, not accepted, already declared) with what CBP would reject
    (`problems`, from data/cape_rejections.csv as in force on `as_of`), what to do (`fix`) and who
    does it (`by`)."""
    with analysis.lock:
        build_routes(analysis, as_of)
        return db.arrow_file(analysis.con, "cape_checks", as_of=as_of)


def ready_split(checks: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Of `cape_checks_table`: the entries to declare now (no check blocks them), and the others."""
    ready = pc.equal(checks["status"], "ready")
    return checks.filter(ready), checks.filter(pc.invert(ready))


def cape_entries(analysis: Analysis, as_of: dt.date) -> list[dict]:
    """The entries to declare now: CAPE takes them, they are not yet filed, and no check fails."""
    return ready_split(cape_checks_table(analysis, as_of))[0].to_pylist()


def cape_left_out(checks: pa.Table) -> list[dict]:
    """Of `cape_checks_table`, the entries no declaration file holds, with why and what to do."""
    return [
        {"entry_number": e["entry_number"], "ieepa_duty": e["ieepa_duty"], "reason": f"{e['problems']}: {e['fix']}"}
        for e in ready_split(checks)[1].to_pylist()
    ]


def declaration_files(entry_numbers: list[str], prefix: str = "cape-declaration") -> list[tuple[str, bytes]]:
    """Split into files of at most 9,999 entries, numbered 1 of N. Entry numbers reach here checked;
    the formula guard of every other export applies all the same."""
    entry_numbers = neutralise(pa.chunked_array([entry_numbers], pa.string())).to_pylist()
    chunks = [entry_numbers[i : i + MAX_ENTRIES] for i in range(0, len(entry_numbers), MAX_ENTRIES)]
    return [
        (f"{prefix}-{n}-of-{len(chunks)}.csv", ("\r\n".join([HEADER, *chunk]) + "\r\n").encode("ascii"))
        for n, chunk in enumerate(chunks, start=1)
    ]


def declaration_zip(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return out.getvalue()
