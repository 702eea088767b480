"""The book's Sphinx extension: one module per concern."""

from . import execution_log, language_switch, provenance, search


def setup(app):
    app.add_config_value("d2l_language", "zh", "env")
    for module in (execution_log, language_switch, provenance, search):
        module.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
