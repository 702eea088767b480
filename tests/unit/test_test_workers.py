"""`make test` spreads the test files over pytest-xdist workers; a file's
module fixtures (a reader's venv, a throwaway book) must still be made once.

pytest 9.2 broke `--dist loadgroup` with xdist 3.8 (the group suffix that
xdist writes into each test id is no longer read), and every file's tests
were spread over both workers, each making the costly fixtures again. This
runs a small suite the way the Makefile runs the real one.
"""

import re
import subprocess
import sys

from helpers import ROOT, slow_files_first

MODULE = '''
import os, pytest

@pytest.fixture(scope="module")
def costly():
    with open(os.environ["SETUPS"], "a") as f:
        f.write(__name__ + "\\n")

@pytest.mark.parametrize("n", range(4))
def test_uses_it(costly, n):
    pass
'''


def makefile_pytest():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return re.search(r"-m pytest tests .*?\$\(PYTEST_ARGS\)", makefile,
                     re.S).group(0)


def makefile_dist():
    return re.search(r"--dist (\S+)", makefile_pytest()).group(1)


def test_each_files_module_fixtures_are_made_once_over_two_workers(tmp_path):
    for name in ("test_a", "test_b", "test_c"):
        (tmp_path / f"{name}.py").write_text(MODULE, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    setups = tmp_path / "setups.txt"
    # Its own --basetemp: a pytest run without one makes the next numbered
    # folder in the system's and deletes the oldest, here a whole earlier
    # `make test`'s venvs and builds, which took 20-38 s.
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "--basetemp", str(tmp_path / "basetemp"),
         "-n", "2", "--dist", makefile_dist(), str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={"SETUPS": str(setups), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "12 passed" in result.stdout
    assert sorted(setups.read_text().split()) == ["test_a", "test_b", "test_c"]


class Item:
    """What slow_files_first reads of a collected test."""

    def __init__(self, path, slow=False):
        self.path, self.slow = path, slow

    def get_closest_marker(self, name):
        return self.slow if name == "slow" else None


def test_files_with_slow_tests_are_handed_out_first_by_turns_of_tier():
    assert "--no-loadscope-reorder" in makefile_pytest()  # keeps our order
    items = [Item("unit/a", 0), Item("unit/a", 0), Item("build/b", 0),
             Item("build/b", 1), Item("build/c", 1), Item("unit/d", 0),
             Item("env/e", 1), Item("env/f", 1)]
    slow_files_first(items)
    assert [(i.path, i.slow) for i in items] == [
        ("build/b", 0), ("build/b", 1), ("env/e", 1), ("build/c", 1),
        ("env/f", 1), ("unit/a", 0), ("unit/a", 0), ("unit/d", 0)]
