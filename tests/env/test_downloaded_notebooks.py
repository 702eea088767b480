"""The notebooks a reader downloads run in the reader's own environment.

The environment is made only by the commands the install page tells a
reader to run (read from the page itself), plus Jupyter's kernel and
runner (ipykernel, nbclient). Each downloadable .ipynb of the built site
(`_sources/**/*.ipynb`) is checked in three ways:

* statically, all of them: no name is used that only a build-only cell
  defines (ruff's undefined-name check over the notebook's code), and
  every module they and `d2l` import imports in the reader's venv;
* executed, copied out of the repository and run top to bottom in the
  reader's venv: cheapest first by the build's runtimes, each download
  that is the first to reach a part of the book or a package outside
  Python's standard library (notebooks_to_run). The build has already
  run every page's code in full, outside the repository (the kernels run
  in a temporary folder, conf.py's nb_execution_in_temp), with the same
  d2l and the same pinned MXNet, numpy and matplotlib; what differs here
  is the reader's environment (its unpinned packages can be newer), and
  one page per part and per package reaches it. Re-running the long
  training pages took 9 of the 20 minutes of `make test`'s tests; the
  quickest 60 % of the downloads, the rule before this one, took 354 s
  of kernel time, and these 8 of 53 take about 60 s (39 s with two
  kernels on a quiet machine).

Also: no code a reader sees mentions the build's `glue` or `myst_nb`.
"""

import ast
import html
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
from helpers import DOCS, LANGS, PIP_INSTALL, ROOT

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
#: Names a Jupyter kernel defines beyond Python's builtins.
KERNEL_BUILTINS = '["display", "get_ipython"]'


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


#: A <pre> block of a page (code cells, outputs and code blocks all are).
PRE = re.compile(r"<pre\b[^>]*>(.*?)</pre>", re.S)


def pre_texts(page):
    """The text of each <pre> block: tags (Pygments' spans) removed."""
    return [html.unescape(re.sub(r"<[^>]+>", "", block))
            for block in PRE.findall(page.read_text(encoding="utf-8"))]


def test_no_visible_code_mentions_the_build_machinery(site):
    """(Regular expressions, not a parser: BeautifulSoup over every page
    took 19 s.)"""
    found, code = [], 0
    for lang in LANGS:
        for page in (site / lang).rglob("*.html"):
            texts = pre_texts(page)
            code += sum("import mxnet" in text for text in texts)
            found += [f"{page.relative_to(site)}: {text[:80]!r}"
                      for text in texts if BUILD_MACHINERY.search(text)]
        for notebook in downloads(site, lang):
            found += [f"{notebook.relative_to(site)}: {c[:80]!r}"
                      for c in code_cells(notebook)
                      if BUILD_MACHINERY.search(c)]
    assert code >= 2 * 40, f"only {code} code blocks import mxnet"
    assert not found, "\n".join(found)


