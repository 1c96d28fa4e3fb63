"""A real, throwaway PostgreSQL server for the tests (Debian's postgresql package; .ci/run installs it):
its own cluster in a temporary folder, on a free loopback port, removed at the end."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.load_test import free_port

REQUIRED = bool(os.environ.get("ACE_REQUIRE_POSTGRES"))  # set by .ci/run: there a missing server fails


def binaries() -> Path | None:
    """The newest installed server's bin folder (/usr/lib/postgresql/<major>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: then it runs as Debian's postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def run(*command: str) -> None:
    subprocess.run(_as_server_user([*command]), check=True, capture_output=True, text=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a cluster; yields its connection URL."""
    bin_dir = binaries()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL server not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="ace-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "ace", "--no-sync", "-E", "UTF8")
        run(
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(folder / "log"),
            "-w",
            "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )
        yield f"postgresql://ace@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)
