"""One site in front of two app replicas, as deploy/nginx.conf sets it up: Debian's nginx, two `streamlit run`
processes on one real PostgreSQL server, and Debian's chromium, all on loopback. Upload through the proxy,
open the link from a second browser through the proxy and see the same work; kill the replica that serves
them: the page reconnects to the other and keeps its work."""

import os
import signal
import time
from pathlib import Path

import pytest

from acecore.sample import generate, to_csv
from tests.load_test import CHROME_ARGS, CHROMIUM, NGINX, free_port, proxy, start_server
from tests.postgres import binaries, postgres_server

pytestmark = pytest.mark.slow  # the fast loop leaves these out (README)

REQUIRED = bool(os.environ.get("ACE_REQUIRE_BROWSER"))  # set by .ci/run, which installs nginx too
if not (Path(NGINX).exists() and Path(CHROMIUM).exists() and binaries() is not None):
    if REQUIRED:
        raise RuntimeError("nginx, chromium or PostgreSQL is missing; .ci/run installs Debian's packages")
    pytest.skip(
        "nginx, chromium and PostgreSQL are needed (apt-get install nginx chromium postgresql)", allow_module_level=True
    )
from playwright import sync_api as playwright  # noqa: E402 - only once the browser is known to be there

from tests.test_browser import expected_headline, headline_values, settle, upload_and_wait  # noqa: E402


def serving(ports: list[int]) -> int:
    """The replica port that holds an open connection from the proxy (the page's WebSocket)."""
    for _ in range(50):
        established = set()
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            local, remote, state = line.split()[1:4]
            if state == "01":
                established |= {int(local.split(":")[1], 16), int(remote.split(":")[1], 16)}
        found = [p for p in ports if p in established]
        if len(found) == 1:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no single replica holds the page's connection: {ports}")


def test_two_replicas_behind_nginx_share_the_work_and_a_killed_one_hands_its_users_over(tmp_path: Path) -> None:
    data = to_csv(generate(entries=80, seed=61))
    (tmp_path / "mine.csv").write_bytes(data)
    mine = expected_headline(data)
    ports, listen = [free_port(), free_port()], free_port()
    with postgres_server() as database, playwright.sync_playwright() as p:
        replicas = {port: start_server(port, {"ACE_POSTGRES_URL": database}) for port in ports}
        nginx = proxy(ports, listen)
        site = f"http://127.0.0.1:{listen}"
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
            first = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            first.goto(site)
            workspace = upload_and_wait(first, tmp_path / "mine.csv")
            assert headline_values(first) == mine
            second = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            second.goto(f"{site}/?ws={workspace}")  # a colleague opens the link through the proxy
            settle(second)
            assert headline_values(second) == mine

            gone = serving(ports)
            replicas[gone].send_signal(signal.SIGKILL)
            replicas[gone].wait(timeout=20)
            # the pages' WebSockets drop; Streamlit reconnects through the proxy to the other replica, which
            # opens the workspace of the address from PostgreSQL
            for page in (first, second):
                deadline = time.monotonic() + 90
                while time.monotonic() < deadline:
                    try:
                        settle(page)
                        if headline_values(page) == mine:
                            break
                    except playwright.Error:
                        pass
                    page.wait_for_timeout(1000)
                assert headline_values(page) == mine and f"ws={workspace}" in page.url
            [alive] = [port for port in ports if port != gone]
            assert serving([alive]) == alive
            browser.close()
        finally:
            nginx.terminate()
            nginx.wait(timeout=20)
            for process in replicas.values():
                if process.poll() is None:
                    process.terminate()
                    process.wait(timeout=20)
