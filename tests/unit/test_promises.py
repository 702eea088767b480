"""A page that promises content elsewhere ("a later section explains it",
“后面几节会介绍”) links to the page it means, so the promise can be
followed and cannot point at a page that was never written (fast; reads
docs/ only).

* "later/coming/following sections", "a later chapter", "the sections
  below", 后面几节, 后续章节 … need a link ({doc} or a Markdown link) in
  the same sentence.
* "the next section" / 下一节 may stand alone when the page has a next
  page in its part's toctree and that page exists.
* Statements about the whole rest of the book ("every later chapter",
  后面各章) promise nothing in particular and are not checked.
"""

import re

from helpers import DOCS, source_pages
from prose_text import prose_lines

from book.source_checks import FENCE

_UNIT = r"(?:section|chapter|part)s?"
PROMISE = {
    "en": re.compile(
        rf"(?<!every )(?<!all )(?<!each )"
        rf"\b(?:next|later|coming|following|subsequent)\s+(?:two\s+|three\s+|few\s+)?{_UNIT}\b"
        rf"|\b{_UNIT}\s+below\b|\blater\s+in\s+this\s+(?:part|chapter|book)\b",
        re.IGNORECASE),
    "zh": re.compile(
        r"下一?(?:节|章|部分)(?!点)"
        r"|(?:后面|后续|以后|之后|接下来)的?(?:[几一两]|这几)?个?"
        r"(?:小节|章节|节|章|部分)(?!点)"),
}
#: Only the singular next section can be checked against the toctree.
NEXT = re.compile(r"^(?:next\s+section|下一?节)$", re.IGNORECASE)
LINK = re.compile(r"\{doc\}`[^`]*`|\[[^\]]*\]\([^)]*\)")
SENTENCE_END = {"en": re.compile(r"(?<=[.!?])\s+"),
                "zh": re.compile(r"(?<=[。！？])")}
_TERM = re.compile(r"\{term\}`([^`<]*?)\s*(?:<[^>]*>)?`")
_CODE = re.compile(r"\{[\w:]+\}`[^`]*`|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$")
_MARK = "\x00LINK\x00"


def toctree(text):
    """The entries of a page's toctree directives, in order."""
    entries, inside = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            inside = "{toctree}" in line
            continue
        entry = line.strip()
        if inside and entry and not entry.startswith(":"):
            entries.append(entry)
    return entries


def next_page(lang, docname):
    """The docname after docname in its part's toctree, if it exists."""
    part, _, name = docname.rpartition("/")
    if name == "index":
        siblings = [""] + toctree((DOCS / lang / f"{docname}.md").read_text(
            encoding="utf-8"))
        name = ""
    else:
        index = DOCS / lang / part / "index.md"
        siblings = toctree(index.read_text(encoding="utf-8")) \
            if index.exists() else []
    if name not in siblings or siblings.index(name) + 1 == len(siblings):
        return None
    following = siblings[siblings.index(name) + 1]
    path = DOCS / lang / part / f"{following}.md"
    return f"{part}/{following}" if path.exists() else None


def sentences(text, lang):
    """The prose of a page as sentences, links replaced by a marker."""
    lines = text.splitlines()
    paragraphs, current, last = [], [], None
    for number, _ in prose_lines(text):
        line = lines[number - 1]
        if last is not None and number != last + 1 or not line.strip():
            paragraphs.append(current)
            current = []
        last = number
        line = LINK.sub(_MARK, _TERM.sub(r"\1", line))
        current.append(_CODE.sub(" ", line).replace(_MARK, "{doc}"))
    paragraphs.append(current)
    joiner = " " if lang == "en" else ""
    for paragraph in paragraphs:
        yield from SENTENCE_END[lang].split(joiner.join(
            p.strip() for p in paragraph))


def unkept_promises(text, lang, docname):
    """The promises of a page that neither link nor have a next page."""
    found = []
    for sentence in sentences(text, lang):
        if "{doc}" in sentence:
            continue
        for match in PROMISE[lang].finditer(sentence):
            if NEXT.match(match.group()) and next_page(lang, docname):
                continue
            found.append(f"{match.group()!r} in “{sentence.strip()[:90]}”")
    return found


def test_promises_of_later_content_link_to_it(lang):
    found = [f"{lang}/{docname}.md: {problem}"
             for docname in source_pages(lang)
             for problem in unkept_promises(
                 (DOCS / lang / f"{docname}.md").read_text(encoding="utf-8"),
                 lang, docname)]
    assert not found, "link the page a promise means, e.g. " \
        "{doc}`a later section <dropout>`, or drop the promise:\n" + \
        "\n".join(found)


def test_the_check_catches_what_it_looks_for():
    page = ("# T\n\nLater sections\nexplain it. As {doc}`a later section "
            "<dropout>` shows, it works. The next section too.\n\n"
            "Every later chapter uses it. See the sections below.\n\n"
            "```{code-cell} ipython3\n# later sections\n```\n")
    found = unkept_promises(page, "en", "deep-learning-basics/mlp")
    assert found == ["'Later sections' in “Later sections explain it.”",
                     "'sections below' in “See the sections below.”"]
    # The last page of a part has no next section to promise.
    assert unkept_promises(page, "en", "deep-learning-computation/use-gpu") \
        == [found[0], "'next section' in “The next section too.”", found[1]]
    zh = ("后面几节会度量它。计算图的后面的节点不算。{doc}`下一节 <mlp>` 讲它。"
          "\n\n后面各章都用它。\n")
    assert unkept_promises(zh, "zh", "deep-learning-basics/mlp") == \
        ["'后面几节' in “后面几节会度量它。”"]
