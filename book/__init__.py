"""The book's Sphinx extension: one module per concern."""

from . import (build_report, cell_errors, cjk_text, execution_log, executor,
               glossary, language_switch, notebooks, offline_math,
               provenance, search, source_checks)

# layout, languages, glossary_data and landing are plain modules (no setup).

MODULES = (build_report, cell_errors, cjk_text, execution_log, executor,
           glossary, language_switch, notebooks, offline_math,
           provenance, search, source_checks)


def setup(app):
    app.add_config_value("d2l_language", "zh", "env")
    for module in MODULES:
        module.setup(app)
    # Parallel-safe: what a read learns about a page lives on the
    # environment (myst-nb's per-page execution data, note_dependency),
    # which Sphinx merges from -j processes; nothing is kept in globals.
    return {"parallel_read_safe": True, "parallel_write_safe": True}
