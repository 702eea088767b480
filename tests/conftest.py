"""Fixtures for every tier (tests/unit, tests/build, tests/site,
tests/examples, tests/env): each language, the built site, a browser, an
HTTP server, a script runner and throwaway venvs.

Plain names (paths, source readers) live in tests/helpers.py; test modules
import them from there (``from helpers import LANGS``). pytest.ini_options
puts tests/ on sys.path, so that works from any tier.
"""

import fcntl
import hashlib
import json
import os
import subprocess
import time

import pytest
from helpers import HTML, LANGS, ROOT, run_python, slow_files_first

# Sphinx colours its messages when CI=true, even into a pipe; the tests read
# those messages (and the builds they start) as plain text.
os.environ["NO_COLOR"] = "1"
# The throwaway venvs the tests make (make venv on other Pythons, a
# reader's venv) compile their modules once, when first imported, instead
# of every package at install or, with this set, in every process again.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def pytest_collection_modifyitems(items):
    slow_files_first(items)


@pytest.fixture(params=LANGS)
def lang(request):
    """Each of the book's languages in turn."""
    return request.param


@pytest.fixture
def run_script():
    """Run a script (or ``-m module``) with this Python; see run_python."""
    return run_python


@pytest.fixture
def http_server():
    """Serve a folder on 127.0.0.1: ``with http_server(dir) as url: ...``.

    ``handler`` replaces SimpleHTTPRequestHandler (e.g. to misbehave).
    """
    from browser import serve

    return serve


@pytest.fixture(scope="session")
def site():
    """The built HTML site; `make test` builds it before running pytest."""
    for lang in LANGS:
        if not (HTML / lang / "index.html").is_file():
            pytest.fail(f"{HTML / lang} is not built: run `make html` first "
                        "(`make test` does this for you).")
    return HTML


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for one test file, closed when the file ends.

    Two sync Playwrights cannot be open at once in one process, and some
    files start their own (a browser with a server of theirs); a worker runs
    whole files one after the other, so a file's browser never meets
    another's."""
    from browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def base(site):
    """The built site served over HTTP; its base URL."""
    from browser import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def make_venv(tmp_path_factory):
    """``make_venv(python, env)`` runs `make venv` once per Python per run.

    Returns (venv path, the CompletedProcess, seconds). The Python-range test
    and the 3.12 build (tests/env) share a venv instead of paying pip twice,
    also when pytest-xdist runs them in two workers: the venv lives in the
    folder that all workers' temporary folders share, and a file lock makes
    the second worker wait for the first one's venv.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent

    def make(python, env=None):
        key = hashlib.sha256(str(python).encode()).hexdigest()[:12]
        home = shared / f"make-venv-{key}"
        home.mkdir(exist_ok=True)
        record = home / "result.json"
        with open(home / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not record.is_file():
                start = time.monotonic()
                result = subprocess.run(
                    ["make", "-s", "venv", f"PYTHON={python}",
                     f"VENV={home / 'venv'}"],
                    cwd=ROOT, capture_output=True, text=True, env=env,
                    timeout=1200)
                record.write_text(json.dumps({
                    "returncode": result.returncode, "stdout": result.stdout,
                    "stderr": result.stderr,
                    "seconds": time.monotonic() - start}))
        done = json.loads(record.read_text())
        result = subprocess.CompletedProcess(
            ["make", "venv"], done["returncode"], done["stdout"],
            done["stderr"])
        return home / "venv", result, done["seconds"]
    return make
