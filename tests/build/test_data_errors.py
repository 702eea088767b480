"""A broken glossary.yml or references.bib stops the build with one line,
``file:line: ERROR: what is wrong, what to do``, not Sphinx's crash report
and not a flood of unresolved {term} and {cite} roles.

Slow: each test builds a throwaway copy of the book's configuration
(conf.py, book/, docs/_data, templates, static) so that the data files can
be broken without touching the checkout.
"""

import shutil
import subprocess

import pytest
from bookbuild import sphinx_command, write_book
from helpers import ROOT

PAGES = {
    "page": "# Page\n\nA {term}`trimmed mean` {cite:p}`huber1964robust`.\n",
    "glossary": "# Glossary\n\n```{d2l-glossary}\n```\n",
    "references": "# References\n\n```{bibliography}\n```\n",
}


def copy_config(root):
    shutil.copy(ROOT / "conf.py", root / "conf.py")
    shutil.copytree(ROOT / "book", root / "book",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("_data", "_templates", "_static"):
        shutil.copytree(ROOT / "docs" / folder, root / "docs" / folder)
    return root / "docs" / "_data"


def run(root):
    """Build root/docs/en with root's own conf.py; return the process."""
    cmd, env = sphinx_command(root, "en", conf=root)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                          env=env)


def one_line_error(result, where):
    assert result.returncode != 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(where), result.stderr
    assert "Traceback" not in result.stderr
    assert "Extension error" not in result.stderr
    return lines[0]


@pytest.mark.slow
@pytest.mark.parametrize("breakage, words", [
    # A YAML slip: an unquoted ': ' in a definition.
    (lambda t: t.replace('en_def: "The mean after dropping',
                         'en_def: Note: the mean after dropping', 1),
     "not valid YAML"),
    # An entry without en.
    (lambda t: t.replace("  en: trimmed mean\n", "", 1), "lacks en"),
    # The same term twice.
    (lambda t: t + "- zh: 梯度\n  en: gradient\n  zh_def: x\n  en_def: x\n",
     "is a term of '梯度' but already"),
    # A synonym claimed by two entries.
    (lambda t: t.replace("  en: gradient\n",
                         "  en: gradient\n  zh_aliases: [裁剪平均值]\n", 1),
     "'裁剪平均值' is a synonym of '截尾均值' "
     "but already the synonym of '梯度'"),
])
def test_broken_glossary_gives_one_line(tmp_path, breakage, words):
    data = copy_config(tmp_path)
    glossary = data / "glossary.yml"
    glossary.write_text(breakage(glossary.read_text(encoding="utf-8")),
                        encoding="utf-8")
    write_book(tmp_path, "en", PAGES)
    message = one_line_error(run(tmp_path), f"{glossary}:")
    assert words in message and ": ERROR: " in message, message


@pytest.mark.slow
def test_broken_bibliography_gives_one_line(tmp_path):
    data = copy_config(tmp_path)
    bib = data / "references.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text + "\n@article{broken,\n  title = {Unclosed,\n"
                   "  year = {2001}\n}\n", encoding="utf-8")
    write_book(tmp_path, "en", PAGES)
    message = one_line_error(run(tmp_path), f"{bib}:")
    assert "not valid BibTeX" in message, message


@pytest.mark.slow
def test_the_copied_configuration_builds_when_nothing_is_broken(tmp_path):
    # Guards the tests above: their failures come from the breakage.
    copy_config(tmp_path)
    write_book(tmp_path, "en", PAGES)
    result = run(tmp_path)
    assert result.returncode == 0, result.stderr
