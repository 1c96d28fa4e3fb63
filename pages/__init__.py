"""The dashboard's pages, each a script that app.py's st.navigation runs; what they share is in
pages/common (a folder, so that none of it is taken for a page)."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def run_through_app() -> None:
    """Each page calls this first. Streamlit takes a `pages/` folder beside app.py for an old-style
    multipage app until app.py's st.navigation has run once in the server process, so right after a
    (re)start a link straight to a page (/tracker?ws=…) would run that page alone: no sidebar, headline
    or workspace. Then this switches the old mode off (a private flag of Streamlit's; st.navigation
    sets the same) and runs again, through app.py."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
