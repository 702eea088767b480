"""Typeset the LaTeX build of one language into its PDF (make pdf).

Usage:
    python -m book.pdf check                      the tools are installed
    python -m book.pdf make <latexdir> <out.pdf>  latexmk + XeLaTeX, copy out

A missing tool is one line naming the Debian packages. A LaTeX error is
reported with the page (the book's docname) that the failing line of the
.tex came from, found from the page labels Sphinx writes (``\\label{
\\detokenize{<docname>::doc}}``) and the markers book/solutions.py writes
for solutions moved to the end of a chapter.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

#: The tools the PDF needs, and the Debian packages that have them.
TOOLS = {
    "xelatex": "texlive-xetex texlive-lang-chinese texlive-latex-extra "
               "texlive-fonts-recommended fonts-freefont-otf",
    "latexmk": "latexmk",
    "rsvg-convert": "librsvg2-bin",
}
#: What .ci/run installs for the PDF (and EPUB) tests, in one line.
APT_PACKAGES = ("texlive-xetex texlive-lang-chinese texlive-latex-recommended "
                "texlive-latex-extra texlive-fonts-recommended "
                "fonts-freefont-otf latexmk librsvg2-bin")

PAGE_LABEL = re.compile(r"\\label\{\\detokenize\{(.+?)::doc\}\}")
PAGE_MARK = re.compile(r"^%% d2l-page: (\S+)")
ERROR_LINE = re.compile(r"^(?:\./)?([^:\s]+\.tex):(\d+): (.*)$")


def missing_tools():
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def check():
    """Exit with one line naming the apt packages when a tool is missing."""
    missing = missing_tools()
    if missing:
        packages = " ".join(dict.fromkeys(TOOLS[t] for t in missing))
        sys.exit(f"error: the PDF needs {', '.join(missing)}: "
                 f"apt-get install {packages}")


def page_at(tex_lines, line):
    """The docname the 1-based ``line`` of the .tex belongs to, or None."""
    for text in reversed(tex_lines[:line]):
        match = PAGE_MARK.match(text) or PAGE_LABEL.search(text)
        if match:
            return match.group(1)
    return None


def errors(log_text, tex_lines):
    """[(docname, tex line, message, context)] of the errors in a log."""
    found = []
    log = log_text.splitlines()
    for i, text in enumerate(log):
        match = ERROR_LINE.match(text)
        if not match:
            continue
        line = int(match.group(2))
        context = " ".join(t.strip() for t in log[i + 1:i + 3] if t.strip())
        found.append((page_at(tex_lines, line), line, match.group(3),
                      context))
    return found


def make(latexdir, out):
    """Run latexmk in latexdir; copy the PDF to out; exit on an error."""
    check()
    latexdir, out = Path(latexdir), Path(out)
    tex = next(latexdir.glob("d2l-*.tex"))
    command = ["latexmk", "-xelatex", "-interaction=nonstopmode",
               "-halt-on-error", "-file-line-error", "-silent", tex.name]
    result = subprocess.run(command, cwd=latexdir, capture_output=True,
                            text=True, errors="replace")
    pdf = tex.with_suffix(".pdf")
    if result.returncode != 0 or not pdf.is_file():
        log = tex.with_suffix(".log")
        log_text = log.read_text(errors="replace") if log.is_file() else ""
        lines = tex.read_text(encoding="utf-8").splitlines()
        found = errors(log_text, lines)
        for page, line, message, context in found:
            print(f"error: {page or '?'}: LaTeX: {message} {context} "
                  f"({tex}:{line})", file=sys.stderr)
        if not found:
            print(result.stdout[-3000:], result.stderr[-2000:],
                  file=sys.stderr)
        sys.exit(f"error: XeLaTeX failed on {tex}; the log is {log}")
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, out)
    print(f"{out} ({out.stat().st_size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["check"]:
        check()
    elif sys.argv[1:2] == ["make"] and len(sys.argv) == 4:
        make(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
