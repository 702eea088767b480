"""Record which software and hardware produced a page's outputs.

The last cell of every executed page calls :func:`provenance`. Its output
is stored with the page's other outputs, so it stays true when the page
comes from the execution cache. The book's Sphinx extension turns the
language-neutral record into a sentence in the page's language.
"""

import datetime
import html
import json
import platform

#: HTML class that the Sphinx extension looks for.
CSS_CLASS = "d2l-provenance"


class Provenance:
    """MXNet version, device, time and (for pages that train at a scale)
    training scale of an execution."""

    def __init__(self, mxnet, device, python, date, scale=None):
        self.record = {
            "mxnet": mxnet, "device": device, "python": python, "date": date,
        }
        if scale:
            self.record["scale"] = scale

    def __repr__(self):
        r = self.record
        scale = f" | {r['scale']} scale" if "scale" in r else ""
        return f"MXNet {r['mxnet']} | {r['device']}{scale} | {r['date']}"

    def _repr_html_(self):
        payload = html.escape(json.dumps(self.record, sort_keys=True))
        return (f'<p class="{CSS_CLASS}" data-provenance="{payload}">'
                f"{html.escape(repr(self))}</p>")


def provenance():
    """Describe the MXNet build and the device this kernel computes on."""
    # Imported here so that the book's Sphinx extension can read CSS_CLASS
    # without loading MXNet.
    import mxnet as mx

    from . import device as _device
    from . import scaling

    now = datetime.datetime.now(datetime.UTC)
    return Provenance(
        mxnet=mx.__version__,
        device=_device.describe(_device.get_device()),
        python=platform.python_version(),
        date=now.strftime("%Y-%m-%d"),
        scale=scaling.scale_used(),
    )
