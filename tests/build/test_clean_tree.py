"""Building the book writes nothing into the repository.

Pages that save files (Part 4's saving and loading) must use a temporary
folder, and the build keeps its own output under BUILDDIR. This builds the
part that writes files, in both languages, into a BUILDDIR outside the
checkout and compares `git status` before and after.
"""

import os
import shutil
import subprocess

import pytest
from helpers import ROOT

#: Parts whose pages write files; build them (comma-separated, as ONLY=).
PARTS = "deep-learning-computation"


def git_status():
    """Untracked, modified and ignored paths, except Python's byte code."""
    out = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all",
         "--ignored"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return {line for line in out.splitlines() if "__pycache__" not in line}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None or
                    not (ROOT / ".git").exists(), reason="needs a git checkout")
def test_building_leaves_the_tree_clean(tmp_path):
    before = git_status()
    build = tmp_path / "build"
    for lang in ("zh", "en"):
        proc = subprocess.run(
            ["make", f"html-{lang}", f"ONLY={PARTS}", f"BUILDDIR={build}"],
            cwd=ROOT, capture_output=True, text=True, timeout=1200,
            env={**os.environ, "MAKEFLAGS": ""})
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (build / "html" / "en" / "execution.json").is_file()
    new = sorted(git_status() - before)
    assert not new, "the build wrote into the repository:\n" + "\n".join(new)
