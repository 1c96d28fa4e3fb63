"""Many strangers on one server: `python -m tests.load_test --sessions 6 --rows 180000`.

Starts `streamlit run app.py` on a loopback port and drives N browser contexts (Debian's chromium, through
Playwright) at once. Each uploads an export of its own and clicks through every page as soon as the browser
has sent the file, while the server still reads and loads it; then it waits for its own numbers. Reported
per session: upload time (file chosen to its headline shown), page times, error screens seen, whether the
headline is its own; and the server's peak memory (the server and the reader processes it starts, sampled).
Exit 1 when any session saw an error screen, lost its upload or showed numbers that are not its own.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from acecore.analysis import Analysis
from acecore.limits import Limits
from acecore.overview import headline
from acecore.sample import generate, to_csv

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# In the browser: Streamlit marks the last run's elements stale until this run draws them again or, at its
# end, drops them; none left stale means the page's run has ended.
NO_STALE_ELEMENT = "!document.querySelector('[data-stale=\"true\"]')"
CHROME_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = ("Summary", "Coverage", "IEEPA lines", "Recovery plan", "Tracker", "Help", "Upload")
ERROR_TEXTS = ("This app has encountered an error", "hit a problem it could not handle")
ROWS_PER_ENTRY = 9.2  # what the sample generator writes on average


@dataclass
class Session:
    number: int
    file: Path
    expected: str  # "IEEPA duty paid" as the page shows it
    upload_seconds: float | None = None
    page_seconds: dict[str, float] = field(default_factory=dict)
    loaded_page_seconds: dict[str, float] = field(default_factory=dict)  # the second pass, the data in
    errors: list[str] = field(default_factory=list)
    own_numbers: bool = False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`streamlit run app.py` on a loopback port, up and healthy. Its log goes to a temporary file (a pipe
    nobody reads would stop the server once full)."""
    log = tempfile.NamedTemporaryFile(prefix="ace-server-", suffix=".log")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={**os.environ, **(env or {})},
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    SERVER_LOGS[process.pid] = log  # kept open (and so on disk) while the server runs
                    return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    log.seek(0)
    raise RuntimeError("streamlit did not start: " + log.read().decode(errors="replace")[-2000:])


SERVER_LOGS: dict[int, IO[bytes]] = {}


