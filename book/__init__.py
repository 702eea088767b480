"""The book's Sphinx extension and build tools: one module per concern.

The extension modules are imported in :func:`setup`, so that the build
tools in this package (``python -m book.landing``, ``book.gpu_check``) run
without loading Sphinx.
"""

# layout, languages, glossary_data, landing, dist and gpu_check are plain
# modules (no setup).

import importlib

MODULES = ("build_report", "cell_errors", "cjk_text", "data_checks",
           "execution_log", "executor", "glossary", "icons",
           "language_switch", "notebooks", "offline_math", "page_speed",
           "parallel_execution", "provenance", "search", "social_card",
           "source_checks", "web")


def setup(app):
    app.add_config_value("d2l_language", "zh", "env")
    for name in MODULES:
        importlib.import_module(f".{name}", __name__).setup(app)
    # Parallel-safe: what a read learns about a page lives on the
    # environment (myst-nb's per-page execution data, note_dependency),
    # which Sphinx merges from -j processes; nothing is kept in globals.
    return {"parallel_read_safe": True, "parallel_write_safe": True}
