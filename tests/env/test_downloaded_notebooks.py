"""The notebooks a reader downloads run in the reader's own environment.

The environment is made only by the commands the install page tells a
reader to run (read from the page itself), plus Jupyter's kernel and
runner (ipykernel, nbclient). Each downloadable .ipynb of the built site
(`_sources/**/*.ipynb`) is copied out of the repository and run top to
bottom there. Also: no code a reader sees mentions the build's `glue` or
`myst_nb`.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from helpers import DOCS, LANGS, ROOT

from book.cores import available_cores

INSTALL_PAGE = "data-manipulation/install.md"
# The reader's set-up commands on the install page, in the order given.
READER_COMMAND = re.compile(
    r"^(pip install mxnet==\S+.*|pip install palmerpenguins==\S+.*|"
    r"pip install -e \.|"
    r"python -m d2l\.numpy_compat install)$")
BUILD_MACHINERY = re.compile(r"\bglue\b|myst_nb")
# Jupyter for running notebooks, at the versions requirements.txt pins.
JUPYTER = ("nbclient==0.11.0", "ipykernel==6.30.1")


def install_commands(lang):
    text = (DOCS / lang / INSTALL_PAGE).read_text(encoding="utf-8")
    blocks = re.findall(r"^```bash\n(.*?)^```", text, re.S | re.M)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if READER_COMMAND.match(line)]


def test_install_page_gives_the_same_commands_in_both_languages():
    commands = install_commands("en")
    assert commands == install_commands("zh")
    assert [c.split()[:3] for c in commands] == [
        ["pip", "install", "mxnet==1.9.1"],
        ["pip", "install", "palmerpenguins==0.1.6"], ["pip", "install", "-e"],
        ["python", "-m", "d2l.numpy_compat"]]


def downloads(site, lang):
    return sorted((site / lang / "_sources").rglob("*.ipynb"))


def code_cells(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"]
            if c["cell_type"] == "code"]


def test_no_visible_code_mentions_the_build_machinery(site):
    from bs4 import BeautifulSoup

    found = []
    for lang in LANGS:
        for page in (site / lang).rglob("*.html"):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"),
                                 "html.parser")
            for pre in soup.select("div.cell_input pre, div.highlight pre"):
                if BUILD_MACHINERY.search(pre.get_text()):
                    found.append(f"{page.relative_to(site)}: "
                                 f"{pre.get_text()[:80]!r}")
        for notebook in downloads(site, lang):
            found += [f"{notebook.relative_to(site)}: {c[:80]!r}"
                      for c in code_cells(notebook)
                      if BUILD_MACHINERY.search(c)]
    assert not found, "\n".join(found)


RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": sys.argv[2]}}).execute()
"""


@pytest.fixture(scope="module")
def reader_python(tmp_path_factory):
    """A fresh venv made by the install page's commands, plus Jupyter."""
    base = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys._base_executable)"],
        capture_output=True, text=True, check=True).stdout.strip()
    venv = tmp_path_factory.mktemp("reader") / "venv"
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    for command in install_commands("en"):
        argv = shlex.split(command)
        argv = ([python, "-m", "pip", *argv[1:]] if argv[0] == "pip"
                else [python, *argv[1:]])
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True,
                              env=env, timeout=1200)
        assert done.returncode == 0, f"{command}:\n{done.stderr[-3000:]}"
    done = subprocess.run([python, "-m", "pip", "install", "--quiet",
                           *JUPYTER], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return python, env


@pytest.mark.slow
def test_every_downloaded_notebook_runs_outside_the_repository(
        site, reader_python, tmp_path):
    python, env = reader_python
    start = time.monotonic()
    # zh and en share their code cells (test_parity); a zh notebook whose
    # code equals its en twin's is covered by running the en one.
    english = {nb.relative_to(site / "en"): code_cells(nb)
               for nb in downloads(site, "en")}
    to_run = list(downloads(site, "en"))
    to_run += [nb for nb in downloads(site, "zh")
               if english.get(nb.relative_to(site / "zh")) != code_cells(nb)]
    assert len(english) >= 14

    def run(notebook):
        lang = notebook.relative_to(site).parts[0]
        folder = tmp_path / lang / notebook.stem
        folder.mkdir(parents=True)
        copy = shutil.copy(notebook, folder)
        done = subprocess.run([python, "-c", RUNNER, str(copy), str(folder)],
                              cwd=folder, capture_output=True, text=True,
                              env=env, timeout=1800)
        if done.returncode != 0:
            return f"{lang}/{notebook.name}: {done.stderr[-1500:]}"
        return None

    # One notebook per core: each kernel keeps about one core busy, and the
    # downloads carry no timing claims (those are build-only cells).
    with ThreadPoolExecutor(max_workers=available_cores()) as pool:
        failures = [f for f in pool.map(run, to_run) if f]
    assert not failures, "\n\n".join(failures)
    print(f"\nran {len(to_run)} notebooks in "
          f"{time.monotonic() - start:.0f} s")
