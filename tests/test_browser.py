"""End to end in real headless Chromium (Debian's package) driven by Playwright, against `streamlit run`
on a free local port: upload, headline, every page, the tracker download, and a second browser session
that must not see the first one's data; workspaces that outlive a reload, a killed server, and that two
app processes share through PostgreSQL. Screenshots go to test-artifacts/ (look at them)."""

import csv
import datetime as dt
import io
import os
import random
import re
import signal
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from acecore.analysis import Analysis
from acecore.ieepa import ieepa_lines
from acecore.overview import headline
from acecore.sample import generate, to_csv
from tests.load_test import ARTIFACTS, CHROME_ARGS, CHROMIUM, NO_STALE_ELEMENT, free_port, start_server
from tests.postgres import binaries, postgres_server

pytestmark = pytest.mark.slow  # the fast loop leaves these out (README)

PAGES = ("Upload", "Coverage", "IEEPA lines", "Recovery plan", "Tracker", "Help")
WORKING_NOTES = ("VERIFY", "rules-audit", "ch99-audit", "../shared", "acecore/data", ".csv summary #")

REQUIRED = bool(os.environ.get("ACE_REQUIRE_BROWSER"))  # set by .ci/run: there a missing browser fails
if not Path(CHROMIUM).exists():
    if REQUIRED:
        raise RuntimeError(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium package")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
from playwright import sync_api as playwright  # noqa: E402 - only once the browser is known to be there


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    process = start_server(port)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=20)


def headline_values(page) -> dict[str, str]:  # noqa: ANN001 - a Playwright page
    """The headline's four numbers; "Due by Dec 16" (the horizon's date) as "Due soon"."""
    page.locator('[data-testid="stMetricLabel"]').get_by_text("IEEPA duty paid", exact=True).wait_for(timeout=60_000)
    values = {}
    for metric in page.locator('[data-testid="stMetric"]').all()[:4]:
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        label = "Due soon" if label.startswith("Due by ") else label
        values[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return values


def wait_loaded(page) -> None:  # noqa: ANN001
    """Until an upload has landed: on the Summary, or on the Upload page when a file needs a word. The sample's
    Summary has the same heading: its badge goes first (a busy machine showed the sample's figures after the
    heading was found)."""
    page.get_by_text("Sample data: the figures of a made-up importer").wait_for(state="detached", timeout=120_000)
    landed = page.get_by_role("heading", name="What to do next").or_(page.get_by_text("rows loaded"))
    landed.first.wait_for(timeout=120_000)  # first: mid-run, the last run's heading and this one's are both there
    settle(page)


def shoot(page, name: str) -> None:  # noqa: ANN001
    """A screenshot of the whole page: Streamlit scrolls inside its main container, so the viewport is made
    as tall as that container first (a full-page shot alone keeps only the window's height)."""
    size = page.viewport_size
    tall = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], tall)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)


def expected_headline(*files: bytes) -> dict[str, str]:
    analysis = Analysis()
    for number, data in enumerate(files):
        analysis.add_file(f"{number}.csv", data)
    h = headline(analysis, dt.date.today())
    return {
        "IEEPA duty paid": f"${h.ieepa_paid:,.2f}",
        "Recoverable now": f"${h.recoverable_now:,.2f}",
        "Due soon": f"${h.due_soon:,.2f}",
        "Refunds received": f"${h.recovered:,.2f}",
    }


def settle(page) -> None:  # noqa: ANN001
    """Wait until Streamlit has finished running the script: no element left stale from the run before
    (the status widget alone shows only for long runs), twice 0.3 s apart, since a page that reruns
    itself (files loaded, a workspace restored) ends one run and starts the next."""
    page.wait_for_timeout(500)
    for _ in range(2):
        page.wait_for_function(NO_STALE_ELEMENT, timeout=60_000, polling=50)
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
        page.wait_for_timeout(300)