def test_pre_texts_sees_code_through_pygments_spans(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<div class="highlight"><pre><span></span><span class="n">'
                    'glue</span><span class="p">(</span>&#39;x&#39;)</pre>'
                    "</div>", encoding="utf-8")
    assert pre_texts(page) == ["glue('x')"]
    assert BUILD_MACHINERY.search(pre_texts(page)[0])


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
        if argv[:2] == ["pip", "install"]:
            argv = [python, *PIP_INSTALL, *argv[2:]]
        else:
            argv = [python, *argv[1:]]
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True,
                              env=env, timeout=1200)
        assert done.returncode == 0, f"{command}:\n{done.stderr[-3000:]}"
    done = subprocess.run([python, *PIP_INSTALL, *JUPYTER],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return python, env


def checked_notebooks(site):
    """Every download, once per distinct code: the en ones, and the zh ones
    whose code differs from their en twin's (test_parity keeps the others
    equal)."""
    english = {nb.relative_to(site / "en"): code_cells(nb)
               for nb in downloads(site, "en")}
    assert len(english) >= 14
    return list(downloads(site, "en")) + [
        nb for nb in downloads(site, "zh")
        if english.get(nb.relative_to(site / "zh")) != code_cells(nb)]


def language_and_page(site, notebook):
    """("en", "deep-learning-basics/dropout") for its download."""
    lang, _, *parts = notebook.relative_to(site).with_suffix("").parts
    return lang, "/".join(parts)


def as_python(notebook):
    """The notebook's code as one script; IPython's % and ! lines become
    comments, so that Python can parse the rest."""
    return "\n\n".join(
        re.sub(r"^(\s*)([%!])", r"\1# \2", cell, flags=re.M)
        for cell in code_cells(notebook))


def imported_modules(source):
    """The top-level packages that source imports (absolute imports)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_no_download_uses_a_name_only_the_build_defines(site, tmp_path):
    """A download lacks the build-only cells (glue, checks). A name that
    only they define is an error for the reader, at whatever cell uses it:
    pyflakes' undefined-name check (ruff F821) finds it without running."""
    for notebook in checked_notebooks(site):
        lang, page = language_and_page(site, notebook)
        script = tmp_path / lang / f"{page.replace('/', '__')}.py"
        script.parent.mkdir(exist_ok=True)
        script.write_text(as_python(notebook), encoding="utf-8")
    ruff = [sys.executable, "-m", "ruff"]
    done = subprocess.run(
        [*ruff, "check", "--isolated", "--no-cache", "--select", "F821",
         "--config", f"builtins = {KERNEL_BUILTINS}",
         "--output-format", "concise", str(tmp_path)],
        capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_module_the_downloads_and_d2l_import_is_in_the_readers_venv(
        site, reader_python, tmp_path):
    """Including d2l's imports inside functions: the executed notebooks
    below do not reach every one of them."""
    python, env = reader_python
    modules = set()
    for notebook in checked_notebooks(site):
        modules |= imported_modules(as_python(notebook))
    for source in sorted((ROOT / "d2l").rglob("*.py")):
        modules |= imported_modules(source.read_text(encoding="utf-8"))
    check = ("import importlib, json, sys\n"
             "missing = {}\n"
             "for name in json.loads(sys.argv[1]):\n"
             "    try:\n"
             "        importlib.import_module(name)\n"
             "    except ImportError as err:\n"
             "        missing[name] = str(err)\n"
             "print(json.dumps(missing))\n")
    done = subprocess.run([python, "-c", check, json.dumps(sorted(modules))],
                          cwd=tmp_path, capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert {"d2l", "mxnet", "numpy", "matplotlib"} <= modules
    assert json.loads(done.stdout) == {}


def reaches(site, notebook):
    """What running a download tests of the reader's environment: its part
    of the book, and the packages it imports that Python does not ship."""
    part = language_and_page(site, notebook)[1].split("/")[0]
    return {("part", part)} | {
        name for name in imported_modules(as_python(notebook))
        if name not in sys.stdlib_module_names}


def notebooks_to_run(site):
    """Cheapest first, each download that is the first to reach a part of
    the book or a package; see the module's docstring."""
    seconds = {lang: {page: record["runtime"] for page, record in
                      json.loads((site / lang / "execution.json").read_text(
                          encoding="utf-8"))["pages"].items()}
               for lang in LANGS}

    def took(notebook):
        lang, page = language_and_page(site, notebook)
        runtime = seconds[lang].get(page)
        return float("inf") if runtime is None else runtime

    chosen, covered = [], set()
    for notebook in sorted(checked_notebooks(site), key=took):
        needs = reaches(site, notebook)
        if needs - covered:
            chosen.append(notebook)
            covered |= needs
    return chosen


def test_the_notebooks_run_reach_every_part_and_every_package(site):
    every = checked_notebooks(site)
    run = notebooks_to_run(site)
    reached = set().union(*(reaches(site, nb) for nb in run))
    assert reached == set().union(*(reaches(site, nb) for nb in every))
    assert {"mxnet", "numpy", "matplotlib", "d2l", "pandas"} <= reached
    assert len({key for key in reached if isinstance(key, tuple)}) >= 7
    assert len(run) < len(every)


@pytest.mark.slow
def test_downloaded_notebooks_run_outside_the_repository(
        site, reader_python, tmp_path):
    python, env = reader_python
    start = time.monotonic()
    to_run = notebooks_to_run(site)

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
    print(f"\nran {len(to_run)} of {len(checked_notebooks(site))} notebooks in "
          f"{time.monotonic() - start:.0f} s")
