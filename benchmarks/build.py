"""Time the book's build and check how much of it re-executes.

On a copy of the repository (the files git knows about, tracked and
untracked-but-not-ignored, copied into a temporary folder) this builds both
languages the way `make html-zh` / `make html-en` do and measures:

  1. a clean build of both languages (zh, then en);
  2. a no-op rebuild of both: executes 0 notebooks;
  3. a prose-only edit of one executed page (a sentence appended to its zh
     and en versions): executes 0 notebooks;
  4. a code edit of that page (the same harmless line added to its first
     code cell in zh and en): zh executes exactly that page, en executes 0;
  5. on the clean build, the second language (en) executes 0 notebooks
     whose code is the same as in zh. A page with a cell tagged
     `lang-specific` has different code in each language, so en must run
     it again: those pages are listed, with what they cost, and must be
     exactly the pages en executed.

Executions are counted from <build>/html/<lang>/execution.json, which the
book's extension writes from a wrapper around myst-nb's executor (cache
hits are not counted). A wrong count makes the script exit with status 1;
the timing targets (no-op rebuild <= 10% of the clean build, clean build of
both languages <= 5 minutes) only print PASS/FAIL.

It also times the write phase alone with and without `-j 2`: `-a` on an
up-to-date build rewrites every page and reads none. The book's extension
declares parallel_read_safe False, so Sphinx always reads (and executes)
serially; each MXNet kernel already uses every core.

Run it from anywhere: .venv/bin/python benchmarks/build.py  (make bench-build)
It takes a few minutes: most of it is the clean build.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("zh", "en")
NOOP_TARGET = 0.10  # no-op rebuild of both <= this fraction of the clean one
CLEAN_TARGET_S = 300.0  # clean build of both languages
FALLBACK_PATHS = ("conf.py", "pyproject.toml", "docs", "d2l", "examples")
SENTENCES = {"zh": "这是构建基准测试追加的一句话。",
             "en": "This sentence was appended by the build benchmark."}
EDIT_LINE = "_ = 0"
_CELL = re.compile(r"^(`{3,}|:{3,})\{code-cell\}")


# -- the copy ---------------------------------------------------------------

def repository_files(tracked_only):
    """Return the paths git knows about (relative), or None without git."""
    cmd = ["git", "-C", str(ROOT), "ls-files", "-z", "--cached"]
    if not tracked_only:
        cmd += ["--others", "--exclude-standard"]
    try:
        out = subprocess.run(cmd, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return sorted({p for p in out.decode().split("\0") if p})


def copy_repository(dest, tracked_only):
    """Copy the book's sources into dest; return how many files."""
    files = repository_files(tracked_only)
    if files is None:  # not a git checkout: the folders the build needs
        for name in FALLBACK_PATHS:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(
                    "__pycache__", "_build", ".ipynb_checkpoints"))
            elif src.is_file():
                shutil.copy2(src, dest / name)
        return sum(1 for p in dest.rglob("*") if p.is_file())
    count = 0
    for rel in files:
        src = ROOT / rel
        if not src.is_file():  # deleted in the working tree
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel)
        count += 1
    link_node_modules(dest)
    return count


def link_node_modules(dest):
    """The copy renders math with the checkout's MathJax (npm, not in git)."""
    modules = ROOT / "book" / "mathjax" / "node_modules"
    if modules.is_dir() and (dest / "book" / "mathjax").is_dir():
        (dest / "book" / "mathjax" / "node_modules").symlink_to(modules)


# -- one build ----------------------------------------------------------------

def sphinx_build_command():
    """sphinx-build next to this Python (the venv's), as the Makefile uses."""
    exe = Path(sys.executable).with_name("sphinx-build")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "sphinx"]


class Build:
    """One sphinx-build run: seconds, exit status, stderr, execution log."""

    def __init__(self, book, lang, *extra):
        build = book / "_build"
        cmd = sphinx_build_command() + [
            "-b", "html", "-W", "--keep-going", "-n", "-q",
            "-c", str(book), "-d", str(build / "doctrees" / lang),
            str(book / "docs" / lang), str(build / "html" / lang), *extra]
        env = {**os.environ, "D2L_BOOK_LANG": lang,
               "D2L_BUILDDIR": str(build), "D2L_ONLY": ""}
        log = build / "html" / lang / "execution.json"
        if log.exists():
            log.unlink()  # never read the previous build's log
        self.lang, self.extra = lang, extra
        self.load = os.getloadavg()[0]
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=book, env=env, capture_output=True,
                              text=True)
        self.seconds = time.perf_counter() - start
        self.returncode, self.stderr = proc.returncode, proc.stderr
        self.log = (json.loads(log.read_text(encoding="utf-8"))
                    if log.is_file() else None)

    @property
    def executed(self):
        """Notebooks this build executed (None: no execution.json)."""
        return None if self.log is None else self.log["executed"]

    def status(self, docname):
        return (self.log or {}).get("pages", {}).get(docname, {}).get("status")

    def problems(self, limit=6):
        """The first lines of stderr that say what went wrong."""
        lines = [s for s in self.stderr.splitlines()
                 if "WARNING" in s or "ERROR" in s or "Error" in s]
        return lines[:limit]


