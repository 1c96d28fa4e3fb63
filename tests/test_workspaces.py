"""Workspaces: what a user uploaded and edited outlives the session, on both stores (DuckDB files and a
real PostgreSQL server), and a server killed in the middle of a save leaves the last complete state."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from acecore.analysis import Analysis
from acecore.sample import generate, to_csv
from acecore.stores import FileStore, PostgresStore, Store, WorkspaceDamaged, WorkspaceInfo, WorkspaceNotFound
from acecore.tracker import load_tracker
from acecore.workspaces import StorageConfig, Workspace, plain_cause
from tests.helpers import analysis_files
from tests.postgres import REQUIRED, binaries, postgres_server

pytestmark = pytest.mark.slow  # the fast loop leaves these out (README)

AS_OF = dt.date(2026, 11, 25)
FIRST = to_csv(generate(entries=80, seed=11))
SECOND = to_csv(generate(entries=50, seed=12))
TRACKER_HEADER = "entry_number,action_status,filed_date,reference,refund_amount,refund_date,interest_amount,notes\n"


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    if binaries() is None:
        if REQUIRED:
            raise RuntimeError("PostgreSQL server not installed; .ci/run installs Debian's postgresql package")
        pytest.skip("PostgreSQL server not installed (apt-get install postgresql)")
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["files", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "files":
        return FileStore(tmp_path / "workspaces")
    return PostgresStore(request.getfixturevalue("postgres_url"))


def uploaded(workspace: Workspace, name: str, data: bytes) -> None:
    """What the dashboard's upload queue does: load (a rate table that moves the figures held until it is
    used), then save."""
    workspace.loaded("es003", workspace.analysis.add_file(name, data, hold_rates=True))


def rates_used(workspace: Workspace, file_id: int) -> None:
    """What the Upload page's "Use this table" does."""
    workspace.file_loaded(workspace.analysis.use_rates(file_id))


def edited(workspace: Workspace, rows: str) -> None:
    workspace.loaded(
        "tracker", load_tracker(workspace.analysis, "edits on this page", (TRACKER_HEADER + rows).encode())
    )


def first_ieepa_entries(analysis: Analysis, count: int) -> list[str]:
    found = analysis.sql(
        "SELECT entry_number FROM entries WHERE ieepa_duty > 0 ORDER BY entry_number LIMIT $n", n=count
    )
    return found["entry_number"].to_pylist()


def test_a_reopened_workspace_gives_every_output_byte_for_byte(store: Store) -> None:
    mine = Workspace.create(store, Analysis(), None, {})
    uploaded(mine, "ES-003 march.csv", FIRST)
    uploaded(mine, "ES-003 april.csv", SECOND)
    uploaded(mine, "broken.csv", b"\x00\x01 not a report")
    entry = first_ieepa_entries(mine.analysis, 1)[0]
    edited(mine, f"{entry},refunded,2026-05-01,CAPE-77,1234.56,2026-07-01,12.34,paid in full\n")
    mine.save_settings({"window": 6, "filter_port": ["2704"], "as_of": "2026-10-01"})
    assert mine.save_error is None

    again = Workspace.open(store, mine.id, Analysis(), None)

    assert again.settings == {"window": 6, "filter_port": ["2704"], "as_of": "2026-10-01"}
    assert [r.model_dump() for r in again.analysis.reports] == [r.model_dump() for r in mine.analysis.reports]
    assert again.analysis.uploaded_bytes == len(FIRST) + len(SECOND)
    assert analysis_files(again.analysis, AS_OF, 12) == analysis_files(mine.analysis, AS_OF, 12)
    [row] = again.analysis.tracker_rows().to_pylist()
    assert (row["entry_number"], row["reference"], str(row["refund_amount"])) == (entry, "CAPE-77", "1234.56")


