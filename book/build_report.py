"""The build report page: how every executed page got its outputs.

``{d2l-build-report}`` becomes a table with one row per executed page: its
run time, whether this build executed it or reused the execution cache,
and the MXNet version and device recorded by the page's provenance cell.
The table is filled in after all pages are read, and the page is rebuilt
every time.
"""

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .execution_log import page_statuses
from .notebooks import executed_dir
from .provenance import record_from_notebook

LABELS = {
    "zh": {"page": "页面", "status": "来源", "runtime": "运行时间（秒）",
           "device": "设备", "mxnet": "MXNet", "date": "日期",
           "executed": "本次构建执行", "cached": "执行缓存",
           "unchanged": "未变（沿用上次构建）"},
    "en": {"page": "Page", "status": "Outputs from", "runtime": "Run time (s)",
           "device": "Device", "mxnet": "MXNet", "date": "Date",
           "executed": "executed by this build", "cached": "execution cache",
           "unchanged": "unchanged (previous build)"},
}
COLUMNS = ("page", "status", "runtime", "device", "mxnet", "date")


class build_report(nodes.General, nodes.Element):
    """Placeholder, replaced by the table once every page has been read."""


class BuildReportDirective(SphinxDirective):
    def run(self):
        return [build_report()]


def _row(cells):
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell if isinstance(cell, nodes.Node) else nodes.paragraph(
            "", str(cell))
        row += entry
    return row


def book_order(env):
    """Return docnames in reading order: a walk of the toctree from the root."""
    order, seen = [], set()

    def visit(docname):
        if docname in seen:
            return
        seen.add(docname)
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(env.config.root_doc)
    return order + sorted(env.found_docs - seen)


def _table(app, fromdocname):
    labels = LABELS[app.config.d2l_language]
    group = nodes.tgroup(cols=len(COLUMNS))
    group += [nodes.colspec(colwidth=1) for _ in COLUMNS]
    group += nodes.thead("", _row(labels[c] for c in COLUMNS))
    body = nodes.tbody()
    statuses = page_statuses(app.env)
    for docname in (d for d in book_order(app.env) if d in statuses):
        info = statuses[docname]
        record = record_from_notebook(executed_dir(app) / f"{docname}.ipynb")
        title = app.env.titles[docname].astext()
        link = nodes.reference(
            "", title, internal=True,
            refuri=app.builder.get_relative_uri(fromdocname, docname))
        runtime = info["runtime"]
        body += _row([
            nodes.paragraph("", "", link),
            labels[info["status"]],
            f"{runtime:.1f}" if runtime is not None else "–",
            record.get("device", "–"), record.get("mxnet", "–"),
            record.get("date", "–"),
        ])
    group += body
    return nodes.table("", group, classes=["d2l-build-report"])


def _fill(app, doctree, docname):
    for placeholder in list(doctree.findall(build_report)):
        placeholder.replace_self(_table(app, docname))


def _report_pages(env):
    return [d for d in env.found_docs if d.endswith("build-report")]


def setup(app):
    app.add_node(build_report)
    app.add_directive("d2l-build-report", BuildReportDirective)
    app.connect("doctree-resolved", _fill)
    app.connect("env-get-outdated",
                lambda app, env, added, changed, removed: _report_pages(env))
