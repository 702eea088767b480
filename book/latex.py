"""The book as a PDF: Sphinx's LaTeX builder, typeset with XeLaTeX.

conf.py takes its ``latex_*`` values from :func:`documents` and
:func:`elements`; this module also marks where the appendix starts
(the root toctrees after the first: glossary, references, build report).

* Fonts: FreeSerif/FreeSans (Sphinx's XeLaTeX defaults, Debian's
  fonts-freefont-otf) and DejaVu Sans Mono for code; Chinese through
  ctex (xeCJK) in the Noto CJK fonts the plots use (fonts-noto-cjk).
* Code and outputs never run off the page: lines wrap at spaces and
  punctuation, and are forced to wrap where there is none, each
  continuation marked with a small arrow.
* Equations are numbered per page, (1), (2), ..., as on the site (a page
  is a section; a part's own page is a chapter).
* Plots and figures are SVG on the site; book/svg_images.py converts them
  to PDF at build time, so they stay vector graphics.
"""

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import languages
from .page_weight_report import WEIGHT_MARKER

#: Chinese in the Noto CJK fonts (fonts-noto-cjk), Simplified Chinese
#: faces of Debian's collections by index (their family names would pick
#: the Japanese face), Western text in the fonts Sphinx's XeLaTeX
#: settings expect.
CJK_FONTS = r"""
\usepackage[fontset=none,heading=false,scheme=chinese]{ctex}
\setCJKmainfont{NotoSerifCJK-Regular.ttc}[Path=/usr/share/fonts/opentype/noto/,
  FontIndex=2, BoldFont=NotoSerifCJK-Bold.ttc, BoldFeatures={FontIndex=2}]
\setCJKsansfont{NotoSansCJK-Regular.ttc}[Path=/usr/share/fonts/opentype/noto/,
  FontIndex=2, BoldFont=NotoSansCJK-Bold.ttc, BoldFeatures={FontIndex=2}]
\setCJKmonofont{NotoSansCJK-Regular.ttc}[Path=/usr/share/fonts/opentype/noto/,
  FontIndex=7]
"""

MONO_FONT = r"""
\setmonofont{DejaVu Sans Mono}[Scale=0.84]
"""

#: Per-page equation numbers, as the site shows them.
PREAMBLE = r"""
\makeatletter
\@addtoreset{equation}{section}
\makeatother
\renewcommand{\theequation}{\arabic{equation}}
\setcounter{tocdepth}{1}
\setcounter{secnumdepth}{1}
"""

def documents(lang, root_doc="index"):
    """latex_documents: one book per language, d2l-<lang>.tex. Only the
    root page's toctrees go in (its intro is the site's welcome)."""
    return [(root_doc, f"d2l-{lang}.tex", languages.text(lang, "title"),
             languages.text(lang, "author"), "manual", True)]


def elements(lang):
    """latex_elements for one language."""
    pdf_lang = languages.text(lang, "html_lang")
    settings = {
        "papersize": "a4paper",
        "pointsize": "10pt",
        # No index: the glossary is the book's index of terms.
        "printindex": "",
        "makeindex": "",
        "fncychap": r"\usepackage[Sonny]{fncychap}",
        "sphinxsetup": ",".join([
            "verbatimwrapslines=true", "verbatimforcewraps=true",
            "verbatimmaxoverfull=0", "verbatimmaxunderfull=0",
            "verbatimhintsturnover=false",
            "hmargin={2cm,2cm}", "vmargin={2.2cm,2.2cm}",
        ]),
        "preamble": (MONO_FONT + PREAMBLE + languages.text(lang, "latex_preamble") +
                     r"\hypersetup{pdflang={" + pdf_lang + r"}," +
                     r"pdfcreator={Sphinx + XeLaTeX}}" + "\n"),
        "extrapackages": "",
    }
    if lang == "zh":
        settings.update({
            "babel": "", "polyglossia": "",
            "fontenc": r"\usepackage{fontspec}" + CJK_FONTS,
            "fncychap": "",
            "fvset": r"\fvset{fontsize=\small,formatcom=\xeCJKVerbAddon}",
        })
    else:
        settings["fvset"] = r"\fvset{fontsize=\small}"
    return settings


def appendix_docs(env):
    """The pages of the root's toctrees after the first (the Appendix)."""
    tree = env.get_doctree(env.config.root_doc)
    toctrees = list(tree.findall(addnodes.toctree))
    return {entry[1] for toctree in toctrees[1:]
            for entry in toctree["entries"]}


class MarkAppendix(SphinxPostTransform):
    """Start the appendix (\\appendix) before the first appendix page."""

    builders = ("latex",)
    default_priority = 900

    def run(self, **kwargs):
        if self.document.get("docname") != self.config.root_doc:
            return  # one page, not the assembled book
        appendix = appendix_docs(self.env)
        for node in self.document.findall(addnodes.start_of_file):
            if node["docname"] in appendix:
                node.parent.insert(node.parent.index(node), nodes.raw(
                    "", "\n\\appendix\n", format="latex"))
                return


def bibliography_docs(env):
    """The pages with a bibliography directive (sphinxcontrib-bibtex)."""
    return {key.docname for key in env.get_domain("cite").bibliographies}


class BibliographyInPlace(SphinxPostTransform):
    """Put the bibliography where the site has it (the References page)
    instead of after the appendix, where Sphinx gathers it; the page's
    own title and intro give way to the bibliography's chapter."""

    builders = ("latex",)
    default_priority = 910  # after Sphinx's BibliographyTransform (750)

    def run(self, **kwargs):
        if self.document.get("docname") != self.config.root_doc:
            return
        found = list(self.document.findall(thebibliography))
        docs = bibliography_docs(self.env)
        for page in self.document.findall(addnodes.start_of_file):
            if page["docname"] in docs and found:
                bibliography = found[0]
                bibliography.parent.remove(bibliography)
                page.children = []
                page += bibliography
                return


class WebOnlySections(SphinxPostTransform):
    """Leave out sections that only the site can fill (page weight)."""

    builders = ("latex",)
    default_priority = 920

    def run(self, **kwargs):
        for raw in list(self.document.findall(nodes.raw)):
            if WEIGHT_MARKER in raw.astext() and \
                    isinstance(raw.parent, nodes.section):
                raw.parent.parent.remove(raw.parent)


def setup(app):
    app.add_post_transform(MarkAppendix)
    app.add_post_transform(BibliographyInPlace)
    app.add_post_transform(WebOnlySections)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