def test_two_sessions_uploading_at_once_on_one_link_both_keep_their_file(store: Store) -> None:
    """Security review 2, N1: each session numbered its next file from what it held, so both saved file 2;
    the second save broke the primary key, and the reload then dropped that file from its own tab too. The
    store now keeps the second under the next free id, and both sessions, and a fresh open, hold both."""
    first = Workspace.create(store, Analysis(), None, {})
    uploaded(first, "shared.csv", FIRST)
    second = Workspace.open(store, first.id, Analysis(), None)
    third = to_csv(generate(entries=40, seed=13))
    uploaded(first, "team A.csv", SECOND)  # file 2 in first's tab
    uploaded(second, "team B.csv", third)  # file 2 in second's tab too, saved after it
    assert first.save_error is None and second.save_error is None
    for tab in (first, second):
        tab.refresh()
        assert [r.name for r in tab.analysis.reports] == ["shared.csv", "team A.csv", "team B.csv"]
    fresh = Workspace.open(store, first.id, Analysis(), None)
    assert [(r.file_id, r.name) for r in fresh.analysis.reports] == [
        (1, "shared.csv"),
        (2, "team A.csv"),
        (3, "team B.csv"),
    ]
    together = Analysis()
    for name, data in (("shared.csv", FIRST), ("team A.csv", SECOND), ("team B.csv", third)):
        together.add_file(name, data)
    assert analysis_files(fresh.analysis, AS_OF, 12) == analysis_files(together, AS_OF, 12)
    assert analysis_files(second.analysis, AS_OF, 12) == analysis_files(together, AS_OF, 12)


def test_tracker_edits_of_two_sessions_are_merged_cell_by_cell_and_a_clash_is_a_choice(store: Store) -> None:
    """Security review 2, N3: the whole tracker was replaced on each save, so the last writer silently won."""
    first = Workspace.create(store, Analysis(), None, {})
    uploaded(first, "shared.csv", FIRST)
    one, two = first_ieepa_entries(first.analysis, 2)
    second = Workspace.open(store, first.id, Analysis(), None)
    edited(first, f"{one},filed,2026-06-02,A-REF,,,,\n")  # different entries: both kept
    edited(second, f"{two},filed,2026-06-03,B-REF,,,,\n")
    assert first.save_error is None and second.save_error is None and not second.conflicts
    stored = {
        r["entry_number"]: r
        for r in Workspace.open(store, first.id, Analysis(), None).analysis.tracker_rows().to_pylist()
    }
    assert (stored[one]["reference"], stored[two]["reference"]) == ("A-REF", "B-REF")
    assert {r["entry_number"]: r["reference"] for r in second.analysis.tracker_rows().to_pylist()} == {
        one: "A-REF",
        two: "B-REF",
    }  # the other session's edit is in this tab too

    first.refresh()
    edited(first, f"{one},filed,2026-06-02,A-2,,,,\n")  # the same cell from both: the second to save chooses
    edited(second, f"{one},filed,2026-06-02,B-2,,,,first try\n")
    assert [(c.entry_number, c.column, c.yours, c.theirs) for c in second.conflicts] == [
        (one, "reference", "B-2", "A-2")
    ]
    after = {r["entry_number"]: r for r in second.analysis.tracker_rows().to_pylist()}
    assert (after[one]["reference"], after[one]["notes"]) == ("A-2", "first try")  # theirs kept, the other cell merged
    second.resolve(second.conflicts[0], keep_yours=True)
    assert not second.conflicts and second.save_error is None
    stored = {
        r["entry_number"]: r
        for r in Workspace.open(store, first.id, Analysis(), None).analysis.tracker_rows().to_pylist()
    }
    assert (stored[one]["reference"], stored[one]["notes"]) == ("B-2", "first try")


def test_another_session_takes_saved_files_and_edits_on_its_next_run(store: Store) -> None:
    mine = Workspace.create(store, Analysis(), None, {})
    assert mine.refresh() == ()  # a new workspace has nothing to reload (a reload would drop a loading file)
    uploaded(mine, "first.csv", FIRST)
    colleague = Workspace.open(store, mine.id, Analysis(), None)
    assert colleague.refresh() == ()  # nothing new

    uploaded(mine, "second.csv", SECOND)
    entry = first_ieepa_entries(mine.analysis, 1)[0]
    edited(mine, f"{entry},filed,2026-06-02,PSC-1,,,,\n")
    assert colleague.refresh() == ("files", "tracker")
    assert [r.name for r in colleague.analysis.reports] == ["first.csv", "second.csv"]
    assert colleague.analysis.tracker_rows()["action_status"].to_pylist() == ["filed"]

    edited(colleague, f"{entry},accepted,2026-06-02,PSC-1,,,,\n")  # and back the other way
    assert colleague.refresh() == ()  # its own save is not news to it
    assert mine.refresh() == ("tracker",)
    assert mine.analysis.tracker_rows()["action_status"].to_pylist() == ["accepted"]