def close_server_log(process: subprocess.Popen, keep_as: str | None = None) -> None:
    """Close the server's log; `keep_as` puts it beside the screenshots first (when a session saw a problem:
    the page says only "This app has encountered an error", the log says which)."""
    log = SERVER_LOGS.pop(process.pid, None)
    if log is None:
        return
    if keep_as:
        log.seek(0)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / keep_as).write_bytes(log.read())
    log.close()


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (Linux /proc)."""
    total, pids = 0, [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, StopIteration):
            continue
        pids.extend(int(c) for c in children)
    return total / 1024


class PeakMemory(threading.Thread):
    """The peak of what some servers (with their reader processes) held together, sampled every 0.2 s."""

    def __init__(self, *pids: int) -> None:
        super().__init__(daemon=True)
        self.pids, self.peak_mb, self.running = pids, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak_mb = max(self.peak_mb, sum(tree_rss_mb(pid) for pid in self.pids))
            time.sleep(0.2)


def proxy(ports: list[int], listen: int) -> subprocess.Popen:
    """deploy/nginx.conf as shipped, its replica ports and its own port replaced by free loopback ones."""
    folder = Path(tempfile.mkdtemp(prefix="ace-nginx-"))
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    upstreams = re.findall(r"server 127\.0\.0\.1:(\d+)", text)
    assert len(upstreams) == len(ports), "the test runs as many replicas as nginx.conf lists"
    for shipped, port in zip(upstreams, ports, strict=True):
        text = text.replace(f"127.0.0.1:{shipped} ", f"127.0.0.1:{port} ")
    text = re.sub(r"listen \d+;", f"listen 127.0.0.1:{listen};", text)
    (folder / "nginx.conf").write_text(text)
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{listen}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("nginx did not answer: " + (process.stderr.read().decode() if process.stderr else ""))


async def headline_value(page) -> str:  # noqa: ANN001 - a Playwright page
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="IEEPA duty paid")
    return (await metric.locator('[data-testid="stMetricValue"]').inner_text(timeout=5_000)).strip()


async def settle(page, timeout_s: float = 600) -> None:  # noqa: ANN001
    await page.wait_for_timeout(300)
    await run_ended(page, timeout_s)


async def run_ended(page, timeout_s: float) -> None:  # noqa: ANN001
    """Until the page's script run has ended (NO_STALE_ELEMENT). Its status widget shows only while a run
    is long, so it alone let a page count as done mid-run (the next click then stopped that run)."""
    await page.wait_for_function(NO_STALE_ELEMENT, timeout=timeout_s * 1000, polling=50)
    await page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=timeout_s * 1000)


async def error_screens(page) -> list[str]:  # noqa: ANN001
    body = await page.inner_text("body")
    return [text for text in ERROR_TEXTS if text in body]


async def drive(browser, url: str, session: Session, timeout_s: float) -> None:  # noqa: ANN001
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    try:
        await page.goto(url)
        await (
            page.locator('[data-testid="stMetricLabel"]')
            .get_by_text("IEEPA duty paid", exact=True)
            .wait_for(timeout=120_000)
        )
        started = time.monotonic()
        # Click on as soon as the browser has sent the file: a click during the transfer itself can make
        # the browser's uploader drop it before the server ever sees it (Streamlit's frontend; README).
        async with page.expect_response(lambda r: "/_stcore/upload_file" in r.url, timeout=timeout_s * 1000):
            await page.locator('input[type="file"]').first.set_input_files(str(session.file))
        for name in PAGES:  # straight away, while the server reads and loads the file
            clicked = time.monotonic()
            await page.get_by_role("link", name=name).click()
            await page.wait_for_timeout(300)
            session.errors += await error_screens(page)
            session.page_seconds[name] = time.monotonic() - clicked
        while time.monotonic() - started < timeout_s:
            await settle(page, timeout_s)
            try:
                if await headline_value(page) == session.expected:
                    session.upload_seconds = time.monotonic() - started
                    break
            except Exception:  # noqa: BLE001 - the headline is not drawn yet
                pass
            await page.wait_for_timeout(500)
        for name in PAGES[:-1]:  # and each page once more, with the data in
            clicked = time.monotonic()
            await page.get_by_role("link", name=name).click()
            await page.get_by_role("heading", name=name).first.wait_for(timeout=timeout_s * 1000)  # its run began
            await run_ended(page, timeout_s)
            session.page_seconds[name] = session.loaded_page_seconds[name] = time.monotonic() - clicked
            session.errors += await error_screens(page)
        session.own_numbers = await headline_value(page) == session.expected
    except Exception as error:  # noqa: BLE001 - a session that breaks is a finding, not a crash of the test
        session.errors.append(f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")
    finally:
        if session.errors or not session.own_numbers:  # what the user saw, to look at
            ARTIFACTS.mkdir(exist_ok=True)
            await page.screenshot(path=str(ARTIFACTS / f"load-session-{session.number}.png"), full_page=True)
        await context.close()


async def run_sessions(url: str, sessions: list[Session], timeout_s: float) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        await asyncio.gather(*(drive(browser, url, s, timeout_s) for s in sessions))
        await browser.close()


def prepare(count: int, rows: int, folder: Path) -> list[Session]:
    sessions = []
    for number in range(count):
        data = to_csv(generate(entries=max(1, int(rows / ROWS_PER_ENTRY)), seed=1000 + number))
        path = folder / f"session-{number + 1}.csv"
        path.write_bytes(data)
        analysis = Analysis()
        analysis.add_file(path.name, data)
        sessions.append(Session(number + 1, path, f"${headline(analysis, dt.date.today()).ieepa_paid:,.2f}"))
    return sessions


def load_test(
    count: int, rows: int, timeout_s: float = 900, env: dict[str, str] | None = None, through_proxy: bool = False
) -> dict:
    """Run it; return the figures (also printed). `through_proxy`: the site as deploy/ sets it up, nginx in
    front of two replicas on one PostgreSQL server (tests/postgres.py), all on loopback."""
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        sessions = prepare(count, rows, Path(folder))
        ports = [free_port() for _ in range(2 if through_proxy else 1)]
        if through_proxy:
            from tests.postgres import postgres_server

            env = {**(env or {}), "ACE_POSTGRES_URL": stack.enter_context(postgres_server())}
        servers = [start_server(port, env) for port in ports]
        site = ports[0]
        if through_proxy:
            site = free_port()
            nginx = proxy(ports, site)
            stack.callback(nginx.wait, 20)
            stack.callback(nginx.terminate)
        memory = PeakMemory(*(s.pid for s in servers))
        memory.start()
        baseline = sum(tree_rss_mb(s.pid) for s in servers)
        started = time.monotonic()
        try:
            asyncio.run(run_sessions(f"http://127.0.0.1:{site}", sessions, timeout_s))
        finally:
            memory.running = False
            troubled = any(s.errors or not s.own_numbers for s in sessions)
            for number, server in enumerate(servers, start=1):
                server.terminate()
                server.wait(30)
                close_server_log(server, f"load-server-{number}.log" if troubled else None)
    figures = {
        "sessions": count,
        "replicas_behind_nginx": len(servers) if through_proxy else 0,
        "rows_per_session": rows,
        "wall_seconds": round(time.monotonic() - started, 1),
        "server_idle_mb": round(baseline),
        "server_peak_mb": round(memory.peak_mb),
        "load_memory_bound_mb": Limits.load().host_load_memory_mb,  # each server's, for its loads together
        "error_screens": sum(len(s.errors) for s in sessions),
        "lost_uploads": sum(1 for s in sessions if s.upload_seconds is None),
        "wrong_numbers": sum(1 for s in sessions if not s.own_numbers),
        "slowest_upload_s": round(max((s.upload_seconds or 0 for s in sessions), default=0), 1),
        "slowest_help_s": round(max((s.loaded_page_seconds.get("Help", 0) for s in sessions), default=0), 1),
        "per_session": [
            {
                "session": s.number,
                "upload_s": round(s.upload_seconds or -1, 1),
                "slowest_page_s": round(max(s.page_seconds.values(), default=0), 1),
                "page_s": {name: round(seconds, 1) for name, seconds in s.loaded_page_seconds.items()},
                "errors": s.errors[:3],
                "own_numbers": s.own_numbers,
            }
            for s in sessions
        ],
    }
    where = f", through nginx to {len(servers)} replicas on PostgreSQL" if through_proxy else ""
    print(
        f"{count} sessions x {rows:,} rows{where}: {figures['wall_seconds']} s; server {figures['server_idle_mb']} "
        f"MB idle, {figures['server_peak_mb']} MB peak (loads bounded to {figures['load_memory_bound_mb']:,} MB a "
        f"server); error screens {figures['error_screens']}, lost uploads "
        f"{figures['lost_uploads']}, wrong numbers {figures['wrong_numbers']}; slowest upload "
        f"{figures['slowest_upload_s']} s, slowest Help page {figures['slowest_help_s']} s"
    )
    for s in figures["per_session"]:
        print(
            f"  session {s['session']}: upload {s['upload_s']} s, slowest page {s['slowest_page_s']} s, "
            f"own numbers {s['own_numbers']}, errors {s['errors']}; pages with the data in: "
            + ", ".join(f"{name} {seconds} s" for name, seconds in s["page_s"].items())
        )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.load_test", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=6)
    parser.add_argument("--rows", type=int, default=180_000)
    parser.add_argument("--timeout", type=float, default=900, help="seconds a session may take")
    parser.add_argument(
        "--proxy", action="store_true", help="through nginx (deploy/nginx.conf) to two replicas on PostgreSQL"
    )
    args = parser.parse_args()
    figures = load_test(args.sessions, args.rows, args.timeout, through_proxy=args.proxy)
    return 1 if figures["error_screens"] or figures["lost_uploads"] or figures["wrong_numbers"] else 0


if __name__ == "__main__":
    sys.exit(main())
