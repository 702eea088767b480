"""Tell the reader, under each executed page's title, what the page took.

For example "CPU · 41 s on this build", and on a page that trains at a
scale (d2l.scale()) also "CPU scale; GPU recommended for the full scale".
The run time and status are the build report's (book/execution_log.py);
the device and scale are those of the page's provenance record, so the
line describes the run that really produced the outputs. The provenance
line at the page's end stays.
"""

from docutils import nodes

from . import languages
from .execution_log import page_statuses
from .notebooks import executed_dir
from .provenance import record_from_notebook

CSS_CLASS = "d2l-page-cost"


def cost_sentence(lang, status, runtime, record):
    """Return the line for a page, from its status, run time and record."""
    words = languages.text(lang, "cost")
    parts = []
    device = record.get("device", "")
    if device:
        parts.append(device.split(":")[0])  # "CPU: AMD EPYC (2 cores)"
    if runtime is not None:
        key = "executed" if status == "executed" else "cached"
        parts.append(words[key].format(seconds=f"{runtime:.0f}"))
    scale = record.get("scale")
    if scale:
        parts.append(words["full_scale" if scale == "full" else "cpu_scale"])
    return words["sep"].join(parts)


def _add_line(app, doctree, docname):
    info = page_statuses(app.env).get(docname)
    if info is None:
        return
    record = record_from_notebook(executed_dir(app) / f"{docname}.ipynb")
    sentence = cost_sentence(app.config.d2l_language, info["status"],
                             info["runtime"], record)
    title = next(doctree.findall(nodes.title), None)
    if not sentence or title is None:
        return
    title.parent.insert(title.parent.index(title) + 1, nodes.paragraph(
        "", sentence, classes=[CSS_CLASS]))


def setup(app):
    app.connect("doctree-resolved", _add_line)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
