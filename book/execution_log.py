"""Write which pages this build executed and which came from the cache.

``<outdir>/execution.json`` maps each executed document to its run time
and to whether this build ran it (``executed``), reused a cached run
(``cached``) or did not re-read it (``unchanged``). Tests and benchmarks
read it; the build report page shows the same data.

Nothing here depends on the order of events in one process: the status
of a read page is in its own execution data (book/executor.py), which
myst-nb merges from ``-j`` processes, and the set of pages this build
reads is decided once, in the main process, before reading starts.
"""

import json
from pathlib import Path

from myst_nb.sphinx_ import NbMetadataCollector

from . import executor, layout


def page_statuses(env):
    """Return {docname: {status, runtime, succeeded}} for executed pages.

    status is ``executed`` (run by this build), ``cached`` (read by this
    build, outputs from the execution cache) or ``unchanged`` (not re-read).
    """
    read = getattr(env, "d2l_read_docs", set())
    pages = {}
    for docname in sorted(env.found_docs):
        data = NbMetadataCollector.get_exec_data(env, docname)
        if not data:
            continue
        status = executor.status(env, docname) if docname in read \
            else "unchanged"
        pages[docname] = {"status": status, "runtime": data["runtime"],
                          "succeeded": data["succeeded"]}
    return pages


def summary(language, pages):
    """Return the execution.json record for one build."""
    return {
        "language": language,
        "executed": sum(p["status"] == "executed" for p in pages.values()),
        "pages": pages,
    }


def _note_reads(app, env, docnames):
    # Called once per build, before any (parallel) read.
    env.d2l_read_docs = set(docnames)


def _write_log(app, exception):
    if exception is not None or app.builder.name != "html":
        return
    record = summary(app.config.d2l_language, page_statuses(app.env))
    path = Path(app.outdir) / layout.EXECUTION_LOG
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False),
                    encoding="utf-8")


def setup(app):
    app.connect("env-before-read-docs", _note_reads, priority=900)
    app.connect("build-finished", _write_log)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
