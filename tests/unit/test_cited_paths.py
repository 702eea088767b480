"""Every repository path that the docs and comments cite exists, so a
reader who follows one (README, CONTRIBUTING, a module's docstring) finds
the file; a move that forgets a pointer fails here."""

import re

from helpers import ROOT

#: A path inside the repository: one of its top-level folders, then a name.
CITED = re.compile(r"(?<![\w/.-])((?:book|d2l|tests|docs|examples|benchmarks"
                   r"|\.ci|\.github)/[\w./-]*\w)")
FOLDERS = ("book", "d2l", "tests", "benchmarks", "examples", ".ci", ".github",
           "docs/_templates", "docs/_static")
SUFFIXES = {".py", ".sh", ".html", ".css", ".js", ".yml", ".md", ""}
#: Paths that name an example, not a file of this repository.
EXAMPLES_OF_PATHS = {"docs/en/x.md", "docs/en/page.md", "docs/en/quick.md"}


def citing_files():
    yield from (ROOT / name for name in ("README.md", "CONTRIBUTING.md",
                                         "Makefile", "conf.py",
                                         "pyproject.toml", "requirements.txt"))
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if (path.is_file() and path.suffix in SUFFIXES
                    and "node_modules" not in path.parts
                    and "__pycache__" not in path.parts):
                yield path


def test_every_cited_path_exists():
    missing = []
    for path in citing_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            for match in CITED.finditer(line):
                cited = match.group(1).rstrip(".")
                after = line[match.end():match.end() + 1]
                # A pattern (x_{a,b}.py, eq*.png) or a regex (\.py).
                if cited in EXAMPLES_OF_PATHS or after in ("{", "*", "<", "\\"):
                    continue
                if not (ROOT / cited).exists():
                    missing.append(f"{path.relative_to(ROOT)}:{number}: "
                                   f"{cited}")
    assert not missing, "cited paths that do not exist:\n" + "\n".join(missing)


def test_test_files_have_unique_names():
    """pytest imports test modules by basename (rootdir-less), so two
    test_x.py in different tiers stop the whole collection."""
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    assert len(names) == len(set(names)), sorted(
        n for n in set(names) if names.count(n) > 1)
