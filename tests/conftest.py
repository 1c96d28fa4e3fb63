import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from acecore.analysis import Analysis

# Workspaces the dashboard tests save go to a folder of this test run, never beside the app.
WORKSPACES = tempfile.mkdtemp(prefix="ace-workspaces-")
os.environ["ACE_WORKSPACE_DIR"] = WORKSPACES


def pytest_sessionfinish() -> None:
    shutil.rmtree(WORKSPACES, ignore_errors=True)


@pytest.fixture
def analysis() -> Analysis:
    return Analysis()


APP = str(Path(__file__).parent.parent / "app.py")


@pytest.fixture
def new_app(monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """A browser session of the dashboard (AppTest), at the app's address or with `?ws=<id>`.

    AppTest sets Streamlit's PagesManager.uses_pages_directory back to None before every run, so each
    run starts in the old multipage mode the real server leaves for good once st.navigation has run
    (pages.run_through_app); widget ids then differ between runs and a click is lost. The patch
    keeps that mode off, as in the real server (the browser test checks the real thing)."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)

    def start(ws: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=90)
        if ws is not None:
            at.query_params["ws"] = ws
        return at.run()

    return start


@pytest.fixture
def app(new_app: Callable[..., AppTest]) -> AppTest:
    return new_app()
