"""Page sources are MyST text that holds no outputs, with sound structure."""

import re

from bookbuild import code_page
from helpers import DOCS, source_pages

from book.source_checks import CODE_CELL

# What outputs look like when a notebook's JSON or an output gets pasted in.
OUTPUT_MARKERS = ('"outputs": [', '"output_type":', '"execution_count":',
                  "data:image/png;base64,", "data:image/svg+xml;base64,")
_PLAIN_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(text|output|none)?\s*$")


def pasted_outputs(text):
    """Lines where a plain or text block directly follows a code cell."""
    lines, found, i = text.splitlines(), [], 0
    while i < len(lines):
        match = CODE_CELL.match(lines[i])
        i += 1
        if not match:
            continue
        while i < len(lines) and lines[i].strip() != match.group(1):
            i += 1  # to the cell's closing fence
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and _PLAIN_FENCE.match(lines[j]):
            found.append(j + 1)
    return found


def test_sources_hold_no_outputs(lang):
    from myst_nb.core.read import read_myst_markdown_notebook

    problems = []
    for docname in source_pages(lang):
        path = DOCS / lang / f"{docname}.md"
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(DOCS.parent)
        if text.lstrip().startswith("{"):
            problems.append(f"{where}: notebook JSON, not MyST markdown")
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for marker in OUTPUT_MARKERS:
                if marker in line:
                    problems.append(f"{where}:{number}: {marker!r}")
        for number in pasted_outputs(text):
            problems.append(f"{where}:{number}: a plain block right after a "
                            "code cell looks like a pasted output")
        nb = read_myst_markdown_notebook(text)
        for i, cell in enumerate(
                (c for c in nb.cells if c.cell_type == "code"), 1):
            if cell.get("outputs") or cell.get("execution_count") is not None:
                problems.append(f"{where}: code cell {i} has outputs")
    assert not problems, "\n".join(problems)


def test_pasted_output_detector_finds_one():
    page = code_page("P", "1 + 1") + "\n```\n2\n```\n"
    assert pasted_outputs(page) == [len(page.splitlines()) - 2]
    assert pasted_outputs(code_page("P", "1 + 1", "2 + 2")) == []


#: Every tag a code cell may carry, and who reads it: myst-nb (remove-*,
#: raises-exception), book/notebooks.py and test_saved_code (save), the
#: parallel executor (timing, all-cores), test_parity (lang-specific).
CELL_TAGS = {"remove-cell", "remove-input", "remove-stderr",
             "raises-exception", "save", "timing", "all-cores",
             "lang-specific"}


def test_cells_carry_only_known_tags(lang):
    """`:tags: [remove-cell timing]` is one unknown tag, not two: the glue
    call would be shown to readers."""
    from helpers import read_source_notebook

    unknown = {}
    for docname in source_pages(lang):
        for cell in read_source_notebook(lang, docname).cells:
            for tag in set(cell.metadata.get("tags", [])) - CELL_TAGS:
                unknown.setdefault(docname, []).append(tag)
    assert not unknown, unknown
