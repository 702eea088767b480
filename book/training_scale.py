"""The scale at which the modern-CNN chapters train (d2l/scaling.py).

conf.py turns ``D2L_SCALE`` into the config value ``d2l_scale``; this
module checks it, hands it to the kernels (which read ``D2L_SCALE`` from
their environment) and makes it part of every page's execution-cache key
(executor.add_helpers_key), so that outputs trained at one scale are never
shown as the other's.
"""

import os

from sphinx.errors import ConfigError

from d2l.scaling import SCALE_ENV, SCALES, ScaleError, check_scale

#: The scale of this build, once the configuration is read.
_configured = SCALES[0]


def configured():
    """Return the scale this build's kernels train at."""
    return _configured


def _apply(app, config):
    global _configured
    try:
        _configured = check_scale(config.d2l_scale)
    except ScaleError as err:
        raise ConfigError(str(err)) from None
    # Kernels are child processes: they inherit the build's environment.
    os.environ[SCALE_ENV] = _configured


def setup(app):
    app.add_config_value("d2l_scale", SCALES[0], "env", types=[str])
    app.connect("config-inited", _apply)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
