"""Write which pages this build executed and which came from the cache.

``<outdir>/execution.json`` maps each executed document to its run time
and to whether this build ran it (``executed``) or reused a cached run
(``cached``). Tests and the build report read it.
"""

import json
import time
from pathlib import Path

from myst_nb.sphinx_ import NbMetadataCollector


def _start_clock(app):
    app.d2l_build_started = time.time()


def _write_log(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    env = app.env
    pages = {}
    for docname in sorted(env.found_docs):
        data = NbMetadataCollector.get_exec_data(env, docname)
        if not data:
            continue
        ran_now = data["mtime"] >= app.d2l_build_started and data["runtime"] is not None
        was_read = docname in app.d2l_read_docs
        pages[docname] = {
            "status": "executed" if (was_read and ran_now) else "cached",
            "runtime": data["runtime"],
            "succeeded": data["succeeded"],
        }
    report = {
        "language": app.config.d2l_language,
        "executed": sum(p["status"] == "executed" for p in pages.values()),
        "pages": pages,
    }
    path = Path(app.outdir) / "execution.json"
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False),
                    encoding="utf-8")


def _note_read(app, docname, source):
    app.d2l_read_docs.add(docname)


def setup(app):
    app.d2l_read_docs = set()
    app.connect("builder-inited", _start_clock)
    app.connect("source-read", _note_read)
    app.connect("build-finished", _write_log)