def test_removing_the_files_keeps_the_tracker(store: Store) -> None:
    mine = Workspace.create(store, Analysis(), None, {})
    uploaded(mine, "first.csv", FIRST)
    entry = first_ieepa_entries(mine.analysis, 1)[0]
    edited(mine, f"{entry},filed,2026-06-02,PSC-1,,,,\n")
    mine.analysis.restore(files=[])
    mine.files_removed()

    again = Workspace.open(store, mine.id, Analysis(), None)
    assert again.analysis.reports == [] and not again.analysis.loaded
    assert again.analysis.tracker_rows()["entry_number"].to_pylist() == [entry]


def test_a_deleted_workspace_is_gone_and_saving_to_it_says_so(store: Store) -> None:
    mine = Workspace.create(store, Analysis(), None, {})
    uploaded(mine, "first.csv", FIRST)
    mine.delete()
    with pytest.raises(WorkspaceNotFound):
        Workspace.open(store, mine.id, Analysis(), None)
    uploaded(mine, "second.csv", SECOND)
    assert "deleted" in mine.save_error
    assert mine.analysis.loaded  # the session keeps what it shows


def test_ids_that_are_not_ours_open_nothing(store: Store) -> None:
    for ws in ("../../etc/passwd", "x" * 32, "", "A" * 31 + "/"):
        with pytest.raises(WorkspaceNotFound):
            Workspace.open(store, ws, Analysis(), None)


def test_idle_workspaces_are_removed(store: Store) -> None:
    old = Workspace.create(store, Analysis(), None, {}).id
    recent = Workspace.create(store, Analysis(), None, {}).id
    if isinstance(store, FileStore):
        long_ago = time.time() - 40 * 86400
        os.utime(store.path(old), (long_ago, long_ago))
    else:
        with store._open() as cur:  # the only way to age a row: set its last use
            cur.execute("UPDATE ace_workspaces SET last_used = now() - interval '40 days' WHERE id = %s", [old])
    assert store.expire(idle_days=30) == [old]
    with pytest.raises(WorkspaceNotFound):
        store.versions(old)
    assert store.versions(recent)["files"] == 0


def test_with_sign_in_only_the_owner_and_added_people_open_it(store: Store) -> None:
    mine = Workspace.create(store, Analysis(), "Ana@Importer.example", {})
    with pytest.raises(PermissionError):
        Workspace.open(store, mine.id, Analysis(), None)
    with pytest.raises(PermissionError):
        Workspace.open(store, mine.id, Analysis(), "broker@customs.example")
    store.set_members(mine.id, ["broker@customs.example"])
    Workspace.open(store, mine.id, Analysis(), "BROKER@customs.example")
    Workspace.open(store, mine.id, Analysis(), "ana@importer.example")


def test_access_rule() -> None:
    now = dt.datetime.now(dt.UTC)
    assert WorkspaceInfo(None, [], now, now).allows(None)
    assert not WorkspaceInfo("a@x.example", [], now, now).allows(None)
    assert WorkspaceInfo("a@x.example", ["b@y.example"], now, now).allows("B@Y.example")


