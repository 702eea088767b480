"""Worked solutions under the exercises, folded away until a reader asks.

A solution is written between two marker directives, at the top level of
the page, so that it can hold executed code cells as well as prose::

    1. The exercise.

    ```{solution-start}
    ```

    The argument, math, and code cells whose outputs are glued.

    ```{solution-end}
    ```

    2. The next exercise.

The transform wraps everything between the markers in one ``solution``
node, which HTML writes as ``<details>`` with a ``<summary>`` in the
page's language: it opens with the keyboard and without JavaScript, and
a closed one shows only its summary line. Printing opens every solution
(one line of JavaScript on ``beforeprint``). Other builders write the
solution as a titled block.

The PDF cannot fold, and a solution printed right under its exercise is
read before the reader has tried it; so the LaTeX build moves each
chapter's solutions to the chapter's end, under a section of their own,
one heading per page, and leaves a link with the page number under each
exercise (the usual place of answers in a printed textbook).

In the downloaded notebook the markers become a heading cell of their
own, and the solution's code cells are tagged ``solution``
(book/notebooks.py), so a reader can skip them.
"""

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from . import languages

START, END = "solution-start", "solution-end"
#: Tag of a solution's code cells in the readers' notebook.
TAG = "solution"
#: Class of the folded block (the CSS and the tests use it).
CSS_CLASS = "d2l-solution"


class solution(nodes.General, nodes.Element):
    """One exercise's solution: a folded block."""


class solution_link(nodes.General, nodes.Element):
    """Under an exercise in the PDF: where its solution is."""


class _marker(nodes.General, nodes.Element):
    """Where a solution starts or ends; replaced by the transform."""


class MarkerDirective(SphinxDirective):
    has_content = False

    def run(self):
        node = _marker(kind=self.name)
        self.set_source_info(node)
        return [node]


class WrapSolutions(SphinxTransform):
    """Move the nodes between each start and end marker into a solution."""

    default_priority = 200  # before references are resolved

    def apply(self):
        lang = self.config.d2l_language
        number = 0
        for start in list(self.document.findall(_marker)):
            if start.parent is None or start["kind"] != START:
                continue
            parent = start.parent
            index = parent.index(start)
            end = next((i for i, n in enumerate(parent[index + 1:], index + 1)
                        if isinstance(n, _marker)), None)
            if end is None or parent[end]["kind"] != END:
                self._error(start, f"`{START}` has no `{END}` after it at "
                            "the same level")
                parent.remove(start)
                continue
            body = parent[index + 1:end]
            number += 1
            # The n-th solution answers exercise n: search results and
            # links point at #solution-n, which opens it.
            block = solution(classes=[CSS_CLASS], ids=[f"solution-{number}"],
                             summary=languages.text(lang, "solution"))
            block.source, block.line = start.source, start.line
            block.extend(n.deepcopy() for n in body)
            parent[index:end + 1] = [block]
        for stray in list(self.document.findall(_marker)):
            self._error(stray, f"`{stray['kind']}` without a matching "
                        f"`{START}`")
            stray.parent.remove(stray)

    def _error(self, node, message):
        self.document.reporter.error(message, base_node=node)


def visit_html(self, node):
    self.body.append(f'<details class="{CSS_CLASS}" id="{node["ids"][0]}">'
                     '<summary>'
                     f'{self.encode(node["summary"])}</summary>\n'
                     f'<div class="{CSS_CLASS}-body">\n')


def depart_html(self, node):
    self.body.append("</div>\n</details>\n")


def visit_latex(self, node):
    title = node.get("exercise") or node["summary"]
    self.body.append("\n" + self.hypertarget(node["ids"][0]) +
                     r"\par\noindent\textbf{" + self.encode(title) +
                     r"}\par\nobreak" + "\n")


def depart_latex(self, node):
    self.body.append("\n")


def visit_link_latex(self, node):
    label = self.idescape(f"{node['docname']}:{node['refid']}")
    before, _, after = node["text"].partition("{page}")
    text = (self.encode(before) + r"\pageref*{" + label + "}" +
            self.encode(after))
    self.body.append("\n\\par\\noindent{\\small\\itshape\\hyperref[" + label +
                     "]{" + text + "}}\\par\n")
    raise nodes.SkipNode


