"""CAPE declaration files: CBP's template (ACEP_CapeEntryNumberUploadTemplate) is a CSV with one column
headed "Entry Number", entry numbers only, at most 9,999 per declaration (CSMS of 2026-04-13, summarised
at info.expeditors.com/newsflash/cbp-publishes-phase-1-cape-guidance)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from acecore import db
from acecore.analysis import Analysis
from acecore.recovery import build_routes
from acecore.tracker import DONE_STATUSES

MAX_ENTRIES = 9_999
HEADER = "Entry Number"


def cape_entries(analysis: Analysis, as_of: dt.date) -> list[dict]:
    build_routes(analysis, as_of)
    return db.arrow_file(analysis.con, "cape_entries", done=list(DONE_STATUSES)).to_pylist()


def declaration_files(entry_numbers: list[str], prefix: str = "cape-declaration") -> list[tuple[str, bytes]]:
    """Split into files of at most 9,999 entries, numbered 1 of N."""
    chunks = [entry_numbers[i:i + MAX_ENTRIES] for i in range(0, len(entry_numbers), MAX_ENTRIES)]
    return [(f"{prefix}-{n}-of-{len(chunks)}.csv", ("\r\n".join([HEADER, *chunk]) + "\r\n").encode("ascii"))
            for n, chunk in enumerate(chunks, start=1)]


def declaration_zip(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return out.getvalue()
