"""One part of the book builds on the other supported Python (3.12 when the
test suite runs on 3.11, and the reverse) and gives the same outputs.

The other build uses its own venv and build folder (`make html-zh
VENV=... BUILDDIR=... PYTHON=...`), so nothing comes from the main build's
execution cache. Outputs of cells tagged `timing`, the Python version
itself and dates (an SVG's <dc:date>, the provenance line) may differ;
everything else must be equal.
"""

import json
import platform
import re
import subprocess
import sys
import time

import pytest
from helpers import BUILD, ROOT

PART = "data-manipulation"
LANG = "zh"
DATE = re.compile(r"\d{4}-\d\d-\d\d(T[\d:.]+)?")


def other_python():
    minor = "3.12" if sys.version_info[:2] == (3, 11) else "3.11"
    out = subprocess.run(["bash", str(ROOT / "book" / "python.sh"), "list"],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        version, path = line.split(" ", 1)
        if version.startswith(minor + "."):
            return version, path
    return None, None


def outputs(folder, python_version):
    """{notebook: [outputs of each non-timing code cell]}, normalised."""
    result = {}
    for path in sorted(folder.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = []
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code" or "timing" in \
                    cell.get("metadata", {}).get("tags", []):
                continue
            text = json.dumps(cell.get("outputs", []), sort_keys=True)
            text = text.replace(python_version, "<python>")
            cells.append(DATE.sub("<date>", text))
        result[path.name] = cells
    return result


@pytest.mark.slow
def test_a_part_builds_the_same_on_the_other_python(site, tmp_path,
                                                    make_venv):
    version, python = other_python()
    if python is None:
        pytest.skip("only one of Python 3.11 and 3.12 on this machine")
    start = time.monotonic()
    # The venv the Python-range test made (or makes now) for this Python.
    venv, made, _ = make_venv(python)
    assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
    build = subprocess.run(
        ["make", "html-zh", f"ONLY={PART}", f"PYTHON={python}",
         f"VENV={venv}", f"BUILDDIR={tmp_path / 'build'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=2400)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    took = time.monotonic() - start
    mine = outputs(BUILD / "jupyter_execute" / LANG / PART,
                   platform.python_version())
    theirs = outputs(tmp_path / "build" / "jupyter_execute" / LANG / PART,
                     version)
    assert mine and mine.keys() == theirs.keys()
    for name in mine:
        assert theirs[name] == mine[name], f"{name} differs on {version}"
    print(f"\n{PART} on Python {version}: venv + build {took:.0f} s")
