"""The Makefile refuses Pythons that MXNet 1.9.1 cannot run on, clearly."""

import glob
import shutil
import subprocess

import pytest

from conftest import ROOT


def check_python(python):
    return subprocess.run(["make", "-s", "check-python", f"PYTHON={python}"],
                          cwd=ROOT, capture_output=True, text=True)


def newer_python():
    found = [shutil.which(n) for n in ("python3.12", "python3.13")]
    found += glob.glob("/root/.pyenv/versions/3.1[2-9]*/bin/python3")
    for path in filter(None, found):
        ok = subprocess.run([path, "-c", "import sys"], capture_output=True)
        if ok.returncode == 0:
            return path
    return None


def test_python_312_is_refused_with_advice():
    python = newer_python()
    if python is None:
        pytest.skip("no Python 3.12+ on this machine")
    result = check_python(python)
    assert result.returncode != 0
    assert "needs 3.8-3.11" in result.stderr
    assert "PYTHON=python3.11" in result.stderr


def test_missing_python_is_named():
    result = check_python("/nonexistent/python3.11")
    assert result.returncode != 0
    assert "is not an executable Python" in result.stderr


def test_supported_python_passes():
    assert check_python(shutil.which("python3.11") or "python3").returncode == 0
