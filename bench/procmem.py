"""Memory of a gunicorn master's workers, read from /proc (Linux)."""

from __future__ import annotations

import os
from pathlib import Path


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return sorted(children)


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory (VmRSS) of each worker, in MB."""
    sizes = []
    for pid in _children(master_pid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def workers_cpu_seconds(master_pid: int) -> float:
    """User plus system CPU time used so far by all of the master's workers, in seconds."""
    ticks = 0
    for pid in _children(master_pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")