# -- edits --------------------------------------------------------------------

def append_sentence(path, lang):
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n{SENTENCES[lang]}\n",
                    encoding="utf-8")


def edit_first_code_cell(path):
    """Add EDIT_LINE as the first line of code of the page's first cell."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, s in enumerate(lines) if _CELL.match(s))
    i = start + 1
    if i < len(lines) and lines[i].strip() == "---":  # YAML options block
        i = next(j for j in range(i + 1, len(lines))
                 if lines[j].strip() == "---") + 1
    while i < len(lines) and lines[i].startswith(":"):  # :key: value options
        i += 1
    first = lines[i].lstrip() if i < len(lines) else ""
    if first.startswith(("%%", "from __future__")):
        # Must stay first: add the line at the end of the cell instead.
        fence = _CELL.match(lines[start]).group(1)
        i = next(j for j in range(i, len(lines))
                 if lines[j].strip() == fence)
    lines.insert(i, EDIT_LINE)
    path.write_text("\n".join(lines), encoding="utf-8")


def code_cells(path):
    from myst_nb.core.read import read_myst_markdown_notebook

    nb = read_myst_markdown_notebook(path.read_text(encoding="utf-8"))
    return [c.source for c in nb.cells if c.cell_type == "code"]


def pages_with_own_code(book, docnames):
    """Pages whose zh and en code cells differ (cells tagged lang-specific).

    jupyter-cache keys a notebook by the source of its code cells (and the
    kernelspec), so en cannot reuse zh's run of these pages.
    """
    own = []
    for name in docnames:
        paths = [book / "docs" / lang / f"{name}.md" for lang in LANGS]
        if not all(p.is_file() for p in paths) or \
                code_cells(paths[0]) != code_cells(paths[1]):
            own.append(name)
    return own


def pick_page(build, book, exclude, wanted=None):
    """An executed page with the same code in zh and en: the quickest, or
    `wanted`."""
    pages = build.log["pages"] if build.log else {}
    candidates = sorted(
        (p["runtime"] or 0.0, name) for name, p in pages.items()
        if p["status"] == "executed" and p["succeeded"]
        and name not in exclude)
    names = [name for _, name in candidates]
    if wanted is not None:
        if wanted not in names:
            sys.exit(f"error: --page {wanted} is not an executed page of the "
                     "clean build with the same code in zh and en; pick one "
                     f"of: {', '.join(names)}")
        return wanted
    if not names:
        sys.exit("error: the clean build executed no page with the same "
                 "code in zh and en; nothing to edit")
    return names[0]


# -- report -------------------------------------------------------------------

class Shared:
    """A build seen through a count of some of its executions."""

    def __init__(self, build, executed):
        self.lang, self.seconds, self.load = build.lang, build.seconds, build.load
        self.executed, self.returncode = executed, build.returncode


class Report:
    def __init__(self):
        self.rows, self.failures, self.notes = [], [], []

    def step(self, label, builds, expect):
        """Record builds (zh, en) and whether their counts match expect."""
        got = tuple(b.executed for b in builds)
        ok = got == expect
        if not ok:
            self.failures.append(f"{label}: executed {got}, expected {expect}")
        for b in builds:
            if b.returncode != 0:
                self.failures.append(
                    f"{label}: sphinx-build {b.lang} exited {b.returncode}")
                self.notes += [f"  {b.lang}: {s}" for s in b.problems()]
        self.rows.append((label, builds, expect, ok))
        return ok

    def print_table(self):
        head = (f"{'step':<36}{'zh s':>8}{'en s':>8}{'total s':>9}"
                f"{'executed':>10}{'expected':>10}  {'load':<11}check")
        print(head)
        print("-" * len(head))
        for label, builds, expect, ok in self.rows:
            secs = [f"{b.seconds:8.1f}" for b in builds]
            secs += [f"{'':>8}"] * (2 - len(secs))
            total = sum(b.seconds for b in builds)
            got = "/".join("?" if b.executed is None else str(b.executed)
                           for b in builds)
            want = "/".join(str(e) for e in expect)
            load = "/".join(f"{b.load:.1f}" for b in builds)
            print(f"{label:<36}{''.join(secs)}{total:9.1f}{got:>10}"
                  f"{want:>10}  {load:<11}{'PASS' if ok else 'FAIL'}")


def verdict(ok):
    return "PASS" if ok else "FAIL"


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Counts that do not match exit with status 1; timing targets "
               "only warn. See the module docstring for what each step means.")
    parser.add_argument("--workdir", type=Path,
                        help="build the copy here (default: a new temporary "
                             "folder, removed afterwards)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the copy and its builds")
    parser.add_argument("--tracked-only", action="store_true",
                        help="copy only files tracked by git (default: also "
                             "untracked files that are not ignored, i.e. what "
                             "`make html` would build)")
    parser.add_argument("--page", metavar="DOCNAME",
                        help="page to edit in steps 3 and 4, e.g. "
                             "data-manipulation/autograd (default: the "
                             "executed page with the shortest run time)")
    parser.add_argument("--no-parallel", action="store_true",
                        help="skip the -j 2 write-phase measurement")
    parser.add_argument("--rounds", type=int, default=2, metavar="N",
                        help="alternating -j 1 / -j 2 write-phase runs "
                             "(default 2; the best of each is reported)")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write the figures to FILE")
    args = parser.parse_args(argv)

    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        if any(args.workdir.iterdir()):
            sys.exit(f"error: --workdir {args.workdir} is not empty")
        workdir = args.workdir.resolve()
    else:
        workdir = Path(tempfile.mkdtemp(prefix="d2l-bench-build-"))
    book = workdir / "book"
    book.mkdir()
    try:
        return run(args, book)
    finally:
        if args.keep or args.workdir:
            print(f"\nkept: {book}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def run(args, book):
    started = time.perf_counter()
    nfiles = copy_repository(book, args.tracked_only)
    load0 = os.getloadavg()
    print(f"Build benchmark on a copy of {ROOT} ({nfiles} files, "
          f"{'tracked' if args.tracked_only else 'tracked + untracked'}) "
          f"in {book}")
    print(f"{os.cpu_count()} cores; load average at start "
          f"{load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f} (1/5/15 min)\n",
          flush=True)
    report = Report()

    def build(lang, *extra):
        print(f"  sphinx-build {lang} {' '.join(extra)}".rstrip() + " ...",
              end="", flush=True)
        b = Build(book, lang, *extra)
        print(f" {b.seconds:.1f} s, exit {b.returncode}, executed "
              f"{b.executed}", flush=True)
        return b

    # 1 + 5: clean build, zh then en.
    clean = (build("zh"), build("en"))
    if clean[0].log is None or clean[1].log is None:
        report.step("1 clean build", clean, (clean[0].executed, 0))
        report.print_table()
        for b in clean:
            if b.log is None:
                print(f"\nthe clean {b.lang} build wrote no execution.json:")
                print("\n".join(b.stderr.splitlines()[-20:]))
        return 1
    own = pages_with_own_code(book, sorted(clean[0].log["pages"]))
    report.step("1 clean build", clean, (clean[0].executed, len(own)))
    en_executed = sorted(name for name, p in clean[1].log["pages"].items()
                         if p["status"] == "executed")
    en_shared = [name for name in en_executed if name not in own]
    # 2: nothing changed.
    noop = (build("zh"), build("en"))
    report.step("2 no-op rebuild", noop, (0, 0))
    # 3: prose only.
    page = pick_page(clean[0], book, own, args.page)
    sources = {lang: book / "docs" / lang / f"{page}.md" for lang in LANGS}
    for lang, path in sources.items():
        append_sentence(path, lang)
    prose = (build("zh"), build("en"))
    report.step("3 prose edit", prose, (0, 0))
    for b in prose:
        if b.status(page) != "cached":
            report.failures.append(
                f"3 prose edit: {b.lang} did not re-read {page} "
                f"(status {b.status(page)!r}, expected 'cached')")
    # 4: the same code change in both languages.
    for path in sources.values():
        edit_first_code_cell(path)
    if code_cells(sources["zh"]) != code_cells(sources["en"]):
        report.notes.append(f"  after the edit the code cells of {page} "
                            "differ between zh and en: en cannot reuse zh's run")
    code = (build("zh"), build("en"))
    report.step("4 code edit", code, (1, 0))
    for b, want in zip(code, ("executed", "cached")):
        if b.status(page) != want:
            report.failures.append(
                f"4 code edit: {b.lang} {page} has status "
                f"{b.status(page)!r}, expected {want!r}")
    # 5: the en half of step 1, pages whose code is the same as in zh.
    shared_ok = not en_shared
    report.rows.append(("5 en after zh, same code (clean)",
                        (Shared(clean[1], len(en_shared)),), (0,), shared_ok))
    if not shared_ok:
        report.failures.append("5 en after zh: en executed pages whose code "
                               f"is the same as in zh: {', '.join(en_shared)}")
    missing = [name for name in own if name not in en_executed]
    if missing:
        report.failures.append(
            "5 en after zh: pages with lang-specific code that en did not "
            f"execute: {', '.join(missing)} (their outputs would be zh's)")

    # -j 2: the write phase only (-a, nothing to read), alternating runs.
    parallel = None
    if not args.no_parallel and args.rounds > 0:
        runs = {"1": [], "2": []}
        for _ in range(args.rounds):
            runs["1"].append(build("zh", "-a"))
            runs["2"].append(build("zh", "-a", "-j", "2"))
        for b in runs["1"] + runs["2"]:
            if b.executed != 0:
                report.failures.append(
                    f"write-phase build {' '.join(b.extra)} executed "
                    f"{b.executed}, expected 0")
        parallel = (runs["1"], runs["2"])

    # -- print ---------------------------------------------------------------
    print(f"\nedited page: {page} (docs/zh and docs/en)")
    print(f"  prose: appended a sentence; code: `{EDIT_LINE}` added to its "
          "first code cell\n")
    report.print_table()
    clean_s = sum(b.seconds for b in clean)
    noop_s = sum(b.seconds for b in noop)
    ratio = noop_s / clean_s if clean_s else float("inf")
    print("\ntargets (timing only warns)")
    print(f"  clean build of both  {clean_s:7.1f} s   target <= "
          f"{CLEAN_TARGET_S:.0f} s          {verdict(clean_s <= CLEAN_TARGET_S)}")
    print(f"  no-op rebuild        {noop_s:7.1f} s   {ratio:5.1%} of clean, "
          f"target <= {NOOP_TARGET:.0%}  {verdict(ratio <= NOOP_TARGET)}")
    pages = clean[0].log["pages"]
    print(f"\nclean build: zh executed {clean[0].executed} of {len(pages)} "
          f"notebook pages, en {clean[1].executed}")
    if own:
        en_pages = clean[1].log["pages"]
        cost = sum(en_pages[n]["runtime"] or 0.0 for n in own
                   if n in en_pages)
        print(f"  en must re-run the {len(own)} page(s) whose code differs "
              "from zh (cells tagged lang-specific):")
        for name in own:
            p = en_pages.get(name, {})
            print(f"    {name}: {p.get('status')}, "
                  f"{p.get('runtime') or 0.0:.1f} s of execution")
        print(f"  {cost:.1f} s of en's {clean[1].seconds:.1f} s clean build; "
              "any one differing cell re-runs the whole page")

    if parallel:
        serial, par = parallel
        s = min(b.seconds for b in serial)
        p = min(b.seconds for b in par)
        print("\n-j 2, write phase only (zh, -a on an up-to-date build: "
              "every page rewritten, none re-read or executed)")
        print(f"  -j 1 {s:5.1f} s   -j 2 {p:5.1f} s   best of {len(serial)} "
              f"alternating runs each; -j 2 takes {p / s:.2f}x the serial time")
        print("  all runs: -j 1 " + ", ".join(f"{b.seconds:.1f}" for b in serial)
              + " s; -j 2 " + ", ".join(f"{b.seconds:.1f}" for b in par)
              + " s; load " + "/".join(f"{b.load:.1f}" for b in serial + par))
        last = par[-1]
        print(f"  -j 2 exit status {last.returncode}"
              + (" (same flags as make, -W included)" if last.returncode
                 else ""))
        for line in last.problems(4):
            print(f"    {line}")
        print("  Reading is always serial: the book extension declares "
              "parallel_read_safe False, because its execution log follows\n"
              "  the reads in this process, and each MXNet kernel already "
              "uses both cores, so parallel reads would only\n"
              "  make executions compete. Sphinx warns about it whenever "
              "-j > 1 (\"... is not safe for parallel reading\",\n"
              "  \"doing serial read\"), which -W turns into a failed build; "
              "only the write phase can run in parallel.")

    if report.notes:
        print("\nnotes")
        print("\n".join(report.notes))
    load1 = os.getloadavg()
    total = time.perf_counter() - started
    print(f"\nload average at end {load1[0]:.2f} {load1[1]:.2f} "
          f"{load1[2]:.2f}; benchmark took {total:.0f} s")

    if args.json:
        data = {
            "load_start": load0, "load_end": load1, "page": page,
            "steps": {label: [{"lang": b.lang, "seconds": b.seconds,
                               "executed": b.executed, "exit": b.returncode,
                               "load": b.load} for b in builds]
                      for label, builds, _, _ in report.rows},
            "clean_s": clean_s, "noop_s": noop_s, "noop_ratio": ratio,
            "parallel_write": None if not parallel else {
                "j1_s": [b.seconds for b in parallel[0]],
                "j2_s": [b.seconds for b in parallel[1]],
                "j2_exit": parallel[1][-1].returncode},
            "failures": report.failures,
        }
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")

    if report.failures:
        print("\nFAILED")
        print("\n".join(f"  {f}" for f in report.failures))
        return 1
    print("\nall execution counts as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
