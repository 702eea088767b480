"""Build a throwaway book with the real conf.py, for testing the build."""

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

FRONT_MATTER = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---
"""


def code_page(title, *cells):
    """Return the MyST text of a page with the given code cells."""
    body = "".join(f"\n```{{code-cell}} ipython3\n{c}\n```\n" for c in cells)
    return f"{FRONT_MATTER}\n# {title}\n{body}"


def write_book(root, lang, pages):
    """Write ``pages`` ({docname: text}) plus an index into root/docs/lang."""
    src = Path(root) / "docs" / lang
    src.mkdir(parents=True, exist_ok=True)
    toc = "\n".join(pages)
    (src / "index.md").write_text(
        f"# Book\n\n```{{toctree}}\n{toc}\n```\n", encoding="utf-8")
    for name, text in pages.items():
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    return src


def sphinx_build(root, lang, timeout=300, **env):
    """Run sphinx-build as `make html-<lang>` does; return the process."""
    root = Path(root)
    build = root / "_build"
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going",
           "-n", "-q", "-c", str(ROOT), "-d", str(build / "doctrees" / lang),
           str(root / "docs" / lang), str(build / "html" / lang)]
    full_env = {**os.environ, "D2L_BOOK_LANG": lang,
                "D2L_BUILDDIR": str(build), **env}
    return subprocess.run(cmd, capture_output=True, text=True,
                          timeout=timeout, env=full_env)
