"""The build report page: how every executed page got its outputs.

``{d2l-build-report}`` becomes a table with one row per executed page: its
run time, whether this build executed it or reused the execution cache,
and the MXNet version and device recorded by the page's provenance cell.
The table is filled in after all pages are read, and the page is rebuilt
every time. ``{d2l-page-weight}`` adds the page-weight budget: the
heaviest pages and assets, measured on the written site.
"""

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import languages, web
from .execution_log import page_statuses
from .notebooks import executed_dir
from .provenance import record_from_notebook

#: Always shown; the provenance fields get a column only where pages differ.
#: A page that trains at a scale (d2l.scale()) records it; others show "–".
COLUMNS = ("page", "status", "runtime", "scale")
PROVENANCE = ("device", "mxnet", "date")


class build_report(nodes.General, nodes.Element):
    """Placeholder, replaced by the table once every page has been read."""


class BuildReportDirective(SphinxDirective):
    def run(self):
        # The page is rebuilt every time (env-get-outdated); which pages
        # hold the report is recorded here, not guessed from the docname.
        pages = getattr(self.env, "d2l_report_pages", set())
        pages.add(self.env.docname)
        self.env.d2l_report_pages = pages
        # The same sentence as the footer: which commit these outputs are of.
        sentence = web.commit_html(self.config.d2l_language,
                                   self.config.d2l_repo_url)
        commit = nodes.raw("", f"<p>{sentence}</p>", format="html")
        return [commit, build_report()]


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


def split_provenance(records):
    """Return (fields equal on every page: {field: value}, the others)."""
    same, differ = {}, []
    for field in PROVENANCE:
        values = {r.get(field, "–") for r in records}
        if len(values) == 1:
            same[field] = values.pop()
        else:
            differ.append(field)
    return same, differ


def _table(app, fromdocname):
    labels = languages.text(app.config.d2l_language, "report")
    statuses = page_statuses(app.env)
    docnames = [d for d in book_order(app.env) if d in statuses]
    records = [record_from_notebook(executed_dir(app) / f"{d}.ipynb")
               for d in docnames]
    same, differ = split_provenance(records)
    columns = (*COLUMNS, *differ)
    group = nodes.tgroup(cols=len(columns))
    group += [nodes.colspec(colwidth=1) for _ in columns]
    group += nodes.thead("", _row(labels[c] for c in columns))
    body = nodes.tbody()
    total = 0.0
    for docname, record in zip(docnames, records):
        info = statuses[docname]
        title = app.env.titles[docname].astext()
        link = nodes.reference(
            "", title, internal=True,
            refuri=app.builder.get_relative_uri(fromdocname, docname))
        runtime = info["runtime"]
        total += runtime or 0.0
        body += _row([
            nodes.paragraph("", "", link), labels[info["status"]],
            f"{runtime:.1f}" if runtime is not None else "–",
            record.get("scale", "–"),
            *(record.get(field, "–") for field in differ)])
    body += _row([labels["total"], "", f"{total:.1f}", "",
                  *("" for _ in differ)])
    group += body
    table = nodes.table("", group, classes=["d2l-build-report"])
    if not same:
        return [table]
    shared = labels["same_for_all"] + labels["sep"].join(
        f"{labels[field]}{labels['colon']}{value}"
        for field, value in same.items()) + labels["end"]
    return [nodes.paragraph("", shared, classes=["d2l-build-report-shared"]),
            table]


def _fill(app, doctree, docname):
    for placeholder in list(doctree.findall(build_report)):
        placeholder.replace_self(_table(app, docname))


def _purge(app, env, docname):
    getattr(env, "d2l_report_pages", set()).discard(docname)


def _merge(app, env, docnames, other):
    env.d2l_report_pages = (getattr(env, "d2l_report_pages", set()) |
                            (getattr(other, "d2l_report_pages", set()) &
                             set(docnames)))


def _report_pages(env):
    return sorted(getattr(env, "d2l_report_pages", ()))


def setup(app):
    app.add_node(build_report)
    app.add_directive("d2l-build-report", BuildReportDirective)
    app.connect("doctree-resolved", _fill)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated",
                lambda app, env, added, changed, removed: _report_pages(env))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
