"""The host's settings and shared resources, read once per server process: its bounds, where workspaces are
kept, the one store every session uses, retention, and sign-in (all set by the host, none by a user)."""

from __future__ import annotations

from functools import cache

import streamlit as st

from acecore.analysis import log_error
from acecore.limits import Limits
from acecore.sample import generate, to_csv
from acecore.stores import Store
from acecore.workspaces import IdleSweep, StorageConfig


@st.cache_data(show_spinner=False)
def sample_bytes() -> bytes:
    """The built-in synthetic sample: the same for everyone, holds no user data."""
    return to_csv(generate(entries=400))


@cache
def limits() -> Limits:
    """The host's bounds: ACE_* environment variables, then the [limits] section of secrets.toml."""
    return Limits.load(secrets_section("limits"))


def secrets_section(name: str) -> dict[str, object]:
    try:
        return dict(st.secrets.get(name, {}))
    except Exception:  # no secrets file at all
        return {}


@cache
def storage() -> StorageConfig:
    """Where workspaces are kept: ACE_STORAGE / ACE_WORKSPACE_DIR / ACE_POSTGRES_URL /
    ACE_WORKSPACE_IDLE_DAYS, then the [workspaces] section of secrets.toml."""
    return StorageConfig.load(secrets_section("workspaces"))


@st.cache_resource(show_spinner=False)
def store() -> Store | None:
    """The host's one store, shared by every session (it holds each workspace file's lock); None when
    storage is off. Failing to reach it raises, and the next run tries again."""
    return storage().open_store()


def store_reachable() -> bool:
    try:
        store()
    except Exception as error:
        log_error("reaching the workspace store", error)
        return False
    return True


@st.cache_resource(show_spinner=False)
def idle_sweep() -> IdleSweep:
    return IdleSweep()


def sweep_idle_workspaces() -> None:
    """The host's retention: workspaces unused for storage().idle_days go (checked once an hour).
    Housekeeping: a failure goes to the log, never on the user's page."""
    try:
        if (host := store()) is not None:
            idle_sweep()(host, storage().idle_days)
    except Exception as error:
        log_error("removing idle workspaces", error)


def sign_in_configured() -> bool:
    return bool(secrets_section("auth"))


def email() -> str | None:
    """The signed-in user's address when sign-in is configured, else None."""
    if not sign_in_configured() or not st.user.is_logged_in:
        return None
    address = st.user.get("email")
    return str(address) if address else None
