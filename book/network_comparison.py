"""The modern-CNN comparison: a table and a plot of the networks that the
part's pages built and trained.

Each network's page glues ``network_summary`` (d2l.network_summary): the
network's size at its published input size and what training it at the
build's scale gave. ``{d2l-network-comparison}``, whose lines name those
pages relative to the page that holds it, becomes after all pages are
read:

* a table: parameters, multiply-accumulates, the scale trained at, seconds
  per epoch and the test accuracy reached;
* a plot of test accuracy against training time, drawn here in the page's
  language and written to the output's ``_images/``.

The numbers are the executed pages' own, so the table cannot drift from
them; the page is rebuilt every time, like the build report.
"""

import ast
import json
from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import languages, svg_images
from .build_report import _row  # one table row, as the build report builds it
from .notebooks import executed_dir

logger = logging.getLogger(__name__)

#: The glue key that each network's page sets.
GLUE_KEY = "network_summary"


class network_comparison(nodes.General, nodes.Element):
    """Placeholder for the table and plot, filled once every page is read."""


class NetworkComparisonDirective(SphinxDirective):
    has_content = True

    def run(self):
        folder = PurePosixPath(self.env.docname).parent
        pages = getattr(self.env, "d2l_comparison_pages", set())
        pages.add(self.env.docname)
        self.env.d2l_comparison_pages = pages
        node = network_comparison()
        node["docnames"] = [str(folder / line.strip())
                            for line in self.content if line.strip()]
        return [node]


def read_summary(glue_path):
    """Return the network_summary a page glued, or None."""
    try:
        glued = json.loads(Path(glue_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if GLUE_KEY not in glued:
        return None
    # glue(..., display=False) stores the repr of the JSON string.
    return json.loads(ast.literal_eval(glued[GLUE_KEY]["data"]["text/plain"]))


def table(app, fromdocname, summaries):
    """Return the comparison table of (docname, summary) pairs."""
    words = languages.text(app.config.d2l_language, "comparison")
    columns = ("network", "params", "macs", "input", "scale", "epoch_time",
               "test_acc")
    group = nodes.tgroup(cols=len(columns))
    group += [nodes.colspec(colwidth=1) for _ in columns]
    group += nodes.thead("", _row(words[c] for c in columns))
    body = nodes.tbody()
    for docname, s in summaries:
        link = nodes.reference(
            "", s["name"], internal=True,
            refuri=app.builder.get_relative_uri(fromdocname, docname))
        body += _row([nodes.paragraph("", "", link),
                      f"{s['params'] / 1e6:.2f}", f"{s['macs'] / 1e9:.3f}",
                      "×".join(map(str, s["input_shape"][1:])),
                      words[f"{s['scale']}_scale"],
                      f"{s['epoch_time']:.1f}", f"{s['test_acc']:.3f}"])
    group += body
    return nodes.table("", group, classes=["d2l-network-comparison"])


def summary_sentence(lang, summaries):
    """Return the sentence that names the most accurate, the fastest and
    the largest network."""
    rows = [s for _, s in summaries]
    best = max(rows, key=lambda s: s["test_acc"])
    fastest = min(rows, key=lambda s: s["epoch_time"])
    largest = max(rows, key=lambda s: s["params"])
    return languages.text(lang, "comparison")["summary"].format(
        best=best["name"], acc=f"{best['test_acc']:.3f}",
        fastest=fastest["name"], seconds=f"{fastest['epoch_time']:.1f}",
        largest=largest["name"], params=f"{largest['params'] / 1e6:.1f}")


def draw(summaries, lang, path):
    """Draw test accuracy against training time to an SVG file at path."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from d2l.plotting import use_book_style

    use_book_style()
    words = languages.text(lang, "comparison")
    fig, ax = plt.subplots(figsize=(5.5, 3.5))
    for _, s in summaries:
        ax.scatter(s["train_time"], s["test_acc"], color="C0")
        ax.annotate(s["name"], (s["train_time"], s["test_acc"]),
                    textcoords="offset points", xytext=(5, 4), fontsize=9)
    ax.set_xlabel(words["plot_x"])
    ax.set_ylabel(words["plot_y"])
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def _fill(app, doctree, fromdocname):
    for node in list(doctree.findall(network_comparison)):
        summaries = []
        for docname in node["docnames"]:
            summary = read_summary(executed_dir(app) / f"{docname}.glue.json")
            if summary is None:
                if docname in app.env.found_docs:
                    logger.warning(f"{docname} glues no {GLUE_KEY} (see "
                                   "d2l.network_summary)",
                                   location=fromdocname)
                continue
            summaries.append((docname, summary))
        if not summaries:
            node.replace_self([])
            continue
        lang = app.config.d2l_language
        name = f"network-comparison-{lang}.svg"
        draw(summaries, lang, Path(app.outdir) / "_images" / name)
        uri = app.builder.get_relative_uri(fromdocname, "index")
        base = uri.rsplit("/", 1)[0] + "/" if "/" in uri else ""
        alt = languages.text(lang, "comparison")["alt"]
        figure = nodes.raw("", f'<figure class="d2l-network-comparison-plot">'
                           f'<img src="{base}_images/{name}" alt="{alt}" '
                           f'loading="lazy"/></figure>', format="html")
        if app.builder.format == "latex":
            # The PDF: the same plot as vector PDF (book/svg_images.py).
            pdf = Path(app.outdir) / name.replace(".svg", ".pdf")
            svg_images.convert_file(Path(app.outdir) / "_images" / name, pdf)
            figure = nodes.raw("", "\n\\begin{center}\\sphinxincludegraphics"
                               f"{{{{{pdf.stem}}}.pdf}}\\end{{center}}\n",
                               format="latex")
        sentence = nodes.paragraph("", summary_sentence(lang, summaries))
        node.replace_self([sentence, table(app, fromdocname, summaries),
                           figure])


def _purge(app, env, docname):
    getattr(env, "d2l_comparison_pages", set()).discard(docname)


def _merge(app, env, docnames, other):
    env.d2l_comparison_pages = (
        getattr(env, "d2l_comparison_pages", set()) |
        (getattr(other, "d2l_comparison_pages", set()) & set(docnames)))


def setup(app):
    app.add_node(network_comparison)
    app.add_directive("d2l-network-comparison", NetworkComparisonDirective)
    app.connect("doctree-resolved", _fill)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", lambda app, env, added, changed, removed:
                sorted(getattr(env, "d2l_comparison_pages", ())))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
