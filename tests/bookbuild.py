"""Build a throwaway book with the real conf.py, for testing the build."""

import json
import os
import subprocess
import sys

from book import layout

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
    src = layout.book(root).source(lang)
    src.mkdir(parents=True, exist_ok=True)
    toc = "\n".join(pages)
    (src / "index.md").write_text(
        f"# Book\n\n```{{toctree}}\n{toc}\n```\n", encoding="utf-8")
    for name, text in pages.items():
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    return src


def sphinx_command(root, lang, *extra, conf=layout.ROOT, **env):
    """Return (argv, environment) of the sphinx-build that sphinx_build runs.

    ``extra`` are more sphinx-build arguments (e.g. "-E"); ``conf`` is the
    folder whose conf.py is used (default: the book's).
    """
    book = layout.book(root)
    cmd = [sys.executable, "-m", "sphinx", *book.sphinx_args(lang, conf),
           *extra]
    return cmd, {**os.environ, **book.sphinx_env(lang), **env}


def sphinx_build(root, lang, *extra, timeout=300, **env):
    """Run sphinx-build as `make html-<lang>` does; return the process."""
    cmd, full_env = sphinx_command(root, lang, *extra, **env)
    return subprocess.run(cmd, capture_output=True, text=True,
                          timeout=timeout, env=full_env)


def start_sphinx_build(root, lang, *extra, conf=layout.ROOT, **env):
    """Start sphinx_build's command without waiting for it; return the Popen.

    It runs in a session (and process group) of its own, whose id is its
    pid, so a test can kill it with everything in that group.
    """
    cmd, full_env = sphinx_command(root, lang, *extra, conf=conf, **env)
    return subprocess.Popen(cmd, env=full_env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def execution_log(root, lang):
    """Return the build's <outdir>/execution.json as a dict."""
    path = layout.book(root).execution_log(lang)
    return json.loads(path.read_text(encoding="utf-8"))


def built_page(root, lang, docname):
    """Return the path of a page's HTML in a throwaway book's build."""
    return layout.book(root).html(lang) / f"{docname}.html"


def executed_notebook(root, lang, docname):
    """Return the executed notebook the build wrote for a page (a dict)."""
    path = layout.book(root).executed(lang) / f"{docname}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))


def text_outputs(cell):
    """Return the text of a notebook cell's outputs (streams, text/plain)."""
    texts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            text = out.get("text", "")
        else:
            text = out.get("data", {}).get("text/plain", "")
        texts.append(text if isinstance(text, str) else "".join(text))
    return texts
