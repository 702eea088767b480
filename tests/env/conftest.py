"""Fixtures of the environment tier: venvs made once per session."""

import subprocess
import time

import pytest

from conftest import ROOT


@pytest.fixture(scope="session")
def make_venv(tmp_path_factory):
    """``make_venv(python, env)`` runs `make venv` once per Python per session.

    Returns (venv path, the CompletedProcess, seconds). The Python-range test
    and the 3.12 build share a venv instead of paying pip twice.
    """
    made = {}

    def make(python, env=None):
        if python not in made:
            venv = tmp_path_factory.mktemp("venv") / "venv"
            start = time.monotonic()
            result = subprocess.run(
                ["make", "-s", "venv", f"PYTHON={python}", f"VENV={venv}"],
                cwd=ROOT, capture_output=True, text=True, env=env,
                timeout=1200)
            made[python] = (venv, result, time.monotonic() - start)
        return made[python]
    return make
