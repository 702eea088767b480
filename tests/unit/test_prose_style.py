"""House style of the prose, in both languages (fast; reads docs/ only).

* English uses British -ise spelling (optimise, initialise, normalise), also
  in the English glosses of Chinese prose: （deferred initialisation）.
* Chinese uses “” quotation marks, never ASCII "...".
* A Chinese {term} glossed in English, {term}`梯度`（gradient）, glosses it
  with the glossary's English; a gloss may add more after ，.
* Citations go through {cite}: no hand-written "et al." or "等人（2018）".
"""

import re

from helpers import DOCS, source_pages
from prose_text import prose_lines

from book import glossary_data

# -ize/-yze words the book is likely to use; API names such as
# `initialize` or `hybridize` are inline code and not checked.
IZE = re.compile(
    r"\b(?:optimi|minimi|maximi|initiali|normali|regulari|vectori|generali|"
    r"summari|visuali|recogni|reali|organi|seriali|parameteri|standardi|"
    r"characteri|emphasi|utili|categori|speciali|memori|finali|prioriti|"
    r"customi|stabili|tokeni|discreti|randomi|symboli|synchroni|amorti|"
    r"penali|hybridi|anal|paraly)(?:ze|zes|zed|zing|zation|zations|zer|zers"
    r"|yze|yzes|yzed|yzing)\b", re.IGNORECASE)
ET_AL = re.compile(r"\bet al\b|等人\s*[（(，,]?\s*\d{4}")


def pages(lang):
    for docname in source_pages(lang):
        path = DOCS / lang / f"{docname}.md"
        yield path, path.read_text(encoding="utf-8")


def offences(lang, pattern):
    return [f"{path.relative_to(DOCS)}:{number}: {match.group()!r}"
            for path, text in pages(lang)
            for number, line in prose_lines(text)
            for match in pattern.finditer(line)]


def test_english_prose_uses_ise_spelling():
    found = offences("en", IZE)
    assert not found, "use -ise spelling (optimise, initialise):\n" + \
        "\n".join(found)


def test_english_glosses_in_chinese_prose_use_ise_spelling():
    found = offences("zh", IZE)
    assert not found, "use -ise spelling, as the glossary does:\n" + \
        "\n".join(found)


def test_glossary_english_uses_ise_spelling():
    entries = glossary_data.load()
    found = [f"{e['en']}: {m.group()!r}" for e in entries
             for field in ("en", "en_def")
             # API names such as hybridize() keep their spelling.
             for m in IZE.finditer(re.sub(r"\b\w+\(\)", "", e[field]))]
    assert not found, "\n".join(found)


GLOSSED_TERM = re.compile(r"\{term\}`([^`<]+?)\s*(?:<([^>]+)>)?`（([^）]+)）")


def gloss_mismatches(text, english_of):
    """(term, gloss) pairs whose gloss names none of the term's English."""
    found = []
    for shown, target, gloss in GLOSSED_TERM.findall(text):
        names = english_of.get((target or shown).strip(), [])
        parts = {part.strip().lower() for part in gloss.split("，")}
        if not parts & {name.lower() for name in names}:
            found.append(((target or shown).strip(), gloss))
    return found


def test_chinese_terms_are_glossed_with_the_glossary_english():
    english_of = {}
    for entry in glossary_data.load():
        for zh in (entry["zh"], *entry.get("zh_aliases", [])):
            english_of[zh] = [entry["en"]]
    found = [f"{path.relative_to(DOCS)}: {term}（{gloss}） but the glossary "
             f"says {english_of.get(term, ['nothing'])[0]!r}"
             for path, text in pages("zh")
             for term, gloss in gloss_mismatches(text, english_of)]
    assert not found, "\n".join(found)


def test_gloss_check_catches_a_mismatch():
    english_of = {"梯度": ["gradient"], "中央处理器": ["CPU"]}
    assert gloss_mismatches("求{term}`梯度`（gradient）", english_of) == []
    assert gloss_mismatches("{term}`中央处理器`（central processing unit，"
                            "CPU）", english_of) == []
    assert gloss_mismatches("{term}`梯度 <梯度>`（gradients）", english_of) \
        == [("梯度", "gradients")]


def test_chinese_prose_has_no_ascii_quotes():
    found = offences("zh", re.compile('"'))
    assert not found, "use “” in Chinese prose:\n" + "\n".join(found)


def test_no_citation_outside_cite(lang):
    found = offences(lang, ET_AL)
    assert not found, "cite with {cite:p}`key` (docs/_data/references.bib):" \
        "\n" + "\n".join(found)


def test_the_checks_catch_what_they_look_for():
    # Guard the regexes and the prose filter themselves.
    page = ("---\nfile_format: mystnb\n---\n\n# T\n\nWe optimize it, "
            "`net.initialize()` is code.\n\n```{code-cell} ipython3\n"
            "x = 'normalize'\n```\n\n:::{note}\nThey \"said\" it "
            "(Smith et al., 2020).\n:::\n")
    lines = dict(prose_lines(page))
    assert IZE.findall(lines[7]) == ["optimize"]
    assert not any(IZE.search(line) for n, line in lines.items() if n != 7)
    assert 10 not in lines  # code cell
    assert '"' in lines[14] and ET_AL.search(lines[14])
    assert ET_AL.search("Baydin 等人，2018 年")
