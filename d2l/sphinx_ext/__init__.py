"""The book's Sphinx extension: one module per concern."""

from . import (cell_errors, execution_log, glossary, language_switch, notebooks,
               offline_math, provenance, search)


def setup(app):
    app.add_config_value("d2l_language", "zh", "env")
    for module in (cell_errors, execution_log, glossary, language_switch,
                   notebooks, offline_math, provenance, search):
        module.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
