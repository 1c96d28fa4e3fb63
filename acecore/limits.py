"""How much one user's session may take of a shared host. Each bound has a default for one person on
a laptop and can be set by the host: environment variables ACE_<NAME> (ACE_SESSION_MEMORY_MB=1024,
say), or the dashboard's secrets.toml section [limits] (README, "Hosting")."""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, Field


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _machine_mb() -> int:
    """The machine's memory (MemTotal), or 8 GB where /proc does not say."""
    try:
        with open("/proc/meminfo") as listed:
            for line in listed:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 8192


class Limits(BaseModel):
    session_memory_mb: int = Field(2048, ge=64, description="DuckDB memory_limit of one session's database")
    session_upload_mb: int = Field(400, ge=1, description="all files one session uploads, together")
    parse_memory_mb: int = Field(4096, ge=256, description="address space of the process that reads one file")
    parse_seconds: int = Field(300, ge=1, description="how long reading one file may take")
    parallel_parses: int = Field(2, ge=1, description="files read at once on the whole host")
    host_upload_mb: int = Field(
        1600, ge=1, description="uploads all sessions of one server process may hold at once, waiting or loading"
    )
    host_load_memory_mb: int = Field(
        default_factory=lambda: _machine_mb() * 6 // 10,
        ge=64,
        description="memory the loads under way on one server process may take together (a file waits its turn)",
    )
    threads: int = Field(default_factory=_cores, ge=1, description="DuckDB threads of one session")
    workspace_disk_mb: int = Field(1024, ge=1, description="what one workspace may take of the server's disk")
    workspaces_disk_mb: int = Field(20480, ge=1, description="what all workspaces together may take")
    spill_directory: str = Field(
        "", description="a folder DuckDB may spill to past its memory; empty: never (uploads stay off disk)"
    )

    @classmethod
    def for_machine(cls, memory_mb: int | None, spill_directory: str) -> Limits:
        """The command line's bounds: one person's run on their own machine, not a share of a host. DuckDB
        may take `memory_mb` (default 60% of the machine's memory) and spill past it; no upload cap; the
        reader may take half the machine's memory and an hour."""
        total = _machine_mb()
        return cls(
            session_memory_mb=memory_mb or max(1024, total * 6 // 10),
            session_upload_mb=1 << 30,
            parse_memory_mb=max(4096, total // 2),
            parse_seconds=3600,
            spill_directory=spill_directory,
        )

    @classmethod
    def load(cls, overrides: Mapping[str, object] | None = None) -> Limits:
        """Defaults, then ACE_* environment variables, then `overrides` (the dashboard's secrets)."""
        values: dict[str, object] = {
            name: os.environ[f"ACE_{name.upper()}"] for name in cls.model_fields if f"ACE_{name.upper()}" in os.environ
        }
        values.update(overrides or {})
        return cls(**values)
