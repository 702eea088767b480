"""The commit a build comes from (the footer, the build report, make dist)."""

import subprocess

from .layout import ROOT


def commit(mark_dirty=False):
    """Return the checkout's short commit hash, or 'unknown' outside git.

    With ``mark_dirty``, ``-dirty`` follows when tracked files have local
    changes (an archive of such a build is not that commit's).
    """
    def git(*args):
        return subprocess.run(["git", "-C", str(ROOT), *args],
                              capture_output=True, text=True, timeout=10,
                              check=True).stdout.strip()
    try:
        sha = git("rev-parse", "--short=12", "HEAD") or "unknown"
        dirty = mark_dirty and git("status", "--porcelain",
                                   "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return sha + ("-dirty" if dirty else "")
