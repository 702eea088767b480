"""Time the book's build: clean, no-op and edited rebuilds, and -j.

On a copy of the repository (the files git knows about, tracked and
untracked-but-not-ignored) this builds both languages the way `make html`
does, zh and en side by side (one executes, the other waits on the
execution cache's lock, then both render), step after step:

  clean       a clean build, zh then en
  noop        the same again: nothing changed
  prose       a sentence appended to one executed page (zh and en)
  code        a harmless line added to that page's first code cell
  write -j N  `-a` on the up-to-date build: every page rewritten, none read
  clean -j N  a clean build into a build folder (and cache) of its own

and prints, per step and language, the wall-clock seconds, the CPU seconds
(user + system of sphinx-build and its kernels, from getrusage of the
children), the cores kept busy on average (CPU / wall), the notebooks
executed (from execution.json) and the load average: other work on the
machine shows up as a high load and a low CPU / wall. Whether the
counts are right (0 for a no-op or prose edit, 1 then 0 for a code edit,
...) is checked by tests/build/test_execution_counts.py; this script only
measures. D2L_EXECUTION_WORKERS=1 times the build without parallel
execution (book/parallel_execution.py).

Run it from anywhere: .venv/bin/python benchmarks/build.py  (make bench-build)
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from book import layout  # noqa: E402
from book.source_checks import CODE_CELL  # noqa: E402

SENTENCES = {"zh": "这是构建基准测试追加的一句话。",
             "en": "This sentence was appended by the build benchmark."}
EDIT_LINE = "_ = 0"


# -- the copy and the edits -----------------------------------------------------

def repository_files(tracked_only):
    """Return the paths git knows about, relative to the checkout."""
    cmd = ["git", "-C", str(ROOT), "ls-files", "-z", "--cached"]
    if not tracked_only:
        cmd += ["--others", "--exclude-standard"]
    out = subprocess.run(cmd, capture_output=True, check=True).stdout
    return sorted({p for p in out.decode().split("\0") if p})


def copy_repository(dest, tracked_only):
    """Copy the book's sources into dest; return how many files."""
    count = 0
    for rel in repository_files(tracked_only):
        if (ROOT / rel).is_file():  # not deleted in the working tree
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
            count += 1
    link_node_modules(dest)
    return count


def link_node_modules(dest):
    """The copy renders math with the checkout's MathJax (npm, not in git)."""
    modules = ROOT / "book" / "mathjax" / "node_modules"
    if modules.is_dir() and (dest / "book" / "mathjax").is_dir():
        (dest / "book" / "mathjax" / "node_modules").symlink_to(modules)


def append_sentence(book, page):
    for lang in layout.LANGS:
        path = book.source(lang) / f"{page}.md"
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                        + f"\n\n{SENTENCES[lang]}\n", encoding="utf-8")


def edit_first_code_cell(book, page):
    """Add EDIT_LINE at the end of the page's first code cell (zh and en)."""
    for lang in layout.LANGS:
        path = book.source(lang) / f"{page}.md"
        lines = path.read_text(encoding="utf-8").split("\n")
        start = next(i for i, s in enumerate(lines) if CODE_CELL.match(s))
        fence = CODE_CELL.match(lines[start]).group(1)
        end = next(j for j in range(start + 1, len(lines))
                   if lines[j].strip() == fence)
        lines.insert(end, EDIT_LINE)
        path.write_text("\n".join(lines), encoding="utf-8")


# -- the steps --------------------------------------------------------------------

@dataclass
class Step:
    """One row of the table: an optional edit, then builds of each language."""

    label: str
    extra: tuple = ()
    edit: object = None          # function(book, page) run before building
    build_dir: str = "_build"    # a fresh folder gives a clean build
    langs: tuple = layout.LANGS
    runs: list = field(default_factory=list)
    wall: float = 0.0            # both languages, side by side

    @property
    def cpu_per_wall(self):
        return cpu_per_wall(self.runs, self.wall)


def steps(jobs):
    table = [Step("clean"), Step("noop"),
             Step("prose", edit=append_sentence),
             Step("code", edit=edit_first_code_cell)]
    for j in jobs:
        table.append(Step(f"write -j {j}", ("-a", "-j", j), langs=("zh",)))
    for j in jobs:
        if j != "1":
            table.append(Step(f"clean -j {j}", ("-j", j),
                              build_dir=f"_build-j{j}"))
    return table


@dataclass
class Run:
    lang: str
    seconds: float
    cpu: float        # user + system seconds of sphinx-build and its kernels
    executed: object  # int, or None without execution.json
    returncode: int
    load: float
    problems: list

    @property
    def cpu_per_wall(self):
        """The cores this build kept busy on average."""
        return cpu_per_wall([self])


def cpu_per_wall(runs, wall=None):
    """Return the cores the runs kept busy on average: CPU over wall time
    (``wall``, when they ran side by side; else one after the other)."""
    seconds = wall or sum(r.seconds for r in runs)
    return sum(r.cpu for r in runs) / seconds if seconds else 0.0