def test_a_store_that_fails_leaves_the_session_working(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    mine = Workspace.create(store, Analysis(), None, {})
    store.path(mine.id).write_bytes(b"not a database any more")  # a disk that went bad
    uploaded(mine, "first.csv", FIRST)
    assert mine.save_error and "damaged and has been set aside" in mine.save_error  # said, not "try again" for good
    assert mine.analysis.loaded
    [aside] = tmp_path.glob(f"{mine.id}.duckdb.damaged-*")  # renamed, never deleted: a person may recover it
    assert aside.read_bytes() == b"not a database any more"
    with pytest.raises(WorkspaceNotFound):
        Workspace.open(store, mine.id, Analysis(), None)


def test_a_workspace_file_found_damaged_on_opening_is_set_aside_once(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    ws = Workspace.create(store, Analysis(), None, {}).id
    data = bytearray(store.path(ws).read_bytes())
    data[:4096] = os.urandom(4096)  # security review 2, N7: the first 4 KB overwritten
    store.path(ws).write_bytes(bytes(data))
    with pytest.raises(WorkspaceDamaged):
        Workspace.open(store, ws, Analysis(), None)
    with pytest.raises(WorkspaceNotFound):  # the next try: gone from its place, not "try again" for good
        Workspace.open(store, ws, Analysis(), None)


class Flaky:
    """A store whose writes fail while `down` (a full disk, the database away), and work again after."""

    def __init__(self, store: Store, error: Exception) -> None:
        self.store, self.error, self.down = store, error, True

    def __getattr__(self, name: str) -> object:
        attribute = getattr(self.store, name)
        if name in ("add_file", "put", "clear_files") and callable(attribute):

            def failing(*args: object, **kwargs: object) -> object:
                if self.down:
                    raise self.error
                return attribute(*args, **kwargs)

            return failing
        return attribute


@pytest.mark.parametrize(
    "error, cause",
    [
        (duckdb.IOException("IO Error: No space left on device"), "the server's disk is full"),
        (OSError(28, "No space left on device"), "the server's disk is full"),
        (ConnectionError("connection refused"), "the database is unreachable"),
    ],
)
def test_a_failed_save_stays_pending_through_other_saves_and_lands_when_the_store_is_back(
    store: Store, error: Exception, cause: str
) -> None:
    """Security review 2, N2: a failed save was never tried again, and the next save of something else
    cleared the warning; a reload then lost the file."""
    flaky = Flaky(store, error)
    mine = Workspace.create(store, Analysis(), None, {})
    mine.store = flaky  # type: ignore[assignment]
    uploaded(mine, "first.csv", FIRST)
    entry = first_ieepa_entries(mine.analysis, 1)[0]
    edited(mine, f"{entry},filed,2026-06-02,CAPE-5,,,,\n")
    assert mine.save_error == f"not saved yet (retrying): 2 changes; {cause}"
    flaky.down = False
    mine.save_settings({"window": 6})  # an unrelated save waits behind the others: nothing is cleared by it
    assert mine.save_error is not None and len(mine.pending) == 3
    assert mine.retry(now=time.monotonic() + 120) and mine.save_error is None
    again = Workspace.open(store, mine.id, Analysis(), None)
    assert [r.name for r in again.analysis.reports] == ["first.csv"]
    assert again.analysis.tracker_rows()["reference"].to_pylist() == ["CAPE-5"] and again.settings == {"window": 6}


def test_a_pending_save_is_tried_again_only_after_its_pause(tmp_path: Path) -> None:
    flaky = Flaky(FileStore(tmp_path), OSError(28, "No space left on device"))
    mine = Workspace.create(flaky.store, Analysis(), None, {})
    mine.store = flaky  # type: ignore[assignment]
    uploaded(mine, "first.csv", FIRST)
    flaky.down = False
    assert not mine.retry(now=time.monotonic())  # the pause after a failure (2 s) is not over
    assert mine.retry(now=time.monotonic() + 3)
    assert plain_cause(RuntimeError("x")) == "an error on the server (RuntimeError)"


def test_storage_settings_from_environment_and_secrets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ACE_WORKSPACE_DIR", str(tmp_path))
    monkeypatch.setenv("ACE_WORKSPACE_IDLE_DAYS", "7")
    config = StorageConfig.load()
    assert (config.mode, config.directory, config.idle_days) == ("files", tmp_path, 7)
    assert isinstance(config.open_store(), FileStore)
    assert StorageConfig.load({"postgres_url": "postgresql://h/db"}).mode == "postgres"
    assert StorageConfig.load({"storage": "off"}).open_store() is None


# A process that keeps saving a large file to one workspace until it is killed.
SAVER = textwrap.dedent("""
    import sys
    import pyarrow as pa
    from acecore.analysis import Analysis
    from acecore.sample import generate, to_csv
    from acecore.stores import FileStore, PostgresStore
    from acecore.workspaces import Workspace
    from pathlib import Path

    kind, where, ws = sys.argv[1:4]
    store = FileStore(Path(where)) if kind == "files" else PostgresStore(where)
    analysis = Analysis()
    report = analysis.add_file("big.csv", to_csv(generate(entries=3000, seed=5)))
    stored = analysis.stored_file(report)
    for file_id in range(1, 1000):
        lines = stored.raw_lines.set_column(
            stored.raw_lines.schema.get_field_index("file_id"), "file_id",
            pa.repeat(pa.scalar(file_id, pa.int32()), stored.raw_lines.num_rows),
        )
        stored.file_id, stored.raw_lines = file_id, lines
        stored.report["file_id"] = file_id
        print("saving", file_id, flush=True)
        store.add_file(ws, stored)
        if file_id % 3 == 0:
            print("clearing", flush=True)
            store.clear_files(ws)
""")


@pytest.mark.parametrize("delay", [0.0, 0.03, 0.08])
def test_a_server_killed_mid_save_leaves_the_last_complete_state(store: Store, tmp_path: Path, delay: float) -> None:
    ws = Workspace.create(store, Analysis(), None, {}).id
    where = str(store.directory) if isinstance(store, FileStore) else store.url
    kind = "files" if isinstance(store, FileStore) else "postgres"
    saver = subprocess.Popen(
        [sys.executable, "-c", SAVER, kind, where, ws],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    started = 0
    for line in saver.stdout:
        started += line.startswith("saving")
        if started == 3:  # the third save is under way
            time.sleep(delay)
            saver.send_signal(signal.SIGKILL)
            break
    saver.wait(timeout=30)
    assert saver.returncode == -signal.SIGKILL

    saved = store.load(ws)
    # whole files only: each record has all of its rows; the file records, the clears (after every third
    # file) and the version count move together or not at all
    ids = [f.file_id for f in saved.files]
    version = saved.versions["files"]
    if ids:
        assert ids == list(range(ids[0], ids[-1] + 1)) and ids[0] % 3 == 1 and len(ids) <= 3
        assert version == ids[-1] + (ids[-1] - 1) // 3
    else:
        assert version % 4 == 0
    for file in saved.files:
        assert file.raw_lines.num_rows == file.report["rows_kept"] > 20_000
        assert set(file.raw_lines["file_id"].to_pylist()) == {file.file_id}
    reopened = Workspace.open(store, ws, Analysis(), None)
    assert len(reopened.analysis.reports) == len(saved.files)
    reopened.analysis.merge()  # the merged tables build from what was saved


def test_the_idle_sweep_runs_once_an_hour_and_the_cli_sweeps_on_demand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from acecore.cli import main
    from acecore.workspaces import IdleSweep

    store = FileStore(tmp_path)
    old = Workspace.create(store, Analysis(), None, {}).id
    long_ago = time.time() - 40 * 86400
    os.utime(store.path(old), (long_ago, long_ago))
    sweep = IdleSweep(every=3600)
    assert sweep(store, idle_days=60) == []  # not idle long enough
    os.utime(store.path(Workspace.create(store, Analysis(), None, {}).id), (long_ago, long_ago))
    assert sweep(store, idle_days=30) == []  # an hour has not passed since the last sweep

    monkeypatch.setenv("ACE_WORKSPACE_DIR", str(tmp_path))
    assert main(["expire-workspaces", "--days", "30"]) == 0
    assert list(tmp_path.glob("*.duckdb")) == []


TOP_UP = (
    b"Entry Summary Number,Entry Date,Entry Summary Line Number,Country of Origin Code,Tariff Ordinal Number,"
    b"HTS Number - Full,Line Tariff Goods Value Amount,Line Tariff Duty Amount\n"
    b"EUR00000019,10/01/2025,1,DE,1,99030220,0,150.00\n"
    b"EUR00000019,10/01/2025,1,DE,2,3923900080,1000.00,0.00\n"
)
RATES = (
    b"hts8|mfn_text_rate|mfn_rate_type_code|mfn_ad_val_rate|begin_effect_date|end_effective_date\n"
    b"39239000|5.3%|7|0.053|01/01/2025|12/31/2025\n"
)


def top_up_recoverable(analysis: Analysis) -> list[object]:
    return analysis.sql("SELECT recoverable_duty FROM tariff_classes WHERE hts = '99030220'")[0].to_pylist()


def test_an_uploaded_rate_table_is_kept_with_the_workspace(store: Store) -> None:
    mine = Workspace.create(store, Analysis(), None, {})
    uploaded(mine, "tariff_database_2025.txt", RATES)
    uploaded(mine, "eu.csv", TOP_UP)
    assert top_up_recoverable(mine.analysis) == [Decimal("97.00")]  # 150.00 less the upload's 5.3%

    again = Workspace.open(store, mine.id, Analysis(), None)

    assert [r.content for r in again.analysis.reports] == ["rates", "es003"]
    assert top_up_recoverable(again.analysis) == [Decimal("97.00")]


def test_a_rate_table_that_moves_the_figures_is_used_only_once_the_user_says_so(store: Store) -> None:
    """Security review 2, N10: its effect is shown before it is used ("changes recoverable duty by -$53.00:
    use it?"); held, it moves no figure and is not saved; used, it is, for a colleague too."""
    mine = Workspace.create(store, Analysis(), None, {})
    uploaded(mine, "eu.csv", TOP_UP)
    shipped = top_up_recoverable(mine.analysis)
    colleague = Workspace.open(store, mine.id, Analysis(), None)

    uploaded(mine, "tariff_database_2025.txt", RATES)

    [held] = [r for r in mine.analysis.reports if r.content == "rates"]
    assert held.awaiting_use and held.status == "ok" and held.rows_kept == 1
    assert any(
        f"changes the recoverable IEEPA duty by -$23.00, from ${shipped[0]:.2f} to $97.00" in w for w in held.warnings
    )
    assert top_up_recoverable(mine.analysis) == shipped  # not used yet
    assert colleague.refresh() == () and len(Workspace.open(store, mine.id, Analysis(), None).analysis.reports) == 1

    rates_used(mine, held.file_id)

    assert not held.awaiting_use and top_up_recoverable(mine.analysis) == [Decimal("97.00")]
    assert colleague.refresh() == ("files",) and top_up_recoverable(colleague.analysis) == [Decimal("97.00")]
    again = Workspace.open(store, mine.id, Analysis(), None)
    assert [(r.content, r.awaiting_use) for r in again.analysis.reports] == [("es003", False), ("rates", False)]


def test_a_held_rate_table_goes_when_a_colleague_s_file_reloads_the_files(store: Store) -> None:
    """Held, it is not saved: the saved files that take the place of this tab's leave no stray table behind."""
    mine = Workspace.create(store, Analysis(), None, {})
    uploaded(mine, "eu.csv", TOP_UP)
    colleague = Workspace.open(store, mine.id, Analysis(), None)
    uploaded(mine, "tariff_database_2025.txt", RATES)
    assert mine.analysis.reports[-1].awaiting_use and mine.analysis.held_rates

    uploaded(colleague, "eu-again.csv", TOP_UP)

    assert mine.refresh() == ("files",)
    assert [r.name for r in mine.analysis.reports] == ["eu.csv", "eu-again.csv"] and not mine.analysis.held_rates


def test_a_rate_table_not_to_use_is_removed_alone_and_stays_removed(store: Store) -> None:
    """Its report says how it moves the figures; "Don't use this table" takes it out, here and in the
    workspace, and the export and the tracker stay; the next file gets a number of its own."""
    mine = Workspace.create(store, Analysis(), None, {})
    uploaded(mine, "eu.csv", TOP_UP)
    shipped = top_up_recoverable(mine.analysis)
    uploaded(mine, "tariff_database_2025.txt", RATES)
    rates_used(mine, 2)
    assert top_up_recoverable(mine.analysis) == [Decimal("97.00")] != shipped
    [entry] = first_ieepa_entries(mine.analysis, 1)
    edited(mine, f"{entry},filed,2026-05-01,CAPE-1,,,,kept\n")
    colleague = Workspace.open(store, mine.id, Analysis(), None)

    mine.analysis.remove_file(2)
    mine.file_removed(2)

    assert [r.name for r in mine.analysis.reports] == ["eu.csv"]
    assert top_up_recoverable(mine.analysis) == shipped  # the shipped schedule again
    assert colleague.refresh() == ("files",)  # a colleague's next page run: the files again, the tracker as it was
    again = Workspace.open(store, mine.id, Analysis(), None)
    for session in (colleague, again):
        assert [r.name for r in session.analysis.reports] == ["eu.csv"]
        assert top_up_recoverable(session.analysis) == shipped
        assert session.analysis.tracker_rows()["notes"].to_pylist() == ["kept"]
    uploaded(again, "eu-again.csv", TOP_UP)
    assert [r.file_id for r in again.analysis.reports] == [1, 2]  # the gap is filled after the highest, never twice


def test_a_workspace_file_saved_before_quantities_and_rate_tables_opens_and_takes_new_files(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "workspaces")
    mine = Workspace.create(store, Analysis(), None, {})
    uploaded(mine, "ES-003 march.csv", FIRST)
    with duckdb.connect(str(store.path(mine.id))) as con:  # the tables as an earlier version wrote them
        con.execute("DROP TABLE rates")
        for column in ("quantity_1", "uom_1", "quantity_2", "uom_2"):
            con.execute(f"ALTER TABLE raw_lines DROP COLUMN {column}")

    again = Workspace.open(store, mine.id, Analysis(), None)
    uploaded(again, "tariff_database_2025.txt", RATES)
    uploaded(again, "ES-003 april.csv", SECOND)

    assert again.save_error is None
    third = Workspace.open(store, mine.id, Analysis(), None)
    assert [r.name for r in third.analysis.reports] == [
        "ES-003 march.csv",
        "tariff_database_2025.txt",
        "ES-003 april.csv",
    ]
    assert third.analysis.sql("SELECT count(*) FROM lines")[0][0].as_py() == (
        again.analysis.sql("SELECT count(*) FROM lines")[0][0].as_py()
    )


def test_an_upload_the_workspace_or_the_server_has_no_room_for_is_refused_before_it_is_read(store: Store) -> None:
    """Issue 26: no disk quota per workspace or in all; a script could fill the workspace disk."""
    from acecore.limits import Limits
    from acecore.readers import ReadError
    from acecore.uploads import Uploads

    mine = Workspace.create(store, Analysis(), None, {})
    uploaded(mine, "first.csv", FIRST)
    used, everyone = store.usage(mine.id), store.usage()
    assert 0 < used <= everyone
    room = Limits(workspace_disk_mb=(used >> 20) + 2)
    mine.room_for(len(SECOND), room)  # fits
    with pytest.raises(ReadError, match="this workspace already takes"):
        mine.room_for(4 << 20, room)
    with pytest.raises(ReadError, match="room for saved work is full"):
        mine.room_for(2 << 20, Limits(workspaces_disk_mb=1))  # 1 MB counted, beside what is there

    queue = Uploads(mine.analysis)
    queue.after, queue.before = mine.loaded, lambda size: mine.room_for(size, Limits(workspace_disk_mb=1))
    job = queue.submit("es003", "second.csv", SECOND * 50)  # some 3 MB: 1.5 MB counted against 1 MB
    assert queue.wait(60)
    assert job.report is not None and job.report.status == "error" and "not loaded" in job.report.errors[0]
    assert [(r.name, r.status) for r in mine.analysis.reports] == [("first.csv", "ok"), ("second.csv", "error")]
    assert mine.analysis.sql("SELECT count(DISTINCT file_id) FROM lines")[0][0].as_py() == 1  # nothing read
    assert [r.name for r in Workspace.open(store, mine.id, Analysis(), None).analysis.reports] == ["first.csv"]