def downloaded(page, button: str) -> Path:  # noqa: ANN001
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=button).click()
    settle(page)
    return Path(download.value.path())


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_upload_see_switch_download_and_sessions_are_apart(server: str, tmp_path: Path) -> None:
    from acecore.actions import next_actions
    from acecore.overview import money_sentence, money_split
    from pages.common.host import sample_bytes

    ARTIFACTS.mkdir(exist_ok=True)
    data = to_csv(generate(entries=4_000, seed=2024))  # 11,300 IEEPA lines: more than a grid shows
    upload_file = tmp_path / "ES-003 Entry Summary Line Tariff Details (2).csv"
    upload_file.write_bytes(data)
    mine, sample = expected_headline(data), expected_headline(sample_bytes())
    assert mine != sample
    analysis = Analysis()
    analysis.add_file("mine.csv", data)
    lines = ieepa_lines(analysis).num_rows
    today = dt.date.today()
    sentence = money_sentence(money_split(analysis, today))
    first_action = next_actions(analysis, today)[0]

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        first = new_page(browser)
        second = new_page(browser)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
        first.goto(server)
        second.goto(server)
        phone.goto(server)
        assert headline_values(first) == sample  # built-in sample before anything is uploaded
        assert first.get_by_text("Sample data: the figures of a made-up importer").is_visible()
        drop = phone.locator('[data-testid="stMain"] [data-testid="stFileUploader"]')
        drop.wait_for(timeout=60_000)
        settle(phone)
        assert drop.bounding_box()["y"] < 844 * 2  # a phone has an upload box within two screens of the top
        shoot(phone, "0-phone-first-screen")
        shoot(first, "0-first-screen")

        first.locator('[data-testid="stMain"] input[type="file"]').set_input_files(str(upload_file))
        wait_loaded(first)  # a clean upload lands on the summary
        assert headline_values(first) == mine
        assert first.get_by_role("heading", name="Summary").is_visible()
        assert first.get_by_text(sentence).is_visible()  # the money, adding up to the IEEPA duty paid
        assert not first.get_by_text("made-up importer").count()
        shoot(first, "1-summary")
        button = first.get_by_role("button", name=first_action.label)
        assert first_action.hands != "page" and button.is_visible()
        handed = downloaded(first, first_action.label)  # the first action's button hands over its entries
        if first_action.hands == "cape_file":
            assert handed.read_text().split()[2:] == first_action.entry_numbers  # "Entry Number" header
        else:
            assert [r["Entry"] for r in csv_rows(handed)] == first_action.entry_numbers

        for number, name in enumerate(PAGES, start=2):
            first.get_by_role("link", name=name).click()
            heading = "Upload your ACE exports" if name == "Upload" else name
            first.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
            settle(first)
            assert headline_values(first) == mine
            shoot(first, f"{number}-{name.lower().replace(' ', '-')}")
            if name == "Tracker":
                rows = csv_rows(downloaded(first, "Download the tracker (.csv)"))
                paid = sum((Decimal(r["ieepa_duty"]) for r in rows), Decimal(0))
                assert f"${paid:,.2f}" == mine["IEEPA duty paid"]
                assert {r["action_status"] for r in rows} == {"not started"}
            if name == "IEEPA lines":  # the grid is queried as far as it shows; the download holds every line
                rows = csv_rows(downloaded(first, "Download this table (ieepa-lines.csv)"))
                assert lines > 10_000 and first.get_by_text(f"The first 10,000 of {lines:,} rows").is_visible()
                keys = {(r["Entry"], r["Line"], r["Tariff ordinal"]) for r in rows}
                assert len(keys) == len(rows) == lines
                recoverable = sum((Decimal(r["IEEPA duty paid"]) for r in rows), Decimal(0))
                assert f"${recoverable:,.2f}" == mine["IEEPA duty paid"]
            if name == "Recovery plan":  # the plan's download carries the amounts and adds up to the headline
                plan = first.get_by_role("button", name=re.compile(r"^Download the plan"))
                rows = csv_rows(downloaded(first, plan.inner_text().strip()))
                assert f"${sum(Decimal(r['IEEPA duty']) for r in rows):,.2f}" == mine["IEEPA duty paid"]
                assert list(rows[0])[:6] == ["Entry", "Path", "Deadline", "Date basis", "Days left", "IEEPA duty"]
            if name == "Help":
                text = first.inner_text("body")
                assert not [note for note in WORKING_NOTES if note in text]

        phone.goto(f"{server}/?ws={first.url.split('?ws=')[1]}")  # the same workspace on a phone
        phone.get_by_role("heading", name="What to do next").wait_for(timeout=60_000)
        settle(phone)
        shoot(phone, "7-phone-summary")

        second.reload()
        assert headline_values(second) == sample  # the other session never sees the upload
        second.get_by_text("Sample data: the figures of a made-up importer").wait_for(timeout=30_000)
        shoot(second, "8-second-session")
        browser.close()


def test_concurrent_sessions_clicking_during_uploads_see_no_error_and_their_own_numbers() -> None:
    """The load test (tests/load_test.py), small: each session uploads its own file and clicks through every
    page at once, while its file is read. The README's capacity figures come from the full-size run."""
    from tests.load_test import load_test

    figures = load_test(count=3, rows=4000, timeout_s=300)
    assert (figures["error_screens"], figures["lost_uploads"], figures["wrong_numbers"]) == (0, 0, 0), figures


