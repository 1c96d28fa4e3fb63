"""Two ES-003 pulls compared: the later pull is the earlier one with some entries reliquidated without
their IEEPA lines (CAPE accepted), one IEEPA line cut, one entry liquidated, one gone, one new and one
ordinary duty changed; the comparison finds exactly those."""

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pytest

from acecore.analysis import Analysis
from acecore.cli import main
from acecore.compare import ACCEPTED_NOTE, accept_removed, compare
from acecore.sample import generate, to_csv
from acecore.tracker import load_tracker
from tests.helpers import dec, parse_csv, write_csv

pytestmark = pytest.mark.slow  # the fast loop leaves these out (README)

ENTRY, HTS, DUTY, LIQUIDATED = (
    "Entry Summary Number",
    "HTS Number - Full",
    "Line Tariff Duty Amount",
    "Liquidation Date",
)
IEEPA_PREFIXES = ("990301", "990302")


def is_ieepa(row: dict[str, str]) -> bool:
    return row[HTS].startswith(IEEPA_PREFIXES) and dec(row[DUTY]) > 0


@pytest.fixture(scope="module")
def pulls() -> tuple[bytes, bytes, dict[str, set[str]]]:
    """The earlier pull, the later pull, and the entries changed in each way."""
    rows = parse_csv(to_csv(generate(entries=120, seed=8)))
    by_entry: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_entry.setdefault(row[ENTRY], []).append(row)
    pick = random.Random(3)
    with_ieepa = sorted(e for e, r in by_entry.items() if any(is_ieepa(x) for x in r))
    only_one = [e for e in with_ieepa if sum(is_ieepa(x) for x in by_entry[e]) == 1]
    removed = set(pick.sample(with_ieepa, 7))
    reduced = {next(e for e in only_one if e not in removed)}
    unliquidated = sorted(e for e, r in by_entry.items() if not r[0][LIQUIDATED] and e not in removed | reduced)
    liquidated, gone = {unliquidated[0]}, {unliquidated[1]}
    changed = {unliquidated[2]}
    later = []
    for entry, entry_rows in by_entry.items():
        for row in entry_rows:
            row = dict(row)
            if entry in gone or (entry in removed and row[HTS].startswith(IEEPA_PREFIXES)):
                continue
            if entry in reduced and is_ieepa(row):
                row[DUTY] = str(dec(row[DUTY]) / 2)
            if entry in liquidated:
                row[LIQUIDATED] = "11/20/2026"
            if entry in changed and not row[HTS].startswith("99"):
                row[DUTY] = str(dec(row[DUTY]) + Decimal("10.00"))
            later.append(row)
    new = dict(later[0], **{ENTRY: "BII05992854"})  # an entry number with a valid check digit
    later.append(new)
    expected = {
        "ieepa removed": removed,
        "ieepa reduced": reduced,
        "liquidated": liquidated,
        "entry gone": gone,
        "new entry": {"BII05992854"},
        "duty changed": changed,
    }
    return write_csv(rows), write_csv(later), expected


def loaded(data: bytes) -> Analysis:
    analysis = Analysis()
    analysis.add_file("pull.csv", data)
    return analysis


def test_the_comparison_finds_exactly_the_entries_that_changed(pulls: tuple) -> None:
    before, after, expected = pulls
    changes = compare(loaded(before), loaded(after)).to_pylist()
    found: dict[str, set[str]] = {}
    for row in changes:
        found.setdefault(row["change"], set()).add(row["entry_number"])
    assert found == expected
    earlier = {r["entry_number"]: r for r in loaded(before).sql("SELECT * FROM entries").to_pylist()}
    for row in changes:
        if row["change"] == "ieepa removed":
            assert row["ieepa_after"] == 0 and row["ieepa_before"] == earlier[row["entry_number"]]["ieepa_duty"] > 0
        if row["change"] == "ieepa reduced":
            assert row["ieepa_after"] * 2 == pytest.approx(row["ieepa_before"], abs=Decimal("0.01"))


def test_the_tracker_takes_the_accepted_entries_but_not_over_the_users_own_status(pulls: tuple) -> None:
    before, after, expected = pulls
    later = loaded(after)
    removed = sorted(expected["ieepa removed"])
    header = "entry_number,action_status,filed_date,reference,refund_amount,refund_date,interest_amount,notes\n"
    load_tracker(
        later,
        "mine.csv",
        (
            header
            + f"{removed[0]},filed,2026-05-02,CAPE-1,,,,sent by broker\n{removed[1]},rejected,2026-05-02,CAPE-2,,,,\n"
        ).encode(),
    )
    report = accept_removed(later, compare(loaded(before), later))
    assert report is not None and report.status == "ok"
    tracker = {r["entry_number"]: r for r in later.tracker_rows().to_pylist()}
    assert tracker[removed[0]]["action_status"] == "accepted"
    assert (tracker[removed[0]]["reference"], tracker[removed[0]]["notes"]) == (
        "CAPE-1",
        f"sent by broker; {ACCEPTED_NOTE}",
    )
    assert tracker[removed[0]]["filed_date"] == dt.date(2026, 5, 2)
    assert tracker[removed[1]]["action_status"] == "rejected"  # the user's word stands
    assert {e for e, r in tracker.items() if r["action_status"] == "accepted"} == set(removed) - {removed[1]}


def test_the_command_line_writes_changes_and_the_updated_tracker(pulls: tuple, tmp_path: Path) -> None:
    before, after, expected = pulls
    (tmp_path / "before.csv").write_bytes(before)
    (tmp_path / "after.csv").write_bytes(after)
    out = tmp_path / "out"
    assert main(["compare", "--before", str(tmp_path / "before.csv"), "--after", str(tmp_path / "after.csv"),
                 "--out", str(out), "--tracker", str(tmp_path / "none.csv")]) == 0  # fmt: skip
    rows = parse_csv((out / "changes.csv").read_bytes())
    assert list(rows[0])[:4] == ["entry_number", "change", "ieepa_before", "ieepa_after"]
    assert {r["entry_number"] for r in rows if r["change"] == "ieepa removed"} == expected["ieepa removed"]
    tracker = parse_csv((out / "tracker.csv").read_bytes())
    assert {r["entry_number"] for r in tracker if r["action_status"] == "accepted"} == expected["ieepa removed"]


def test_the_compare_page_shows_the_changes_and_marks_the_tracker(pulls: tuple, app) -> None:  # noqa: ANN001 - AppTest
    from acecore.words import CHANGE_WORDS
    from tests.test_pages import upload

    before, after, expected = pulls
    upload(app, "later.csv", after)
    app.switch_page("pages/compare.py").run()
    upload(app, "earlier.csv", before, key=f"compare_upload_{app.session_state['work'].upload_round}")
    assert not app.exception and not app.error
    shown = {m.label: m.value for m in app.main.metric}  # in words: "IEEPA lines gone (accepted)", not a code
    assert {CHANGE_WORDS[change]: shown[CHANGE_WORDS[change]] for change in expected} == {
        CHANGE_WORDS[change]: f"{len(entries):,}" for change, entries in expected.items()
    }
    next(b for b in app.button if b.label.startswith("Mark the")).click().run()
    assert any("marked accepted" in s.value for s in app.success)
    tracker = app.session_state["work"].analysis.tracker_rows().to_pylist()
    assert {r["entry_number"] for r in tracker if r["action_status"] == "accepted"} == expected["ieepa removed"]
