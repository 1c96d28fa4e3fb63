"""The dashboard's workspaces through AppTest: a reload (a new session with the link) opens the same
work; a session without the link sees none of it; delete, leave and start over do what they say."""

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from acecore.analysis import Analysis
from acecore.workspaces import Workspace
from tests.test_pages import UPLOAD, expected, files_page, metrics, upload
from tests.test_workspaces import SECOND, TRACKER_HEADER, first_ieepa_entries

pytestmark = pytest.mark.slow  # the fast loop leaves these out (README)

Start = Callable[..., AppTest]


def workspace_id(at: AppTest) -> str:
    return at.query_params["ws"][0] if isinstance(at.query_params["ws"], list) else at.query_params["ws"]


def sidebar_text(at: AppTest) -> str:
    return " ".join(e.value for e in (*at.sidebar.info, *at.sidebar.caption, *at.sidebar.warning, *at.sidebar.error))


def tracker_edit(at: AppTest, rows: str) -> AppTest:
    at.switch_page("pages/tracker.py").run()
    return upload(
        at, "edits.csv", (TRACKER_HEADER + rows).encode(), key=f"tracker_upload_{at.session_state['work'].upload_round}"
    )


def ieepa_entry() -> str:
    analysis = Analysis()
    analysis.add_file("x.csv", UPLOAD)
    return first_ieepa_entries(analysis, 1)[0]


def test_a_reload_opens_the_files_tracker_and_settings_and_others_see_none(new_app: Start) -> None:
    first = new_app()
    assert "ws" not in first.query_params  # the sample makes no workspace
    upload(first, "mine.csv", UPLOAD)
    tracker_edit(first, f"{ieepa_entry()},refunded,2026-05-01,CAPE-1,1000.00,2026-07-01,,\n")
    first.button_group(key="window").set_value(6).run()
    assert metrics(first)["Refunds received"] == "$1,000.00"
    ws = workspace_id(first)
    assert any(ws in c.value for c in first.sidebar.code)  # the link to copy

    reloaded = new_app(ws)
    assert not reloaded.exception and not reloaded.error
    assert metrics(reloaded) == metrics(first)
    assert reloaded.session_state["window"] == 6
    assert [h.value for h in reloaded.main.header] == ["Summary"]  # a returning workspace opens on its summary
    assert any("mine\\.csv" in s.value for s in files_page(reloaded).success)

    stranger = new_app()
    assert metrics(stranger) != metrics(first) and "ws" not in stranger.query_params


def test_a_second_tab_sees_the_first_tabs_new_file_on_its_next_click(new_app: Start) -> None:
    first = new_app()
    upload(first, "mine.csv", UPLOAD)
    second = new_app(workspace_id(first))
    upload(first, "more.csv", SECOND)
    second.switch_page("pages/coverage.py").run()
    assert metrics(second) == metrics(first) != expected(UPLOAD)


def test_delete_removes_it_for_good(new_app: Start) -> None:
    first = new_app()
    upload(first, "mine.csv", UPLOAD)
    ws = workspace_id(first)
    next(b for b in first.sidebar.button if b.label == "Delete for good").click().run()
    assert "ws" not in first.query_params and "deleted" in sidebar_text(first)

    again = new_app(ws)
    assert "does not exist" in sidebar_text(again)
    assert "ws" not in again.query_params and not again.exception


def test_start_over_keeps_the_tracker_and_the_sample_leaves_the_workspace_at_its_link(new_app: Start) -> None:
    first = new_app()
    upload(first, "mine.csv", UPLOAD)
    entry = ieepa_entry()
    tracker_edit(first, f"{entry},filed,2026-05-01,PSC-9,,,,\n")
    ws = workspace_id(first)
    first.switch_page("pages/upload.py").run()
    next(b for b in first.button if b.label.startswith("Start over")).click().run()
    assert metrics(first) == {} and any("No ES-003 export loaded yet" in i.value for i in first.info)

    reloaded = new_app(ws)
    assert metrics(reloaded) == {} and any("No ES-003 export loaded yet" in i.value for i in reloaded.info)
    kept = reloaded.session_state["work"].analysis.tracker_rows().to_pylist()
    assert [(r["entry_number"], r["reference"]) for r in kept] == [(entry, "PSC-9")]
    upload(reloaded, "mine again.csv", UPLOAD)

    reloaded.switch_page("pages/upload.py").run()
    next(b for b in reloaded.button if b.label.startswith("Try the sample")).click().run()
    assert "ws" not in reloaded.query_params and "kept" in sidebar_text(reloaded)
    assert any(ws in c.value for c in reloaded.sidebar.code)  # the link back, to copy
    assert metrics(new_app(ws)) == expected(UPLOAD)