def new_page(browser):  # noqa: ANN001, ANN201 - Playwright objects
    return browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True).new_page()


def upload_and_wait(page, file: Path) -> str:  # noqa: ANN001
    """Upload a file on a page without a workspace; returns the workspace id the address then holds."""
    page.locator('input[type="file"]').first.set_input_files(str(file))
    wait_loaded(page)
    page.wait_for_url("**?ws=*", timeout=30_000)
    settle(page)
    return page.url.split("?ws=")[1]


def open_tracker(page) -> None:  # noqa: ANN001
    page.get_by_role("link", name="Tracker").click()
    page.get_by_role("heading", name="Tracker").first.wait_for(timeout=60_000)
    settle(page)


def edit_first_row(page, column: int, text: str) -> None:  # noqa: ANN001
    """Type into the tracker grid's first row, `column` cells right of the entry number (an empty cell),
    and save. The grid is a canvas that takes keys only once it has drawn and has the focus: when the
    save button does not come, the keys were lost, and the edit is typed again."""
    save = page.get_by_role("button", name="Save 1 change")
    for _ in range(3):
        settle(page)
        page.get_by_role("button", name="Download the tracker (.csv)").wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        grid = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
        page.mouse.click(grid["x"] + 40, grid["y"] + 53)  # first row, entry number
        page.wait_for_timeout(300)
        for _ in range(column):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")  # opens the cell editor
        page.wait_for_timeout(400)
        page.keyboard.type(text)
        page.wait_for_timeout(200)
        page.keyboard.press("Enter")
        try:
            save.wait_for(timeout=20_000)
            break
        except playwright.TimeoutError:
            page.keyboard.press("Escape")
    save.click()
    page.get_by_text("Saved 1 entry.").wait_for(timeout=60_000)  # no word of the entries not typed in
    settle(page)


def tracker_rows(page) -> list[dict[str, str]]:  # noqa: ANN001
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download the tracker (.csv)").click()
    settle(page)
    return list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))


REFERENCE, NOTES = 7, 11  # columns of the tracker grid, counted from the entry number


def address(server: subprocess.Popen) -> str:
    return f"http://127.0.0.1:{server.args[server.args.index('--server.port') + 1]}"


def upload_and_edit(browser, url: str, file: Path, reference: str):  # noqa: ANN001, ANN201 - Playwright
    """A new browser session uploads `file` and types `reference` into the tracker's first row; returns
    the page and its workspace id."""
    page = new_page(browser)
    page.goto(url)
    workspace = upload_and_wait(page, file)
    open_tracker(page)
    edit_first_row(page, REFERENCE, reference)
    return page, workspace


def open_tracker_at(page, url: str | None = None) -> None:  # noqa: ANN001
    """Open a tracker page's address, or reload the page (None), and wait for it."""
    if url is None:
        page.reload()
    else:
        page.goto(url)
    page.get_by_role("heading", name="Tracker").first.wait_for(timeout=60_000)
    settle(page)


def test_a_reload_keeps_the_upload_and_the_edit_and_a_stranger_sees_neither(server: str, tmp_path: Path) -> None:
    data = to_csv(generate(entries=60, seed=31))
    (tmp_path / "mine.csv").write_bytes(data)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        page, _ = upload_and_edit(browser, server, tmp_path / "mine.csv", "CAPE-123")
        open_tracker_at(page)  # reload
        assert headline_values(page) == expected_headline(data)
        assert [r["reference"] for r in tracker_rows(page) if r["reference"]] == ["CAPE-123"]
        shoot(page, "9-after-reload")

        stranger = new_page(browser)
        stranger.goto(server)
        assert headline_values(stranger) != expected_headline(data)
        stranger.get_by_text("Sample data: the figures of a made-up importer").wait_for(timeout=30_000)
        assert "ws=" not in stranger.url
        browser.close()


def test_a_server_killed_while_saving_restarts_with_the_last_complete_workspace(tmp_path: Path) -> None:
    """SIGKILL while a second, larger file loads and saves: the restarted server opens the workspace
    with the first file and the edit, and the second either whole or not at all (the exact moment of
    a save is hit in test_workspaces.py)."""
    first, second = to_csv(generate(entries=60, seed=41)), to_csv(generate(entries=4000, seed=42))
    (tmp_path / "first.csv").write_bytes(first)
    (tmp_path / "second.csv").write_bytes(second)
    env = {"ACE_WORKSPACE_DIR": str(tmp_path / "workspaces")}
    process = start_server(free_port(), env)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        page, workspace = upload_and_edit(browser, address(process), tmp_path / "first.csv", "PSC-77")
        page.locator('input[type="file"]').first.set_input_files(str(tmp_path / "second.csv"))
        page.get_by_text("Reading second.csv").wait_for(timeout=60_000)
        page.wait_for_timeout(random.uniform(0, 2000))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)

        process = start_server(free_port(), env)
        try:
            again = new_page(browser)
            open_tracker_at(again, f"{address(process)}/tracker?ws={workspace}")
            assert headline_values(again) in (expected_headline(first), expected_headline(first, second))
            assert [r["reference"] for r in tracker_rows(again) if r["reference"]] == ["PSC-77"]
            shoot(again, "10-after-kill")
        finally:
            process.terminate()
            process.wait(timeout=20)
        browser.close()


