"""What this machine lets the process use, asked the same way on every OS."""

from __future__ import annotations

import os


def usable_cores() -> int:
    """The cores this process may run on: its affinity where the OS tells it (Linux),
    else every core of the machine (macOS and Windows have no sched_getaffinity)."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return max(len(affinity(0)), 1)
    return os.cpu_count() or 1
