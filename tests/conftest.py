"""Fixtures for every tier (tests/unit, tests/build, tests/site,
tests/examples, tests/env): each language, the built site, a browser, an
HTTP server, a script runner and throwaway venvs.

Plain names (paths, source readers) live in tests/helpers.py; test modules
import them from there (``from helpers import LANGS``). pytest.ini_options
puts tests/ on sys.path, so that works from any tier.
"""

import os
import subprocess
import time

import pytest
from helpers import HTML, LANGS, ROOT, run_python

# Sphinx colours its messages when CI=true, even into a pipe; the tests read
# those messages (and the builds they start) as plain text.
os.environ["NO_COLOR"] = "1"


#: Test files that share a session fixture's costly product run on one
#: pytest-xdist worker: both use make_venv's Python 3.12 venv.
SHARED_WORKER = {"test_makefile.py": "venvs",
                 "test_build_other_python.py": "venvs"}


def pytest_collection_modifyitems(config, items):
    """Under `make test`'s `--dist loadgroup`, keep each file's tests on
    one worker, so that module fixtures (a reader's venv, a throwaway
    book) are made once, not once per worker."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        name = item.path.name
        item.add_marker(pytest.mark.xdist_group(SHARED_WORKER.get(name, name)))


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


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
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
    """``make_venv(python, env)`` runs `make venv` once per Python per session.

    Returns (venv path, the CompletedProcess, seconds). The Python-range test
    and the 3.12 build (tests/env) share a venv instead of paying pip twice.
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