@pytest.mark.skipif(binaries() is None and not REQUIRED, reason="PostgreSQL server not installed")
def test_two_app_processes_on_one_postgres_see_each_others_saved_edits(tmp_path: Path) -> None:
    data = to_csv(generate(entries=60, seed=51))
    (tmp_path / "mine.csv").write_bytes(data)
    with postgres_server() as database, playwright.sync_playwright() as p:
        env = {"ACE_POSTGRES_URL": database}
        servers = [start_server(port, env) for port in (free_port(), free_port())]
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
            first, workspace = upload_and_edit(browser, address(servers[0]), tmp_path / "mine.csv", "CAPE-9")
            second = new_page(browser)
            open_tracker_at(second, f"{address(servers[1])}/tracker?ws={workspace}")
            assert headline_values(second) == expected_headline(data)
            edit_first_row(second, NOTES, "asked the broker")

            open_tracker_at(first)  # reload
            [row] = [r for r in tracker_rows(first) if r["reference"]]
            assert (row["reference"], row["notes"]) == ("CAPE-9", "asked the broker")
            browser.close()
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=20)


CUT_METRICS = """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
    .filter(m => [m, ...m.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))
    .map(m => m.innerText)"""


def test_a_large_importers_amounts_show_whole_in_the_headline(server: str, tmp_path: Path) -> None:
    """$123,456,789.00 does not fit four metrics to a row at 1,400 px (Streamlit cuts it to "$123,456,78..."):
    the headline shows them two to a row instead, every amount whole."""
    from tests.helpers import BASIC_HEADERS, csv_bytes, entry_number, row

    rows = [row(entry_number("BII", n), 1, 1, "9903.01.24", "1000000.00", "24691357.80") for n in range(1, 6)]
    upload_file = tmp_path / "large.csv"
    upload_file.write_bytes(csv_bytes(rows, BASIC_HEADERS))
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(server)
        page.locator('[data-testid="stMetricLabel"]').get_by_text("IEEPA duty paid", exact=True).wait_for(
            timeout=60_000
        )
        page.locator('input[type="file"]').first.set_input_files(str(upload_file))
        wait_loaded(page)
        assert headline_values(page)["IEEPA duty paid"] == "$123,456,789.00"
        assert page.evaluate(CUT_METRICS) == []
        page.screenshot(path=str(ARTIFACTS / "11-large-amounts.png"))
        browser.close()


def test_two_people_uploading_at_once_on_one_link_both_keep_their_file(server: str, tmp_path: Path) -> None:
    """Security review 2, N1, as it was found: two browsers on one link drop a file each within a second;
    one file was lost, from the store and from its uploader's own tab."""
    files = {name: to_csv(generate(entries=1500, seed=seed)) for name, seed in (("team-a.csv", 21), ("team-b.csv", 22))}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "shared.csv").write_bytes(to_csv(generate(entries=60, seed=20)))
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        a = new_page(browser)
        a.goto(server)
        workspace = upload_and_wait(a, tmp_path / "shared.csv")
        b = new_page(browser)
        b.goto(f"{server}/?ws={workspace}")
        settle(b)
        a.locator('input[type="file"]').first.set_input_files(str(tmp_path / "team-a.csv"))
        b.locator('input[type="file"]').first.set_input_files(str(tmp_path / "team-b.csv"))
        names = ("shared.csv", "team-a.csv", "team-b.csv")
        expected = expected_headline(to_csv(generate(entries=60, seed=20)), *files.values())
        fresh = new_page(browser)
        for page in (fresh, a, b):  # a fresh session reads the store: both uploads land there, then in both tabs
            for _ in range(60):
                page.goto(f"{server}/upload?ws={workspace}")
                page.get_by_role("heading", name="Upload your ACE exports").first.wait_for(timeout=60_000)
                settle(page)
                if all(name in page.inner_text("body") for name in names):
                    break
                page.wait_for_timeout(1000)
            body = page.inner_text("body")
            assert all(name in body for name in names), body[:500]
            assert headline_values(page) == expected
        shoot(fresh, "12-two-uploaders")
        browser.close()