def test_an_unknown_or_hostile_link_opens_the_sample(new_app: Start) -> None:
    for ws in ("nope", "../../../etc/passwd", "Z" * 32):
        at = new_app(ws)
        assert not at.exception and "does not exist" in sidebar_text(at)
        assert any("sample" in i.value for i in at.sidebar.info)


def test_with_storage_off_the_page_says_a_reload_loses_the_work(
    new_app: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pages.common import host

    monkeypatch.setenv("ACE_STORAGE", "off")
    host.storage.cache_clear()
    host.store.clear()
    try:
        at = new_app()
        upload(at, "mine.csv", UPLOAD)
        assert metrics(at) == expected(UPLOAD) and "ws" not in at.query_params
        assert "reload" in " ".join(w.value for w in at.sidebar.warning)
    finally:
        monkeypatch.delenv("ACE_STORAGE")
        host.storage.cache_clear()
        host.store.clear()


def test_a_store_that_cannot_be_reached_leaves_the_work_in_the_tab_and_says_so(
    new_app: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pages.common import host

    monkeypatch.setenv("ACE_POSTGRES_URL", "postgresql://ace@127.0.0.1:1/nowhere")  # nothing listens there
    host.storage.cache_clear()
    host.store.clear()
    try:
        at = new_app()
        upload(at, "mine.csv", UPLOAD)
        assert not at.exception and metrics(at) == expected(UPLOAD)
        assert "ws" not in at.query_params
        assert "cannot reach" in " ".join(w.value for w in at.sidebar.warning)
    finally:
        monkeypatch.delenv("ACE_POSTGRES_URL")
        host.storage.cache_clear()
        host.store.clear()


def test_a_link_opened_while_the_store_is_away_keeps_its_place_and_opens_when_it_is_back(
    new_app: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Security review 2 and the load test: a link opened during an outage (or on a busy server) showed the
    sample and lost ?ws= from the address, so a reload after recovery no longer opened the work."""
    first = new_app()
    upload(first, "mine.csv", UPLOAD)
    ws = workspace_id(first)
    real_open = Workspace.open.__func__  # type: ignore[attr-defined]
    away = {"on": True}

    def flaky_open(cls, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if away["on"]:
            raise ConnectionError("connection refused")
        return real_open(cls, *args, **kwargs)

    monkeypatch.setattr(Workspace, "open", classmethod(flaky_open))
    later = new_app(ws)
    assert not later.exception and workspace_id(later) == ws  # the link stays in the address
    assert any("cannot be opened just now (the database is unreachable)" in w.value for w in later.warning)
    assert metrics(later) != expected(UPLOAD) and not any("made-up importer" in m.value for m in later.markdown)
    later.run()  # the next click tries again: still away
    assert workspace_id(later) == ws and later.session_state["work"].waiting_for == ws
    away["on"] = False
    later.run()
    assert later.session_state["work"].waiting_for is None and metrics(later) == expected(UPLOAD)
    assert not any("cannot be opened" in w.value for w in later.warning)


def test_a_cell_two_people_changed_is_offered_as_yours_or_theirs_on_the_tracker_page(new_app: Start) -> None:
    from acecore.tracker_merge import CellConflict

    first = new_app()
    upload(first, "mine.csv", UPLOAD)
    entry = ieepa_entry()
    tracker_edit(first, f"{entry},filed,2026-05-01,THEIRS-1,,,,\n")
    opened = first.session_state["work"].workspace
    opened.conflicts = [CellConflict(entry_number=entry, column="reference", yours="MINE-1", theirs="THEIRS-1")]
    first.run()
    assert any("changed by someone else" in w.value for w in first.warning)
    next(b for b in first.button if b.label == "Keep yours").click().run()
    assert not first.exception and not opened.conflicts
    again = Workspace.open(opened.store, opened.id, Analysis(), None)
    assert again.analysis.tracker_rows()["reference"].to_pylist() == ["MINE-1"]
