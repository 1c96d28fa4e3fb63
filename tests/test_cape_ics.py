"""CAPE declaration files (CBP's one-column template, 9,999 entries at most) and the deadline calendar."""

import datetime as dt
import io
import zipfile

from acecore.analysis import Analysis
from acecore.cape import MAX_ENTRIES, cape_entries, declaration_files, declaration_zip
from acecore.ics import deadlines_ics
from acecore.recovery import routes
from acecore.sample import generate, to_csv
from acecore.tracker import export_tracker, load_tracker
from tests.helpers import entry_number, parse_csv, write_csv

AS_OF = dt.date(2026, 11, 24)


def test_split_at_9999_entries() -> None:
    numbers = [entry_number("Z4K", n) for n in range(MAX_ENTRIES * 2 + 5)]
    files = declaration_files(numbers)
    assert [name for name, _ in files] == [f"cape-declaration-{n}-of-3.csv" for n in (1, 2, 3)]
    bodies = [data.decode("ascii").split("\r\n") for _, data in files]
    assert all(body[0] == "Entry Number" and body[-1] == "" for body in bodies)
    assert [len(body) - 2 for body in bodies] == [MAX_ENTRIES, MAX_ENTRIES, 5]
    assert [n for body in bodies for n in body[1:-1]] == numbers
    archive = zipfile.ZipFile(io.BytesIO(declaration_zip(files)))
    assert archive.namelist() == [name for name, _ in files]
    assert declaration_files([]) == []


def test_cape_entries_are_those_cape_takes_and_not_yet_filed() -> None:
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(generate(entries=200, seed=17)))
    chosen = cape_entries(analysis, AS_OF)
    table = {r["entry_number"]: r for r in routes(analysis, AS_OF).to_pylist()}
    expected = {e for e, r in table.items() if any(p.startswith("CAPE declaration") for p in r["open_paths"])}
    assert {c["entry_number"] for c in chosen} == expected and expected
    filed = chosen[0]["entry_number"]
    rows = parse_csv(export_tracker(analysis, AS_OF))
    next(r for r in rows if r["entry_number"] == filed)["action_status"] = "filed"
    load_tracker(analysis, "tracker.csv", write_csv(rows))
    assert filed not in {c["entry_number"] for c in cape_entries(analysis, AS_OF)}


def test_calendar_has_one_event_per_deadline_and_path() -> None:
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(generate(entries=200, seed=17)))
    text = deadlines_ics(analysis, AS_OF).decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    groups = {(r["deadline"], r["path"]) for r in routes(analysis, AS_OF).to_pylist() if r["deadline"]}
    assert unfolded.count("BEGIN:VEVENT") == len(groups)
    for day, path in groups:
        assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in unfolded
        assert f"SUMMARY:{path} deadline" in unfolded
    assert "TRIGGER:-P7D" in unfolded