def build(book, langs, extra):
    """Run sphinx-build for each language side by side, as `make html`
    does; return ([Run], wall seconds of the whole step)."""
    exe = Path(sys.executable).with_name("sphinx-build")
    cmd = [str(exe)] if exe.is_file() else [sys.executable, "-m", "sphinx"]
    load = os.getloadavg()[0]
    started, procs = time.perf_counter(), {}
    for lang in langs:
        log = book.execution_log(lang)
        if log.exists():
            log.unlink()  # never read the previous build's log
        stderr = tempfile.TemporaryFile(mode="w+")
        proc = subprocess.Popen(cmd + book.sphinx_args(lang) + list(extra),
                                env={**os.environ, **book.sphinx_env(lang)},
                                cwd=book.root, stdout=subprocess.DEVNULL,
                                stderr=stderr, text=True)
        procs[proc.pid] = (lang, stderr)
    runs = {}
    while len(runs) < len(procs):
        # wait4 gives each build's own CPU time (its kernels included).
        pid, status, usage = os.wait4(-1, 0)
        if pid not in procs:
            continue
        lang, stderr = procs[pid]
        seconds = time.perf_counter() - started
        stderr.seek(0)
        problems = [s for s in stderr.read().splitlines()
                    if "WARNING" in s or "ERROR" in s or "Error" in s][:4]
        stderr.close()
        log = book.execution_log(lang)
        executed = (json.loads(log.read_text(encoding="utf-8"))["executed"]
                    if log.is_file() else None)
        runs[lang] = Run(lang, seconds, usage.ru_utime + usage.ru_stime,
                         executed, os.waitstatus_to_exitcode(status), load,
                         problems)
    return [runs[lang] for lang in langs], time.perf_counter() - started


def quickest_shared_page(book):
    """The executed page with the shortest run whose code zh and en share."""
    from myst_nb.core.read import read_myst_markdown_notebook

    def code(lang, page):
        text = (book.source(lang) / f"{page}.md").read_text(encoding="utf-8")
        return [c.source for c in read_myst_markdown_notebook(text).cells
                if c.cell_type == "code"]

    pages = json.loads(book.execution_log("zh").read_text(
        encoding="utf-8"))["pages"]
    runs = sorted((p["runtime"] or 0.0, name) for name, p in pages.items()
                  if p["succeeded"] and code("zh", name) == code("en", name))
    if not runs:
        sys.exit("error: no executed page has the same code in zh and en")
    return runs[0][1]


def measure(root, table, page=None):
    """Run every step in order on the copy at root; return the edited page."""
    for step in table:
        book = layout.book(root, root / step.build_dir)
        if step.edit is not None:
            page = page or quickest_shared_page(book)
            step.edit(book, page)
        print(f"  {step.label}: sphinx-build {' + '.join(step.langs)} ...",
              flush=True)
        step.runs, step.wall = build(book, step.langs, step.extra)
        for run in step.runs:
            print(f"    {run.lang}: {run.seconds:.1f} s, {run.cpu:.1f} s CPU,"
                  f" exit {run.returncode}, executed {run.executed}",
                  flush=True)
        print(f"    together: {step.wall:.1f} s, {step.cpu_per_wall:.2f} "
              "cores", flush=True)
    return page


# -- the report -------------------------------------------------------------------

def print_table(table):
    head = (f"{'step':<16}{'zh s':>8}{'en s':>8}{'total s':>9}{'cpu s':>8}"
            f"{'cpu/wall':>9}{'executed':>10}  {'load':<10}exit")
    print(head)
    print("-" * len(head))
    for step in table:
        by_lang = {r.lang: r for r in step.runs}
        secs = "".join(f"{by_lang[lang].seconds:8.1f}" if lang in by_lang
                       else f"{'':>8}" for lang in layout.LANGS)
        total = step.wall
        cpu = sum(r.cpu for r in step.runs)
        executed = "/".join(str(r.executed) for r in step.runs)
        load = "/".join(f"{r.load:.1f}" for r in step.runs)
        codes = "/".join(str(r.returncode) for r in step.runs)
        print(f"{step.label:<16}{secs}{total:9.1f}{cpu:8.1f}"
              f"{step.cpu_per_wall:9.2f}{executed:>10}  {load:<10}{codes}")
    for step in table:
        for run in step.runs:
            if run.returncode:
                print(f"\n{step.label} {run.lang} failed:")
                print("\n".join(f"    {s}" for s in run.problems))


def as_json(table, page):
    return {"page": page, "cores": os.cpu_count(), "steps": {
        step.label: {"wall": step.wall, "cpu_per_wall": step.cpu_per_wall,
                     "runs": [vars(run) for run in step.runs]}
        for step in table}}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path,
                        help="build the copy here (default: a temporary "
                             "folder, removed afterwards)")
    parser.add_argument("--tracked-only", action="store_true",
                        help="copy only files tracked by git")
    parser.add_argument("--page", metavar="DOCNAME",
                        help="page to edit (default: the quickest executed "
                             "page with the same code in zh and en)")
    parser.add_argument("--jobs", default="1,2,auto",
                        help="-j values to time, comma-separated "
                             "(default 1,2,auto; '' skips them)")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write the figures to FILE")
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="d2l-bench-"))
    root = workdir.resolve() / "book"
    root.mkdir(parents=True)
    try:
        nfiles = copy_repository(root, args.tracked_only)
        load = os.getloadavg()
        print(f"Build benchmark on a copy of {ROOT} ({nfiles} files) in "
              f"{root}; {os.cpu_count()} cores, load {load[0]:.2f} "
              f"{load[1]:.2f} {load[2]:.2f} (1/5/15 min); execution workers: "
              f"{os.environ.get('D2L_EXECUTION_WORKERS') or 'one per core'}\n",
              flush=True)
        table = steps([j for j in args.jobs.split(",") if j])
        started = time.perf_counter()
        page = measure(root, table, args.page)
        print(f"\nedited page: {page}; benchmark took "
              f"{time.perf_counter() - started:.0f} s\n")
        print_table(table)
        if args.json:
            args.json.write_text(json.dumps(as_json(table, page), indent=1),
                                 encoding="utf-8")
    finally:
        if args.workdir:
            print(f"\nkept: {root}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return int(any(r.returncode for s in table for r in s.runs))


if __name__ == "__main__":
    sys.exit(main())
