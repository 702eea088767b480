"""How many cores the build may use: the one answer every module shares."""

import os


def available_cores():
    """Return how many cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
