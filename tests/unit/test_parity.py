"""zh and en are one book: same pages, same headings, same code cells."""

import re

import pytest
from helpers import DOCS, is_executed, read_source_notebook, source_pages

#: A cell may differ between languages only when it carries this tag.
LANG_SPECIFIC = "lang-specific"
PAGES = source_pages("zh")
EXECUTED = [p for p in PAGES if is_executed("zh", p)]
EXERCISES = {"zh": "## 练习", "en": "## Exercises"}


def test_same_pages_in_both_languages():
    assert source_pages("zh") == source_pages("en")
    assert "index" in PAGES


def code_cells(lang, docname):
    nb = read_source_notebook(lang, docname)
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("docname", PAGES)
def test_same_code_cells(docname):
    zh, en = code_cells("zh", docname), code_cells("en", docname)
    assert len(zh) == len(en), f"{docname}: {len(zh)} zh vs {len(en)} en cells"
    for i, (a, b) in enumerate(zip(zh, en), 1):
        tags_a = a.metadata.get("tags", [])
        tags_b = b.metadata.get("tags", [])
        assert tags_a == tags_b, f"{docname} cell {i}: tags differ"
        if LANG_SPECIFIC in tags_a:
            continue
        assert a.source == b.source, (
            f"{docname} cell {i} differs between zh and en; make it identical "
            f"or tag it {LANG_SPECIFIC}")


def heading_levels(lang, docname):
    text = (DOCS / lang / f"{docname}.md").read_text(encoding="utf-8")
    text = re.sub(r"^(`{3,}|:{3,}).*?^\1", "", text, flags=re.M | re.S)
    return [len(m.group(1)) for m in re.finditer(r"^(#+)\s", text, re.M)]


@pytest.mark.parametrize("docname", PAGES)
def test_same_heading_structure(docname):
    assert heading_levels("zh", docname) == heading_levels("en", docname)


@pytest.mark.parametrize("docname", EXECUTED)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_executed_page_ends_with_provenance_and_exercises(lang, docname):
    cells = code_cells(lang, docname)
    assert cells[-1].source.strip() == "d2l.provenance()", (
        f"{lang}/{docname}: the last code cell must be d2l.provenance()")
    text = (DOCS / lang / f"{docname}.md").read_text(encoding="utf-8")
    assert EXERCISES[lang] in text, f"{lang}/{docname} has no exercises"


def test_lang_specific_cells_are_rare():
    """The exemption is for labels, not for diverging code."""
    tagged = sum(LANG_SPECIFIC in c.metadata.get("tags", [])
                 for p in PAGES for c in code_cells("zh", p))
    total = sum(len(code_cells("zh", p)) for p in PAGES)
    assert tagged <= max(3, total // 20)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_have_closed_fences_and_valid_front_matter(lang):
    from book.source_checks import front_matter_problem, unclosed_fence

    for docname in source_pages(lang):
        text = (DOCS / lang / f"{docname}.md").read_text(encoding="utf-8")
        assert unclosed_fence(text) is None, f"{lang}/{docname}"
        assert front_matter_problem(text) is None, f"{lang}/{docname}"