def visit_page_latex(self, node):
    # A page's solutions, moved to its chapter's end: labels inside them
    # keep the page's name (and a LaTeX error names the page).
    self.curfilestack.append(node["docname"])
    self.body.append(f"\n%% d2l-page: {node['docname']}\n")


def depart_page_latex(self, node):
    self.curfilestack.pop()


class solutions_of_page(nodes.General, nodes.Element):
    """The solutions of one page, at the end of its chapter (PDF)."""


class SolutionsAtChapterEnd(SphinxPostTransform):
    """In the assembled PDF, move each chapter's solutions to its end.

    The assembled tree's parent links are not to be trusted (Sphinx's
    inline_all_toctrees moves a page's children into its start_of_file
    without re-parenting them), so the pages are found top-down.
    """

    builders = ("latex",)
    default_priority = 950

    def run(self, **kwargs):
        if self.document.get("docname") != self.config.root_doc:
            return
        lang = self.config.d2l_language
        for chapter_file in _children_of_kind(self.document,
                                              addnodes.start_of_file):
            chapter = next(iter(chapter_file.findall(nodes.section)), None)
            if chapter is not None:
                self._move(chapter, chapter_file["docname"], lang)

    def _move(self, chapter, chapter_doc, lang):
        pages = {}
        for docname, title, block in _solutions(chapter, chapter_doc, None):
            number = int(block["ids"][0].rsplit("-", 1)[1])
            block["exercise"] = languages.text(lang, "exercise").format(n=number)
            block.replace_self(solution_link(
                docname=docname, refid=block["ids"][0],
                text=languages.text(lang, "solution_page")))
            pages.setdefault(docname, (title, []))[1].append(block)
        if not pages:
            return
        heading = languages.text(lang, "solutions")
        section = nodes.section(ids=["d2l-solutions"])
        section += nodes.title(heading, heading)
        for docname, (title, blocks) in pages.items():
            holder = solutions_of_page(docname=docname)
            sub = nodes.section(ids=["d2l-solutions"])
            sub += nodes.title(title, title)
            sub.extend(blocks)
            holder += sub
            section += holder
        holder = solutions_of_page(docname=chapter_doc)
        holder += section
        chapter += holder


def _children_of_kind(node, kind):
    """The outermost descendants of ``node`` of that kind, in order."""
    for child in node.children:
        if isinstance(child, kind):
            yield child
        elif isinstance(child, nodes.Element):
            yield from _children_of_kind(child, kind)


def _solutions(node, docname, title):
    """(docname, page title, solution) under node, top-down, in order."""
    for child in list(node.children):
        if isinstance(child, solution):
            yield docname, title, child
        elif isinstance(child, addnodes.start_of_file):
            first = next(iter(child.findall(nodes.title)), None)
            yield from _solutions(child, child["docname"],
                                  first.astext() if first else None)
        elif isinstance(child, nodes.Element):
            if title is None and isinstance(child, nodes.section):
                first = next(iter(child.findall(nodes.title)), None)
                title = first.astext() if first else ""
            yield from _solutions(child, docname, title)


def visit_text(self, node):
    self.new_state(0)
    self.add_text(node["summary"])
    self.end_state()


def depart_text(self, node):
    pass


# Printing opens every solution: a printed page has no toggles. A link to
# #solution-n (a search result's) opens that one.
PRINT_OPEN = ('addEventListener("beforeprint",()=>document.querySelectorAll('
              f'"details.{CSS_CLASS}").forEach(d=>d.open=true));'
              'const d2lOpen=()=>{const d=location.hash&&document.getElementById('
              'location.hash.slice(1));'
              f'if(d&&d.matches("details.{CSS_CLASS}"))d.open=true}};'
              'addEventListener("hashchange",d2lOpen);'
              'addEventListener("DOMContentLoaded",d2lOpen);')


def setup(app):
    app.add_node(solution, html=(visit_html, depart_html),
                 latex=(visit_latex, depart_latex),
                 text=(visit_text, depart_text))
    app.add_node(solution_link, latex=(visit_link_latex, None))
    app.add_node(solutions_of_page, latex=(visit_page_latex, depart_page_latex))
    app.add_post_transform(SolutionsAtChapterEnd)
    app.add_node(_marker)
    app.add_directive(START, MarkerDirective)
    app.add_directive(END, MarkerDirective)
    app.add_transform(WrapSolutions)
    app.add_js_file(None, body=PRINT_OPEN)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
