"""End to end in real headless Chromium (Debian's package) driven by Playwright, against `streamlit run`
on a free local port: upload, headline, every page, the tracker download, and a second browser session
that must not see the first one's data. Screenshots go to test-artifacts/ (look at them)."""

import csv
import datetime as dt
import io
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from acecore.analysis import Analysis
from acecore.overview import headline
from acecore.sample import generate, to_csv
from tests.load_test import ARTIFACTS, CHROME_ARGS, CHROMIUM

PAGES = ("Coverage", "IEEPA lines", "Recovery plan", "Tracker", "Help")

REQUIRED = bool(os.environ.get("ACE_REQUIRE_BROWSER"))  # set by .ci/run: there a missing browser fails
if not Path(CHROMIUM).exists():
    if REQUIRED:
        raise RuntimeError(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium package")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
from playwright import sync_api as playwright  # noqa: E402 - only once the browser is known to be there


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from tests.load_test import free_port, start_server

    port = free_port()
    process = start_server(port)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=20)


def headline_values(page) -> dict[str, str]:  # noqa: ANN001 - a Playwright page
    page.get_by_text("IEEPA duty paid").wait_for(timeout=60_000)
    values = {}
    for metric in page.locator('[data-testid="stMetric"]').all()[:4]:
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        values[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return values


def expected_headline(data: bytes) -> dict[str, str]:
    analysis = Analysis()
    analysis.add_file("x.csv", data)
    h = headline(analysis, dt.date.today())
    return {
        "IEEPA duty paid": f"${h.ieepa_paid:,.2f}",
        "Recoverable now": f"${h.recoverable_now:,.2f}",
        "At risk within 15 days": f"${h.at_risk_15_days:,.2f}",
        "Recovered so far": f"${h.recovered:,.2f}",
    }


def settle(page) -> None:  # noqa: ANN001
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(500)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)


def test_upload_see_switch_download_and_sessions_are_apart(server: str, tmp_path: Path) -> None:
    from pages._common import sample_bytes

    ARTIFACTS.mkdir(exist_ok=True)
    data = to_csv(generate(entries=150, seed=2024))
    upload_file = tmp_path / "ES-003 Entry Summary Line Tariff Details (2).csv"
    upload_file.write_bytes(data)
    mine, sample = expected_headline(data), expected_headline(sample_bytes())
    assert mine != sample

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        first = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True).new_page()
        second = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        first.goto(server)
        second.goto(server)
        assert headline_values(first) == sample  # built-in sample before anything is uploaded

        first.locator('input[type="file"]').first.set_input_files(str(upload_file))
        first.get_by_text("rows loaded").wait_for(timeout=120_000)
        settle(first)
        assert headline_values(first) == mine
        first.screenshot(path=str(ARTIFACTS / "1-upload.png"), full_page=True)

        for number, name in enumerate(PAGES, start=2):
            first.get_by_role("link", name=name).click()
            first.get_by_role("heading", name=name).first.wait_for(timeout=60_000)
            settle(first)
            assert headline_values(first) == mine
            first.screenshot(path=str(ARTIFACTS / f"{number}-{name.lower().replace(' ', '-')}.png"), full_page=True)
            if name == "Tracker":
                with first.expect_download(timeout=60_000) as download:
                    first.get_by_role("button", name="Download the tracker (.csv)").click()
                rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
                paid = sum((Decimal(r["ieepa_duty"]) for r in rows), Decimal(0))
                assert f"${paid:,.2f}" == mine["IEEPA duty paid"]
                assert {r["action_status"] for r in rows} == {"not started"}
                settle(first)

        second.reload()
        assert headline_values(second) == sample  # the other session never sees the upload
        second.get_by_text("No file uploaded yet").wait_for(timeout=30_000)
        second.screenshot(path=str(ARTIFACTS / "8-second-session.png"), full_page=True)
        browser.close()


def test_concurrent_sessions_clicking_during_uploads_see_no_error_and_their_own_numbers() -> None:
    """The load test (tests/load_test.py), small: each session uploads its own file and clicks through every
    page at once, while its file is read. The README's capacity figures come from the full-size run."""
    from tests.load_test import load_test

    figures = load_test(count=3, rows=4000, timeout_s=300)
    assert (figures["error_screens"], figures["lost_uploads"], figures["wrong_numbers"]) == (0, 0, 0), figures
