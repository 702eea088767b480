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

COLUMNS = ("page", "status", "runtime", "device", "mxnet", "date")


class build_report(nodes.General, nodes.Element):
    """Placeholder, replaced by the table once every page has been read."""


class BuildReportDirective(SphinxDirective):
    def run(self):
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


def _table(app, fromdocname):
    labels = languages.text(app.config.d2l_language, "report")
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
    setup_page_weight(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# -- page weight -------------------------------------------------------------
# ``{d2l-page-weight}`` becomes tables of what the built pages weigh
# (book/page_weight.py): they can only be measured once every page and
# asset is written, so the directive leaves a marker that build-finished
# replaces in the written HTML.

WEIGHT_MARKER = "<!-- d2l-page-weight -->"


class PageWeightDirective(SphinxDirective):
    def run(self):
        return [nodes.raw("", f'<div class="d2l-page-weight">{WEIGHT_MARKER}'
                          "</div>", format="html")]


def _html_table(head, rows):
    from html import escape

    def cell(value, tag):
        text = value if isinstance(value, tuple) else (str(value), None)
        label, href = text
        inner = (f'<a href="{escape(href)}">{escape(label)}</a>' if href
                 else escape(label))
        return f"<{tag}>{inner}</{tag}>"
    # The theme's wrapper: a wide table scrolls on a phone.
    out = ['<div class="pst-scrollable-table-container">'
           '<table class="table d2l-page-weight-table"><thead><tr>']
    out += [cell(h, "th") for h in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(cell(v, "td") for v in row) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def page_weight_html(site, labels, top=10):
    """The page-weight tables for the pages under ``site``."""
    from html import escape
    from pathlib import Path

    from . import page_weight as pw

    site = Path(site)
    weights = pw.site_weights(site)
    kib = lambda b: f"{b / 1024:.1f}"  # noqa: E731
    ranked = sorted(weights.items(), key=lambda kv: -kv[1][0])
    over = [p for p, (t, _) in ranked if t > pw.BUDGET_KIB * 1024]
    page0, (total0, _) = ranked[0]
    summary = labels["summary"].format(
        n=len(weights), page=page0, kib=kib(total0), budget=pw.BUDGET_KIB,
        over=", ".join(over) or labels["none"])
    rows = []
    for page, (total, sizes) in ranked[:top]:
        path = (site / page).resolve()
        others = {p: s for p, s in sizes.items() if p != path}
        big = max(others, key=others.get)
        rows.append([(page, page), kib(total), kib(sizes[path]),
                     f"{big.relative_to(site.resolve())} ({kib(others[big])})"])
    assets, users = {}, {}
    for _, sizes in weights.values():
        for path, size in sizes.items():
            if path.suffix != ".html":
                assets[path] = size
                users[path] = users.get(path, 0) + 1
    asset_rows = [[str(p.relative_to(site.resolve())), kib(s), users[p]]
                  for p, s in sorted(assets.items(), key=lambda kv: -kv[1])[:top]]
    lazy = {}
    for page in weights:
        for path, size in pw.lazy_images(site / page, site).items():
            lazy.setdefault(path, (size, page))
    lazy_rows = [[str(p.relative_to(site.resolve())), kib(s), (page, page)]
                 for p, (s, page) in sorted(lazy.items(),
                                            key=lambda kv: -kv[1][0])[:5]]
    return "".join([
        f"<p>{escape(summary)}</p>",
        _html_table([labels["page"], labels["total"], labels["html"],
                     labels["heaviest"]], rows),
        _html_table([labels["asset"], labels["kib"], labels["pages"]],
                    asset_rows),
        _html_table([labels["image"], labels["kib"], labels["on"]], lazy_rows)
        if lazy_rows else "",
    ])


def _fill_page_weight(app, exception):
    from pathlib import Path

    if exception is not None or app.builder.format != "html":
        return
    for docname in _report_pages(app.env):
        path = Path(app.outdir) / f"{docname}.html"
        if not path.is_file():
            continue
        html = path.read_text(encoding="utf-8")
        if WEIGHT_MARKER not in html:
            continue
        tables = page_weight_html(app.outdir,
                                  languages.text(app.config.d2l_language, "weight"))
        path.write_text(html.replace(WEIGHT_MARKER, tables), encoding="utf-8")


def setup_page_weight(app):
    app.add_directive("d2l-page-weight", PageWeightDirective)
    # After book/icons.py has cut the icon font (its size counts).
    app.connect("build-finished", _fill_page_weight, priority=800)
