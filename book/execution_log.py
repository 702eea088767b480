"""Write which pages this build executed and which came from the cache.

``<outdir>/execution.json`` maps each executed document to its run time
and to whether this build ran it (``executed``), reused a cached run
(``cached``) or did not re-read it (``unchanged``). Tests and benchmarks
read it; the build report page shows the same data.
"""

import json
from pathlib import Path

from myst_nb.sphinx_ import NbMetadataCollector

from . import executor


def page_statuses(app):
    """Return {docname: {status, runtime, succeeded}} for executed pages.

    status is ``executed`` (run by this build), ``cached`` (read by this
    build, outputs from the execution cache) or ``unchanged`` (not re-read).
    """
    env = app.env
    pages = {}
    for docname in sorted(env.found_docs):
        data = NbMetadataCollector.get_exec_data(env, docname)
        if not data:
            continue
        if docname not in app.d2l_read_docs:
            status = "unchanged"
        elif docname in app.d2l_executed_docs:
            status = "executed"
        else:
            status = "cached"
        pages[docname] = {"status": status, "runtime": data["runtime"],
                          "succeeded": data["succeeded"]}
    return pages


def _write_log(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    pages = page_statuses(app)
    report = {
        "language": app.config.d2l_language,
        "executed": sum(p["status"] == "executed" for p in pages.values()),
        "pages": pages,
    }
    path = Path(app.outdir) / "execution.json"
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False),
                    encoding="utf-8")


def _before_read(app, docname, source):
    app.d2l_read_docs.add(docname)
    app.d2l_executions_before = executor.count


def _after_read(app, doctree):
    # Sphinx reads one document at a time (no -j), so any execution
    # between source-read and doctree-read belongs to this document.
    if executor.count > app.d2l_executions_before:
        app.d2l_executed_docs.add(app.env.docname)


def setup(app):
    app.d2l_read_docs, app.d2l_executed_docs = set(), set()
    app.d2l_executions_before = 0
    app.connect("source-read", _before_read)
    app.connect("doctree-read", _after_read)
    app.connect("build-finished", _write_log)
